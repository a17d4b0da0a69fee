package org.bdl4j.conformal;

import java.util.Locale;
import org.bdl4j.options.InvalidOptionException;

/**
 * A non-conformity score s(x, y, u) of a label y given the predictive probabilities π(x) of one input
 * (larger: less conforming) and, for randomised scores, a uniform U(0, 1) draw u per input. Score
 * functions are separate from the predictors that calibrate and use them (as in TorchCP), so that
 * every score works with every predictor.
 *
 * <p>The prediction set at threshold t is {y : s(x, y, u) &lt;= t}.
 */
public interface ClassificationScore extends java.io.Serializable {

    /** A short name, e.g. {@code lac}, {@code aps}, {@code raps}. */
    String name();

    /** Whether the score uses u (then a seed fixes every draw). */
    boolean randomized();

    /**
     * The scores of all C labels of one input: out[k] = s(x, k, u).
     *
     * @param probabilities π(x), C probabilities
     * @param u a U(0, 1) draw, ignored unless {@link #randomized()} (non-randomised predictors pass 1)
     */
    void scores(double[] probabilities, double u, double[] out);

    /** s(x, label, u): the entry {@code label} of {@link #scores}, so both always agree to the bit. */
    default double score(double[] probabilities, int label, double u) {
        double[] out = new double[probabilities.length];
        scores(probabilities, u, out);
        return out[label];
    }

    /** LAC, the least ambiguous set-valued classifier: s = 1 - π_y (Sadinle, Lei and Wasserman, JASA 2019). */
    static ClassificationScore lac() {
        return LacScore.INSTANCE;
    }

    /** APS (Romano, Sesia and Candès, NeurIPS 2020), randomised or not; see {@link AdaptiveScore}. */
    static ClassificationScore aps(boolean randomized) {
        return new AdaptiveScore(0, 0, randomized);
    }

    /**
     * RAPS (Angelopoulos, Bates, Malik and Jordan, ICLR 2021): APS plus λ (rank - k_reg)⁺; see
     * {@link AdaptiveScore}.
     */
    static ClassificationScore raps(int kReg, double lambda, boolean randomized) {
        return new AdaptiveScore(kReg, lambda, randomized);
    }

    /**
     * A score by name for the command line: {@code lac}, {@code aps} (randomised), {@code raps}
     * (randomised, with the given k_reg and λ).
     */
    public static ClassificationScore parse(String name, int kReg, double lambda) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "lac" -> lac();
            case "aps" -> aps(true);
            case "raps" -> raps(kReg, lambda, true);
            default -> throw InvalidOptionException.mustBe(ConformalOptions.SCORE, "lac, aps or raps", name);
        };
    }
}
