package org.bdl4j.method;

import java.util.List;
import org.bdl4j.options.OptionDescriptor;
import org.bdl4j.options.OptionValues;
import org.bdl4j.options.Rule;

/** The options of a {@link FitRequest} that are neither the network's nor MAP training's. */
public final class RequestOptions {
    public static final OptionDescriptor<NoiseModel> NOISE = OptionDescriptor.choice("noise", NoiseModel.class,
            NoiseModel.HOMOSCEDASTIC).withDefaultText("homoscedastic; the ensemble, with validation rows, chooses"
                    + " between homoscedastic members and heteroscedastic, adversarially trained ones by their"
                    + " validation NLL").withHelp("Regression noise model.");
    public static final OptionDescriptor<Standardization> STANDARDIZE = OptionDescriptor.choice("standardize",
            Standardization.class, Standardization.AUTO).withHelp("auto: standardise features (and regression"
                    + " targets) on the training split; the statistics are saved with the model.");
    public static final OptionDescriptor<Double> VALIDATION_FRACTION = OptionDescriptor.number("validation-fraction",
            null).withRule(Rule.interval(0, true, 1, false)).withLabel("F").withDefaultText("auto: 0.1, at least "
                    + "20 rows, from 100 rows on").withHelp("Hold out this fraction of the training rows for validation"
                    + " (early stopping, the choices of VI and Laplace, grid searches); 0 keeps every row.");
    public static final OptionDescriptor<Long> SEED = OptionDescriptor.longInteger("seed", 0L).withLabel("S")
            .withHelp("Seed of every random choice.");

    public static final List<OptionDescriptor<?>> ALL = List.of(NOISE, VALIDATION_FRACTION, STANDARDIZE, SEED);

    /** The fraction the automatic validation split holds out. */
    public static final double AUTO_VALIDATION_FRACTION = 0.1;
    /**
     * The fewest rows the automatic split holds out: a mean NLL over fewer rows has a standard error too
     * large to stop training or choose a setting on.
     */
    public static final int AUTO_MIN_VALIDATION_ROWS = 20;
    /**
     * The fewest training rows from which the automatic split holds rows out: below, its
     * {@value #AUTO_MIN_VALIDATION_ROWS} rows would be more than a fifth of the data.
     */
    public static final int AUTO_MIN_ROWS = 100;

    private RequestOptions() {}

    /**
     * The validation rows of a training set of {@code n} rows under {@code values}: the fraction given,
     * or by default {@value #AUTO_VALIDATION_FRACTION} of the rows but at least
     * {@value #AUTO_MIN_VALIDATION_ROWS}, from {@value #AUTO_MIN_ROWS} rows on (none below).
     */
    public static int validationRows(OptionValues values, int n) {
        Double given = values.get(VALIDATION_FRACTION);
        if (given != null) {
            return given == 0 ? 0 : Math.max(1, (int) Math.round(n * given));
        }
        return n < AUTO_MIN_ROWS ? 0
                : Math.max(AUTO_MIN_VALIDATION_ROWS, (int) Math.round(n * AUTO_VALIDATION_FRACTION));
    }
}
