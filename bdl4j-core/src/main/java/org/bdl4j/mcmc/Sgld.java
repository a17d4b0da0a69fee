package org.bdl4j.mcmc;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.Splits;
import org.bdl4j.math.Vectors;
import org.bdl4j.metrics.PairedComparison;
import org.bdl4j.metrics.PredictiveReports;
import org.bdl4j.nn.DropoutMode;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.Seeds;
import org.bdl4j.options.OptionValues;
import org.bdl4j.train.FitChecks;
import org.bdl4j.train.MapPosterior;
import org.bdl4j.train.NllGradient;
import org.bdl4j.train.StiffestCurvature;

/**
 * Stochastic gradient Langevin dynamics (Welling &amp; Teh, ICML 2011) and its cyclical variant
 * (cSG-MCMC; Zhang, Li, Zhang, Chen &amp; Wilson, ICLR 2020), started from the MAP weights.
 *
 * <p>With the potential U(θ) = Σ_{n=1}^{N} -log p(y_n | x_n, θ) + R(θ), R(θ) = (1/2) Σ_i λ_i θ_i² the
 * Gaussian prior of {@link SamplerPrior} (by default chosen on the validation rows), estimated on a
 * minibatch B of size |B| by Û(θ) = (N/|B|) Σ_{b ∈ B} -log p(y_b | x_b, θ) + R(θ) (the sum NLL
 * scaled by N/|B|, so that E[∇Û] = ∇U), each step is
 *
 * <pre>
 *   θ ← θ - (ε_k/2) ∇Û(θ) + η_k,     η_k ~ N(0, ε_k I).
 * </pre>
 *
 * <ul>
 *   <li>Constant schedule: ε_k = ε; the first {@code burnIn} steps are discarded, then every
 *       {@code thinning}-th θ is kept until S samples are held.
 *   <li>Cyclical schedule with M cycles of L steps: ε_k = (ε/2)(cos(π · (k mod L)/L) + 1). In the
 *       exploration phase ((k mod L)/L &lt; β) the noise is off (SGD, no samples); in the sampling
 *       phase every {@code thinning}-th θ is kept, ⌈S/M⌉ per cycle (L is chosen to fit them);
 *       {@code burnIn} is not used.
 * </ul>
 *
 * <p>The step size, unless given, is ε = {@value #STEP_SCALE}/h_max with h_max the largest curvature
 * of U at the MAP ({@link StiffestCurvature}): a Langevin step is a leapfrog step of size √ε, stable
 * for ε·h_max &lt; 4, and at ε·h_max = 1/2 it widens the stiffest direction's variance by 1/7 (the
 * factor 1/(1 − εh/4)); a fixed ε cannot suit both N = 100 and N = 10,000, since h grows with N. A
 * chain that diverges anyway (minibatch noise, curvature growing away from the MAP) restarts from
 * the MAP at ε/{@value #STEP_REDUCTION}, at most {@value #MAX_STEP_REDUCTIONS} times, and the model
 * carries a warning saying so. With validation rows, samples that predict them clearly worse than the
 * MAP are drawn again at a smaller step (see {@link #fit(MapPosterior, Dataset, Dataset)}).
 *
 * <p>Dropout is off (U is the deterministic network's). The Gaussian likelihood's σ stays at the MAP's.
 * Minibatch order and the Langevin noise are drawn from SplittableRandoms seeded from {@code seed}.
 */
public final class Sgld {
    /** The method name in manifests and on the command line. */
    public static final String METHOD = "sgld";

    /** The automatic step size ε = {@value} / h_max (see the class comment). */
    public static final double STEP_SCALE = 0.5;
    /** The step size when the curvature is zero (a flat potential, so any step is stable). */
    static final double FALLBACK_STEP_SIZE = 1e-4;
    /** A diverged chain restarts from the MAP at a step size this many times smaller ... */
    public static final double STEP_REDUCTION = 4;
    /** ... at most this many times. */
    public static final int MAX_STEP_REDUCTIONS = 4;
    /** Samples clearly worse than the MAP on the validation rows are drawn again at ε divided by this ... */
    public static final double VALIDATION_REDUCTION = 16;
    /** ... at most this many times. */
    public static final int VALIDATION_RETRIES = 2;
    /** A minibatch U above |U(θ₀)| + this factor times (N + P) counts as divergence. */
    static final double DIVERGED_FACTOR = 10;

    private final Double stepSize;
    private final int batchSize;
    private final int burnIn;
    private final int thinning;
    private final int samples;
    private final int cycles;
    private final double exploration;
    private final SamplerPrior prior;
    private final long seed;

    private Sgld(Builder b) {
        stepSize = b.stepSize;
        batchSize = b.batchSize;
        burnIn = b.burnIn;
        thinning = b.thinning;
        samples = b.samples;
        cycles = b.cycles;
        exploration = b.exploration;
        prior = b.prior;
        seed = b.seed;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** These settings by option name (for model files), with the prior sampled under. */
    private java.util.Map<String, String> settings(GaussianWeightPrior chosen) {
        OptionValues v = OptionValues.empty().with(SgldMethod.SAMPLES, samples)
                .with(SgldMethod.BATCH_SIZE, batchSize)
                .with(SgldMethod.BURN_IN, burnIn).with(SgldMethod.THINNING, thinning).with(SgldMethod.CYCLES, cycles)
                .with(SgldMethod.EXPLORATION, exploration);
        v = stepSize == null ? v : v.with(SgldMethod.STEP_SIZE, stepSize);
        return SamplerPrior.describe(v, chosen);
    }

    /** Runs the chain from {@code map}'s weights on {@code train} (user units); {@code map} stays open. */
    public SampleEnsemblePosterior fit(MapPosterior map, Dataset train) {
        return fit(map, train, null);
    }

    /**
     * Runs the chain from {@code map}'s weights on {@code train} (user units), with {@code validation}
     * rows when given: they choose the prior when it is {@linkplain SamplerPrior automatic} (one chain
     * under each candidate), and then, if the kept samples predict them clearly worse than the MAP
     * ({@link PairedComparison}), they are drawn again at ε/{@value #VALIDATION_REDUCTION}, at most
     * {@value #VALIDATION_RETRIES} times, keeping the chain with the smaller validation NLL (a model
     * still clearly worse carries a warning). {@code map} stays open.
     */
    public SampleEnsemblePosterior fit(MapPosterior map, Dataset train, Dataset validation) {
        Objects.requireNonNull(map, "map");
        Dataset data = map.schema().toNetworkUnits(train);
        Network net = map.network().copy(DropoutMode.STANDARD);
        try {
            boolean validated = validation != null && validation.rows() > 0;
            Dataset checked = validated ? validation : null;
            float[] start = net.parameters();
            SamplerPrior.Run best = SamplerPrior.best(prior.candidates(map, net, validated).stream()
                    .map(candidate -> chainUnder(candidate, map, net, start, data, checked)).toList());
            if (checked != null) {
                best = checkedOnValidation(best, map, net, start, data, checked);
            }
            net.setParameters(start);
            return new SampleEnsemblePosterior(net, map.header().derive(METHOD, train, settings(best.prior()))
                    .withWarnings(best.warnings()), map.sigmaNoise(), best.samples(), best.info());
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
    }

    private Potential potential(GaussianWeightPrior weightPrior, MapPosterior map, Network net, Dataset data) {
        return new Potential(new NllGradient(net, map.likelihood(), data, map.sigmaNoise(), false), weightPrior,
                StiffestCurvature.FULL_PASS_CHUNK);
    }

    /**
     * One chain under {@code weightPrior} at the automatic (or given) step size, restarted smaller
     * after divergences; with its validation NLL when {@code validation} is given.
     */
    private SamplerPrior.Run chainUnder(GaussianWeightPrior weightPrior, MapPosterior map, Network net,
            float[] start, Dataset data, Dataset validation) {
        net.setParameters(start);
        Potential u = potential(weightPrior, map, net, data);
        JsonObject info = new JsonObject();
        if (weightPrior.family() == SamplerPrior.Family.UNIFORM) {
            info.addProperty("priorPrecision", weightPrior.value());
        }
        double eps = stepSize == null ? Double.NaN : stepSize;
        if (stepSize == null) {
            double curvature = StiffestCurvature.of((th, g) -> {
                net.setParameters(th);
                return u.full(th, g);
            }, start, Seeds.derive(seed, 2));
            eps = curvature > 0 ? STEP_SCALE / curvature : FALLBACK_STEP_SIZE;
            info.addProperty("largestCurvature", curvature);
        }
        List<String> warnings = new ArrayList<>();
        Chain chain = stableChain(u, net, start, eps, warnings);
        describe(info, chain, data.rows());
        double validationNll = validation == null ? Double.NaN
                : Vectors.mean(SampleEnsemblePosterior.validationNll(map, net, chain.samples, validation));
        return new SamplerPrior.Run(weightPrior, chain.samples, info, warnings, validationNll);
    }

    /**
     * The kept run checked on the validation rows: while its samples predict them clearly worse than
     * the MAP, a chain at ε/{@value #VALIDATION_REDUCTION} (at most {@value #VALIDATION_RETRIES} times)
     * replaces it if its validation NLL is smaller; a run still clearly worse gets a warning.
     */
    private SamplerPrior.Run checkedOnValidation(SamplerPrior.Run run, MapPosterior map, Network net, float[] start,
            Dataset data, Dataset validation) {
        Potential u = potential(run.prior(), map, net, data);
        List<String> warnings = new ArrayList<>(run.warnings());
        JsonObject info = run.info();
        List<float[]> samples = run.samples();
        double eps = info.get("stepSize").getAsDouble();
        double[] mapRows = PredictiveReports.rowNll(map.predict(validation), validation);
        double[] bestRows = SampleEnsemblePosterior.validationNll(map, net, samples, validation);
        int retries = 0;
        while (PairedComparison.clearlyLower(mapRows, bestRows) && retries++ < VALIDATION_RETRIES) {
            eps /= VALIDATION_REDUCTION;
            Chain smaller = stableChain(u, net, start, eps, warnings);
            double[] rows = SampleEnsemblePosterior.validationNll(map, net, smaller.samples, validation);
            eps = smaller.stepSize;
            if (Vectors.mean(rows) < Vectors.mean(bestRows)) {
                samples = smaller.samples;
                bestRows = rows;
                describe(info, smaller, data.rows());
            }
        }
        info.addProperty("validationRetries", Math.min(retries, VALIDATION_RETRIES));
        info.addProperty("validationNll", Vectors.mean(bestRows));
        info.addProperty("mapValidationNll", Vectors.mean(mapRows));
        warnings.addAll(FitChecks.worseOnValidation("SGLD's samples", bestRows, mapRows, String.format(Locale.ROOT,
                "at step size %.3g under the prior %s; try a smaller --sgld-step-size, another --weight-prior or"
                        + " another method", info.get("stepSize").getAsDouble(), run.prior().describe())));
        return new SamplerPrior.Run(run.prior(), samples, info, warnings, Vectors.mean(bestRows));
    }

    /** Records how {@code chain} ran into {@code info}. */
    private void describe(JsonObject info, Chain chain, int n) {
        info.addProperty("stepSize", chain.stepSize);
        info.addProperty("stepSizeReductions", chain.reductions);
        info.addProperty("batchSize", Math.min(batchSize, n));
        info.addProperty("schedule", cycles == 0 ? "constant" : "cyclical");
        info.addProperty("cycles", cycles);
        info.addProperty("cycleLength", cycleLength());
        info.addProperty("explorationFraction", exploration);
        info.addProperty("burnIn", burnIn);
        info.addProperty("thinning", thinning);
        info.addProperty("steps", chain.steps);
        info.addProperty("trainRows", n);
    }

    /**
     * L, the steps of one cycle of the cyclical schedule (0 for the constant one): long enough that
     * its sampling phase, the fraction 1 − β, keeps ⌈S/M⌉ samples at the thinning.
     */
    private int cycleLength() {
        int perCycle = cycles == 0 ? 0 : (samples + cycles - 1) / cycles;
        return cycles == 0 ? 0 : (int) Math.ceil(perCycle * thinning / (1 - exploration)) + 1;
    }

    /** The samples of one chain, the step size it ran at and the divergences before it. */
    private record Chain(List<float[]> samples, double stepSize, int reductions, long steps) {}

    /**
     * A chain from {@code start} at {@code eps}, or at ε/4, ε/16, ... after divergences: with a warning
     * when the step size was the user's (the automatic one is an estimate that the curvature away
     * from the MAP can exceed; its reductions are in the diagnostics).
     */
    private Chain stableChain(Potential u, Network net, float[] start, double eps, List<String> warnings) {
        for (int reductions = 0; reductions <= MAX_STEP_REDUCTIONS; reductions++) {
            net.setParameters(start);
            long[] steps = new long[1];
            List<float[]> kept = chain(u, net, start.clone(), eps, steps);
            if (kept != null) {
                if (reductions > 0 && stepSize != null) {
                    warnings.add(String.format(Locale.ROOT, "SGLD diverged at step size %.3g and ran at %.3g, %d times"
                            + " smaller: set --sgld-step-size below that", eps * Math.pow(STEP_REDUCTION, reductions),
                            eps, Math.round(Math.pow(STEP_REDUCTION, reductions))));
                }
                return new Chain(kept, eps, reductions, steps[0]);
            }
            if (reductions < MAX_STEP_REDUCTIONS) {
                eps /= STEP_REDUCTION;
            }
        }
        throw new IllegalStateException("SGLD diverged " + (MAX_STEP_REDUCTIONS + 1) + " times, the last at step size "
                + eps + " (try a smaller --sgld-step-size)");
    }

    /**
     * One chain from {@code theta} at step size {@code eps}: the samples, or null if it diverged: U not
     * finite, or a minibatch U above |U(θ₀)| + {@value #DIVERGED_FACTOR}·(N + P). A chain in the
     * posterior's typical set sits about P/2 above the mode (U − U_min is Gamma(P/2, 1) for a Gaussian
     * posterior: the prior's unconstrained directions alone add P/2), and its data term stays of order
     * N; a diverging chain grows geometrically past any such bound.
     */
    private List<float[]> chain(Potential u, Network net, float[] theta, double eps, long[] steps) {
        int n = u.rows();
        int b = Math.min(batchSize, n);
        float[] grad = new float[theta.length];
        double limit = Math.abs(u.full(theta, grad)) + DIVERGED_FACTOR * ((double) n + theta.length);
        int cycleLength = cycleLength();
        long total = cycles == 0 ? burnIn + (long) samples * thinning : (long) cycles * cycleLength;
        SplittableRandom shuffler = new SplittableRandom(seed);
        SplittableRandom noise = new SplittableRandom(Seeds.derive(seed, 1));
        int[] order = Splits.permutation(n, seed);
        List<float[]> kept = new ArrayList<>();
        int cursor = n;
        int sinceKept = 0;
        for (long k = 0; k < total && kept.size() < samples; k++) {
            if (cursor + b > n) { // equal batches of b rows; the rest joins the next reshuffled pass
                Splits.shuffle(order, shuffler);
                cursor = 0;
            }
            double stepK = eps;
            boolean sampling = k >= burnIn;
            if (cycles > 0) {
                double r = (double) (k % cycleLength) / cycleLength;
                stepK = eps / 2 * (Math.cos(Math.PI * r) + 1);
                sampling = r >= exploration;
                if (k % cycleLength == 0) {
                    sinceKept = 0;
                }
            }
            double uHat = u.minibatch(theta, order, cursor, cursor + b, grad);
            if (!(uHat <= limit)) {
                return null;
            }
            cursor += b;
            float half = (float) (stepK / 2);
            float sd = (float) Math.sqrt(stepK);
            boolean noisy = cycles == 0 || sampling;
            for (int i = 0; i < theta.length; i++) {
                theta[i] -= half * grad[i];
                if (noisy) {
                    theta[i] += sd * (float) noise.nextGaussian();
                }
            }
            net.setParameters(theta);
            if (sampling && ++sinceKept % thinning == 0) {
                kept.add(theta.clone());
            }
        }
        steps[0] = total;
        return kept;
    }

    /**
     * Options; defaults: step size ε = {@value Sgld#STEP_SCALE}/h_max (automatic), batch 32, burn-in
     * 1000 steps, thinning 50, 30 samples,
     * constant schedule, the prior chosen by {@link SamplerPrior#auto()}, seed 0.
     */
    public static final class Builder {
        private Double stepSize = SgldMethod.STEP_SIZE.defaultValue();
        private int batchSize = SgldMethod.BATCH_SIZE.defaultValue();
        private int burnIn = SgldMethod.BURN_IN.defaultValue();
        private int thinning = SgldMethod.THINNING.defaultValue();
        private int samples = SgldMethod.SAMPLES.defaultValue();
        private int cycles = SgldMethod.CYCLES.defaultValue();
        private double exploration = SgldMethod.EXPLORATION.defaultValue();
        private SamplerPrior prior = SamplerPrior.auto();
        private long seed;

        private Builder() {}

        /** ε, the (peak) step size: the Langevin noise has variance ε per coordinate. */
        public Builder optStepSize(Double stepSize) {
            this.stepSize = stepSize;
            return this;
        }

        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Steps discarded before the first sample (constant schedule only). */
        public Builder optBurnIn(int steps) {
            this.burnIn = steps;
            return this;
        }

        /** Keep every {@code thinning}-th step. */
        public Builder optThinning(int thinning) {
            this.thinning = thinning;
            return this;
        }

        /** S, the number of samples kept. */
        public Builder optSamples(int samples) {
            this.samples = samples;
            return this;
        }

        /**
         * The cyclical cosine schedule with {@code cycles} cycles, each spending the fraction
         * {@code exploration} of its steps in noise-free exploration.
         */
        public Builder optCyclical(int cycles, double exploration) {
            this.cycles = cycles;
            this.exploration = exploration;
            return this;
        }

        /** The uniform prior N(0, 1/λ) with this λ, as {@code optPrior(SamplerPrior.of(UNIFORM, λ, null))}. */
        public Builder optPriorPrecision(double lambda) {
            this.prior = SamplerPrior.of(SamplerPrior.Family.UNIFORM, lambda, null);
            return this;
        }

        /** The prior sampled under; default: {@link SamplerPrior#auto()}. */
        public Builder optPrior(SamplerPrior prior) {
            this.prior = Objects.requireNonNull(prior, "prior");
            return this;
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Checks every option against its rule in {@link SgldMethod}. */
        public Sgld build() {
            if (stepSize != null) {
                SgldMethod.STEP_SIZE.check(stepSize);
            }
            SgldMethod.BATCH_SIZE.check(batchSize);
            SgldMethod.BURN_IN.check(burnIn);
            SgldMethod.THINNING.check(thinning);
            SgldMethod.SAMPLES.check(samples);
            SgldMethod.CYCLES.check(cycles);
            SgldMethod.EXPLORATION.check(exploration);
            return new Sgld(this);
        }
    }
}
