package org.bdl4j.bo;

import org.bdl4j.options.EnumNames;

/**
 * Standard test functions for Bayesian optimisation (Surjanovic and Bingham's library of test
 * functions; Jones, Schonlau and Welch 1998), each with its box and its known minimum.
 */
public enum TestFunction implements EnumNames.Named {
    /**
     * Branin–Hoo on [−5, 10] x [0, 15]: a (x₂ − b x₁² + c x₁ − r)² + s (1 − t) cos x₁ + s with a = 1,
     * b = 5.1/(4π²), c = 5/π, r = 6, s = 10, t = 1/(8π); minimum 0.397887 at three points.
     */
    BRANIN("branin", new Box(new double[] {-5, 0}, new double[] {10, 15}), 0.397887357729739),
    /**
     * Hartmann-6 on [0, 1]^6: −Σ_i α_i exp(−Σ_j A_ij (x_j − P_ij)²) with the standard α, A and P; minimum
     * −3.32237 at (0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573).
     */
    HARTMANN6("hartmann6", new Box(new double[6], new double[] {1, 1, 1, 1, 1, 1}), -3.32236801141551);

    private static final double[] ALPHA = {1.0, 1.2, 3.0, 3.2};
    private static final double[][] A = {
        {10, 3, 17, 3.5, 1.7, 8},
        {0.05, 10, 17, 0.1, 8, 14},
        {3, 3.5, 1.7, 10, 17, 8},
        {17, 8, 0.05, 10, 0.1, 14}};
    private static final double[][] P = {
        {0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886},
        {0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991},
        {0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650},
        {0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381}};

    private final String key;
    private final Box box;
    private final double minimum;

    TestFunction(String key, Box box, double minimum) {
        this.key = key;
        this.box = box;
        this.minimum = minimum;
    }

    @Override
    public String cliName() {
        return key;
    }

    public Box box() {
        return box;
    }

    /** The known global minimum. */
    public double minimum() {
        return minimum;
    }

    /** The function's value at x (in the box's coordinates). */
    public double evaluate(double[] x) {
        if (x.length != box.dimension()) {
            throw new IllegalArgumentException(key + " takes " + box.dimension() + " coordinates, found " + x.length);
        }
        if (this == BRANIN) {
            double b = 5.1 / (4 * Math.PI * Math.PI);
            double c = 5 / Math.PI;
            double t = 1 / (8 * Math.PI);
            double q = x[1] - b * x[0] * x[0] + c * x[0] - 6;
            return q * q + 10 * (1 - t) * Math.cos(x[0]) + 10;
        }
        double sum = 0;
        for (int i = 0; i < 4; i++) {
            double inner = 0;
            for (int j = 0; j < 6; j++) {
                double d = x[j] - P[i][j];
                inner += A[i][j] * d * d;
            }
            sum -= ALPHA[i] * Math.exp(-inner);
        }
        return sum;
    }

    /** The function named {@code key}, or null. */
    public static TestFunction named(String key) {
        for (TestFunction f : values()) {
            if (f.key.equals(key)) {
                return f;
            }
        }
        return null;
    }
}
