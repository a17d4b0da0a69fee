package org.bdl4j.bo;

import java.util.Arrays;
import java.util.Locale;

/**
 * A box-bounded search space [l_1, u_1] x ... x [l_d, u_d]. The optimiser works in the unit cube and maps
 * a point u ∈ [0, 1]^d to x = l + u ⊙ (u − l).
 */
public record Box(double[] lower, double[] upper) {
    public Box {
        if (lower.length == 0 || lower.length != upper.length) {
            throw new IllegalArgumentException("a box needs as many lower as upper bounds, at least one; found "
                    + lower.length + " and " + upper.length);
        }
        for (int j = 0; j < lower.length; j++) {
            if (!(Double.isFinite(lower[j]) && Double.isFinite(upper[j]) && lower[j] < upper[j])) {
                throw new IllegalArgumentException("bound " + (j + 1) + " must be finite with lower < upper, found "
                        + lower[j] + ":" + upper[j]);
            }
        }
        lower = lower.clone();
        upper = upper.clone();
    }

    /**
     * Parses {@code lo:hi,lo:hi,...}, one pair per dimension.
     *
     * @throws IllegalArgumentException naming the pair at fault
     */
    public static Box parse(String text) {
        String[] pairs = text.trim().split(",");
        double[] lo = new double[pairs.length];
        double[] hi = new double[pairs.length];
        for (int j = 0; j < pairs.length; j++) {
            String[] p = pairs[j].trim().split(":");
            try {
                if (p.length != 2) {
                    throw new NumberFormatException();
                }
                lo[j] = Double.parseDouble(p[0].trim());
                hi[j] = Double.parseDouble(p[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bounds: expected lo:hi for dimension " + (j + 1) + ", found '"
                        + pairs[j].trim() + "'");
            }
        }
        return new Box(lo, hi);
    }

    public int dimension() {
        return lower.length;
    }

    /** x = l + u ⊙ (h − l) for a point u of the unit cube. */
    public double[] fromUnit(double[] u) {
        double[] x = new double[u.length];
        for (int j = 0; j < u.length; j++) {
            x[j] = lower[j] + u[j] * (upper[j] - lower[j]);
        }
        return x;
    }

    /** u = (x − l) / (h − l). */
    public double[] toUnit(double[] x) {
        double[] u = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            u[j] = (x[j] - lower[j]) / (upper[j] - lower[j]);
        }
        return u;
    }

    @Override
    public double[] lower() {
        return lower.clone();
    }

    @Override
    public double[] upper() {
        return upper.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Box b && Arrays.equals(lower, b.lower) && Arrays.equals(upper, b.upper);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(lower) + Arrays.hashCode(upper);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (int j = 0; j < lower.length; j++) {
            s.append(j == 0 ? "" : ",").append(String.format(Locale.ROOT, "%s:%s", lower[j], upper[j]));
        }
        return s.toString();
    }
}
