package org.bdl4j.method;

import java.util.List;
import org.bdl4j.options.OptionDescriptor;
import org.bdl4j.options.Rule;

/** The options of a {@link FitRequest} that are neither the network's nor MAP training's. */
public final class RequestOptions {
    public static final OptionDescriptor<NoiseModel> NOISE = OptionDescriptor.choice("noise", NoiseModel.class,
            NoiseModel.HOMOSCEDASTIC).withHelp("Regression noise model.");
    public static final OptionDescriptor<Standardization> STANDARDIZE = OptionDescriptor.choice("standardize",
            Standardization.class, Standardization.AUTO).withHelp("auto: standardise features (and regression"
                    + " targets) on the training split; the statistics are saved with the model.");
    public static final OptionDescriptor<Double> VALIDATION_FRACTION = OptionDescriptor.number("validation-fraction",
            0.0).withRule(Rule.interval(0, true, 1, false)).withLabel("F").withHelp("Hold out this fraction of the"
                    + " training rows for validation (early stopping with --patience, the validation NLL, grid"
                    + " searches).");
    public static final OptionDescriptor<Long> SEED = OptionDescriptor.longInteger("seed", 0L).withLabel("S")
            .withHelp("Seed of every random choice.");

    public static final List<OptionDescriptor<?>> ALL = List.of(NOISE, VALIDATION_FRACTION, STANDARDIZE, SEED);

    private RequestOptions() {}
}
