package org.bdl4j.conformal;

import java.util.Arrays;

/**
 * The adaptive scores APS (Romano, Sesia and Candès, "Classification with valid and adaptive
 * coverage", NeurIPS 2020) and RAPS (Angelopoulos, Bates, Malik and Jordan, "Uncertainty sets for
 * image classifiers using conformal prediction", ICLR 2021). Sort the labels by π(x), largest first
 * (equal probabilities: lower class index first); for a label y at rank r (1-based),
 *
 * <pre>
 *   s(x, y, u) = Σ_{j &lt; r} π_(j) + u π_y + λ (r - k_reg)⁺
 * </pre>
 *
 * the probability mass of the labels ranked above y, a U(0, 1) fraction u of π_y itself, and the RAPS
 * penalty (λ = 0 is APS). The non-randomised score takes u = 1, the mass up to and including y. The
 * randomised score makes the coverage exactly 1 - α in expectation; its sets can be empty.
 */
final class AdaptiveScore implements ClassificationScore {
    private static final long serialVersionUID = 1L;

    private final int kReg;
    private final double lambda;
    private final boolean randomized;

    AdaptiveScore(int kReg, double lambda, boolean randomized) {
        ConformalOptions.K_REG.check(kReg);
        ConformalOptions.LAMBDA.check(lambda);
        this.kReg = kReg;
        this.lambda = lambda;
        this.randomized = randomized;
    }

    @Override
    public String name() {
        return lambda == 0 ? "aps" : "raps";
    }

    @Override
    public boolean randomized() {
        return randomized;
    }

    @Override
    public void scores(double[] probabilities, double u, double[] out) {
        int c = probabilities.length;
        int[] order = descending(probabilities);
        double w = randomized ? u : 1.0;
        double above = 0; // Σ_{j < r} π_(j)
        for (int r = 1; r <= c; r++) {
            int k = order[r - 1];
            double p = probabilities[k];
            out[k] = above + w * p + lambda * Math.max(0, r - kReg);
            above += p;
        }
    }

    /** The class indices by probability, largest first, ties by lower index (a stable order). */
    static int[] descending(double[] p) {
        int c = p.length;
        int[] order = new int[c];
        if (c <= 32) { // insertion sort: stable, fast for few classes
            for (int k = 0; k < c; k++) {
                int j = k;
                while (j > 0 && p[order[j - 1]] < p[k]) {
                    order[j] = order[j - 1];
                    j--;
                }
                order[j] = k;
            }
            return order;
        }
        Integer[] boxed = new Integer[c];
        for (int k = 0; k < c; k++) {
            boxed[k] = k;
        }
        Arrays.sort(boxed, (a, b) -> Double.compare(p[b], p[a])); // stable: ties keep index order
        for (int k = 0; k < c; k++) {
            order[k] = boxed[k];
        }
        return order;
    }

    @Override
    public String toString() {
        return name() + (lambda == 0 ? "" : "(k_reg=" + kReg + ", lambda=" + lambda + ")")
                + (randomized ? " randomised" : "");
    }
}
