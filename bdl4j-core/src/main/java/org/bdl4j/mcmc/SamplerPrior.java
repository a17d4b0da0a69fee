package org.bdl4j.mcmc;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bdl4j.nn.Network;
import org.bdl4j.options.EnumNames;
import org.bdl4j.options.OptionDescriptor;
import org.bdl4j.options.OptionValues;
import org.bdl4j.options.Rule;
import org.bdl4j.train.MapPosterior;
import org.bdl4j.train.TrainingOptions;

/**
 * Which {@link GaussianWeightPrior} HMC and SGLD sample under, and how the default chooses it.
 *
 * <p>A sampler draws from the posterior of its prior faithfully, so its predictive is only as good as
 * that prior, and no one prior suits every data set. Under the uniform N(0, 1) the MAP was trained with
 * (weight decay 1/N), the exact posterior of a network with 50-unit layers over-fits small data: on
 * generated 100-2,000-row sets HMC's test NLL reached 1.6-2.5 times the early-stopped MAP's, with the
 * samples concentrated on weights that the MAP's early stop never reached. The fan-in prior removes
 * that, and under-fits instead where the function needs large weights (two moons, spirals: 6-15 times
 * the uniform prior's NLL). A network's marginal likelihood is out of a sampler's reach, so the default
 * ({@link Family#AUTO}) chooses on held-out rows, an empirical Bayes step by predictive likelihood:
 * when the request has validation rows, the chains run under each of three candidates (the MAP's
 * uniform prior; fan-in with s = 1 and s = 3) and the run whose samples give the lowest validation NLL
 * is kept; its diagnostics list every candidate's validation NLL ({@code priorSearch}). HMC runs the
 * candidates' chains as one batch (about 1.3 times one prior's cost on small networks), SGLD one chain
 * per candidate. Without validation rows, or when the user gave {@code --prior-precision} or
 * {@code --prior-scale}, one prior is used: the one given, else the MAP's.
 */
public final class SamplerPrior {
    /** The fan-in scales s that {@link Family#AUTO} tries beside the MAP's prior. */
    static final double[] AUTO_SCALES = {1, 3};

    public static final OptionDescriptor<Family> FAMILY = OptionDescriptor.choice("weight-prior", Family.class,
            Family.AUTO).withHelp("HMC, SGLD: the prior sampled under: uniform N(0, 1/λ) (λ = --prior-precision,"
                    + " else the MAP's), fan-in N(0, s/fan-in) on weights and N(0, 1) on biases (s = --prior-scale),"
                    + " or auto: the one of the MAP's, fan-in s = 1 and s = 3 whose samples predict the validation"
                    + " rows best.");
    public static final OptionDescriptor<Double> SCALE = OptionDescriptor.number("prior-scale", null)
            .withRule(Rule.greaterThan(0)).withLabel("s").withDefaultText("1; auto: 1 or 3")
            .withHelp("HMC, SGLD: s of the fan-in prior N(0, s/fan-in).");
    /** λ of the uniform prior as the settings of a model record it. */
    public static final OptionDescriptor<Double> PRECISION = OptionDescriptor.number("prior-precision", null)
            .withRule(Rule.atLeast(0.0)).withDefaultText("the MAP's");

    /** The prior families; {@link #AUTO} chooses between the other two. */
    public enum Family {
        /** Chosen on the validation rows (see {@link SamplerPrior}). */
        AUTO,
        /** N(0, 1/λ) on every parameter. */
        UNIFORM,
        /** N(0, s/fan-in) on weights, N(0, 1) on biases. */
        FAN_IN;

        public String cliName() {
            return EnumNames.of(this);
        }
    }

    private final Family family;
    private final Double precision;
    private final Double scale;

    private SamplerPrior(Family family, Double precision, Double scale) {
        this.family = java.util.Objects.requireNonNull(family, "family");
        this.precision = precision;
        this.scale = scale;
        if (precision != null) {
            PRECISION.check(precision);
        }
        if (scale != null) {
            SCALE.check(scale);
        }
        if (family == Family.UNIFORM && scale != null) {
            throw new IllegalArgumentException("--prior-scale is the fan-in prior's; --weight-prior uniform takes"
                    + " --prior-precision");
        }
        if (family == Family.FAN_IN && precision != null) {
            throw new IllegalArgumentException("--prior-precision is the uniform prior's; --weight-prior fan-in takes"
                    + " --prior-scale");
        }
        if (family == Family.AUTO && precision != null && scale != null) {
            throw new IllegalArgumentException("give --prior-precision (uniform prior) or --prior-scale (fan-in"
                    + " prior), not both");
        }
    }

    /**
     * @param precision λ of the uniform prior, or null for the MAP's
     * @param scale s of the fan-in prior, or null for 1 (or, with {@link Family#AUTO}, the search)
     */
    public static SamplerPrior of(Family family, Double precision, Double scale) {
        return new SamplerPrior(family, precision, scale);
    }

    /** The default: {@link Family#AUTO}, nothing given. */
    public static SamplerPrior auto() {
        return new SamplerPrior(Family.AUTO, null, null);
    }

    /** From {@code --weight-prior}, {@code --prior-precision} and {@code --prior-scale}. */
    static SamplerPrior fromOptions(OptionValues o) {
        return new SamplerPrior(o.get(FAMILY), o.isSet(TrainingOptions.PRIOR_PRECISION)
                ? o.get(TrainingOptions.PRIOR_PRECISION) : null, o.get(SCALE));
    }

    public Family family() {
        return family;
    }

    /**
     * The priors to run under: with {@link Family#AUTO} and {@code validationRows}, the MAP's uniform
     * prior and fan-in with each of {@link #AUTO_SCALES}, unless λ or s was given; otherwise one.
     */
    List<GaussianWeightPrior> candidates(MapPosterior map, Network net, boolean validationRows) {
        List<GaussianWeightPrior> out = new ArrayList<>();
        boolean search = family == Family.AUTO && precision == null && scale == null && validationRows;
        if (family == Family.UNIFORM || (family == Family.AUTO && scale == null)) {
            out.add(GaussianWeightPrior.uniform(map.priorPrecision(precision), net.parameterCount()));
        }
        if (family == Family.FAN_IN || (family == Family.AUTO && scale != null)) {
            out.add(GaussianWeightPrior.fanIn(net, scale == null ? 1 : scale));
        }
        if (search) {
            for (double s : AUTO_SCALES) {
                out.add(GaussianWeightPrior.fanIn(net, s));
            }
        }
        return out;
    }

    /** The settings of a model sampled under {@code chosen}: the family and its λ or s. */
    static Map<String, String> describe(OptionValues settings, GaussianWeightPrior chosen) {
        OptionValues v = settings.with(FAMILY, chosen.family());
        return (chosen.family() == Family.UNIFORM ? v.with(PRECISION, chosen.value())
                : v.with(SCALE, chosen.value())).describe();
    }

    /**
     * The chains of one run under one prior, their diagnostics and warnings, and the mean NLL of their
     * predictive on the validation rows (NaN without).
     */
    record Run(GaussianWeightPrior prior, List<float[]> samples, JsonObject info, List<String> warnings,
            double validationNll) {}

    /**
     * The run with the lowest validation NLL among runs under the candidates (the first when there is
     * one run or no validation rows); its diagnostics gain {@code prior} and, when several ran,
     * {@code priorSearch} (each candidate's validation NLL).
     */
    static Run best(List<Run> runs) {
        Run best = null;
        JsonObject table = new JsonObject();
        for (Run r : runs) {
            table.addProperty(r.prior().describe(), r.validationNll());
            if (best == null || r.validationNll() < best.validationNll()) {
                best = r;
            }
        }
        best.info().addProperty("prior", best.prior().describe());
        if (runs.size() > 1) {
            best.info().add("priorSearch", table);
        }
        return best;
    }
}
