package org.bdl4j.dropout;

import java.util.EnumSet;
import org.bdl4j.Likelihood;
import org.bdl4j.Posterior;
import org.bdl4j.io.ModelDirectory;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.MapMethod;
import org.bdl4j.method.RegisteredMethod;
import org.bdl4j.method.SmallestValidationNll;
import org.bdl4j.options.OptionDescriptor;
import org.bdl4j.options.OptionValues;
import org.bdl4j.options.Rule;
import org.bdl4j.train.MapPosterior;

/**
 * MC dropout ({@link McDropout}) as a method of the registry. MC dropout is a variational posterior only
 * for a network trained with dropout (Gal &amp; Ghahramani 2016), so it trains its own: with
 * {@code --mc-rate P}, else the request's {@code --dropout} when that is above 0, else, with
 * validation rows, the rate of {@link #RATE_GRID} whose MC-dropout predictive has the smallest
 * validation NLL (Gal &amp; Ghahramani's protocol for their UCI experiments, with their grid: the rate
 * is a prior hyperparameter that the data must choose, and small data sets want small rates), else
 * {@value #DEFAULT_RATE} (the rate of the benchmark protocol). So {@code compare} runs it beside the
 * other methods without changing their networks. A base MAP trained with dropout is used as it is (when no rate is asked).
 * At prediction dropout stays on at the training rate, or at {@code --mc-predict-rate}.
 */
public final class McDropoutMethod extends RegisteredMethod {
    /** The dropout rate MC dropout trains with when neither the request nor the user gives one. */
    public static final double DEFAULT_RATE = 0.1;
    /** The rates tried on the validation rows (Gal &amp; Ghahramani 2016's UCI grid). */
    private static final double[] RATE_GRID = {0.005, 0.01, 0.05, 0.1};

    public static final OptionDescriptor<Integer> SAMPLES = OptionDescriptor.integer("samples",
            McDropoutOptions.DEFAULT_SAMPLES).withRule(Rule.atLeast(1)).withLabel("S")
            .withHelp("Monte Carlo samples at prediction.");
    public static final OptionDescriptor<SamplingMode> SAMPLING = OptionDescriptor.choice("sampling",
            SamplingMode.class, SamplingMode.BATCHED).withHelp("MC dropout: how the T passes are computed (one"
                    + " mask per pass and layer, per row, or T plain forward calls).");
    public static final OptionDescriptor<Double> RATE = OptionDescriptor.number("mc-rate", null)
            .withRule(Rule.interval(0, false, 1, false)).withLabel("P")
            .withDefaultText("--dropout when above 0, else chosen on the validation rows from 0.005, 0.01, 0.05,"
                    + " 0.1 (" + DEFAULT_RATE + " without validation rows)")
            .withHelp("MC dropout: the dropout rate its network is trained with (the other methods keep --dropout).");
    public static final OptionDescriptor<Double> PREDICT_RATE = OptionDescriptor.number("mc-predict-rate", null)
            .withRule(Rule.interval(0, false, 1, false)).withLabel("P").withDefaultText("the training rate")
            .withHelp("MC dropout: the dropout rate at prediction.");
    public static final OptionDescriptor<Integer> MAX_ROWS_PER_FORWARD = OptionDescriptor.integer(
            "max-rows-per-forward", McDropoutOptions.DEFAULT_MAX_ROWS_PER_FORWARD).withRule(Rule.atLeast(1));

    public McDropoutMethod() {
        super(McDropout.METHOD, "dropout kept on at prediction, T passes of a network trained with dropout",
                EnumSet.allOf(Likelihood.class), false, 10, SAMPLES, SAMPLING, RATE, PREDICT_RATE);
    }

    @Override
    public void validate(FitRequest request) {
        options(request.options());
    }

    @Override
    public Posterior fit(FitRequest request) {
        OptionValues o = request.options();
        if (!o.isSet(RATE) && request.base().orElse(null) instanceof MapPosterior base
                && base.network().spec().dropout() > 0) {
            return McDropout.of(base, options(o));
        }
        if (o.isSet(RATE) || request.network().dropout() > 0 || request.validation().isEmpty()) {
            double rate = o.isSet(RATE) ? o.get(RATE)
                    : request.network().dropout() > 0 ? request.network().dropout() : DEFAULT_RATE;
            return trained(request, rate, options(o));
        }
        try (SmallestValidationNll<McDropout> choice = new SmallestValidationNll<>(request.validation().get())) {
            for (double rate : RATE_GRID) {
                choice.offer(trained(request, rate, options(o)));
            }
            return choice.take();
        }
    }

    /** MC dropout on a network trained with dropout at {@code rate}. */
    private static McDropout trained(FitRequest request, double rate, McDropoutOptions options) {
        FitRequest withDropout = request.withNetwork(request.network().withDropout((float) rate));
        try (MapPosterior map = MapMethod.train(withDropout)) {
            return McDropout.of(map, options);
        }
    }

    private static McDropoutOptions options(OptionValues o) {
        McDropoutOptions.Builder b = McDropoutOptions.builder().optSamples(o.get(SAMPLES)).optSampling(o.get(SAMPLING));
        if (o.isSet(PREDICT_RATE)) {
            b.optRate(o.get(PREDICT_RATE));
        }
        return b.build();
    }

    @Override
    public Posterior load(ModelDirectory directory) {
        return McDropout.load(directory);
    }
}
