package org.bdl4j.train;

import java.util.List;
import java.util.Locale;
import org.bdl4j.Likelihood;
import org.bdl4j.data.Dataset;
import org.bdl4j.math.Vectors;
import org.bdl4j.metrics.PairedComparison;
import org.bdl4j.nn.Network;

/**
 * Checks that a method did not fit the training data clearly worse than the MAP it started from: a
 * SWAG run whose learning rate threw the weights out of the basin, or a variational q that the KL
 * pushed far from the data. "Clearly" is a mean training NLL above MAP's + {@value #MARGIN} +
 * {@value #RELATIVE}·|MAP's| nats a row: a posterior that spreads its weights fits a little worse
 * than the mode by design, but not by that much.
 */
public final class FitChecks {
    /** The absolute part of the allowed excess, nats a row. */
    public static final double MARGIN = 0.2;
    /** The relative part of the allowed excess. */
    public static final double RELATIVE = 0.5;

    private FitChecks() {}

    /** The mean NLL of {@code net} (evaluation mode) on rows in the network's units. */
    public static double meanNll(Network net, Likelihood likelihood, Dataset networkUnits, double sigmaNoise) {
        return Evaluation.meanNll(net, likelihood, networkUnits,
                likelihood == Likelihood.GAUSSIAN ? (float) Math.log(sigmaNoise) : Float.NaN);
    }

    /** The part of a validation excess over the MAP that is too small to warn about, nats a row ... */
    public static final double VALIDATION_MARGIN = 0.01;
    /** ... plus this fraction of the MAP's |NLL|. */
    public static final double VALIDATION_RELATIVE = 0.1;

    /**
     * A warning when a posterior predicts the validation rows clearly worse than the MAP, else none:
     * its per-row NLLs {@code rows} are worse than the MAP's {@code mapRows} by the paired test of
     * {@link PairedComparison} (not noise), and by more than {@value #VALIDATION_MARGIN} + {@value
     * #VALIDATION_RELATIVE}·|MAP's mean NLL| nats a row (not negligible: on a well-fitted set the
     * paired test separates differences of a few thousandths of a nat that no user needs to hear of).
     *
     * @param what what was measured, e.g. "SGLD's samples"
     * @param advice what to change
     */
    public static List<String> worseOnValidation(String what, double[] rows, double[] mapRows, String advice) {
        double excess = Vectors.mean(rows) - Vectors.mean(mapRows);
        if (PairedComparison.clearlyLower(mapRows, rows)
                && excess > VALIDATION_MARGIN + VALIDATION_RELATIVE * Math.abs(Vectors.mean(mapRows))) {
            return List.of(String.format(Locale.ROOT, "%s predict the validation rows clearly worse than the MAP"
                    + " (mean NLL %.4g against %.4g): %s", what, Vectors.mean(rows), Vectors.mean(mapRows), advice));
        }
        return List.of();
    }

    /**
     * A warning when {@code nll} is clearly above {@code mapNll} (see the class comment), else none.
     *
     * @param what what was measured, e.g. "SWAG's mean"
     * @param advice what to change, e.g. "lower --swag-lr"
     */
    public static List<String> worseThanMap(String what, double nll, double mapNll, String advice) {
        if (Double.isFinite(mapNll) && !(nll <= mapNll + MARGIN + RELATIVE * Math.abs(mapNll))) {
            return List.of(String.format(Locale.ROOT, "%s fits the training data clearly worse than the MAP (mean NLL"
                    + " %.4g against %.4g): %s", what, nll, mapNll, advice));
        }
        return List.of();
    }
}
