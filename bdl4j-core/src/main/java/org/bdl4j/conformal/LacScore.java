package org.bdl4j.conformal;

/**
 * LAC, the least ambiguous set-valued classifier (Sadinle, Lei and Wasserman, "Least ambiguous
 * set-valued classifiers with bounded error levels", JASA 2019): s(x, y) = 1 - π_y(x). Its sets,
 * {y : π_y &gt;= 1 - t}, have the smallest expected size among sets with the coverage guarantee when π
 * is the true conditional distribution.
 */
final class LacScore implements ClassificationScore {
    private static final long serialVersionUID = 1L;

    /** Serialised copies resolve to the one instance. */
    private Object readResolve() {
        return INSTANCE;
    }

    static final LacScore INSTANCE = new LacScore();

    private LacScore() {}

    @Override
    public String name() {
        return "lac";
    }

    @Override
    public boolean randomized() {
        return false;
    }

    @Override
    public void scores(double[] probabilities, double u, double[] out) {
        for (int k = 0; k < probabilities.length; k++) {
            out[k] = 1 - probabilities[k];
        }
    }

    @Override
    public String toString() {
        return "lac";
    }
}
