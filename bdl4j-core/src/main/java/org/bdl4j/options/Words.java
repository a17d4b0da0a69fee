package org.bdl4j.options;

import java.util.List;

/** Small helpers for the wording of option messages. */
public final class Words {
    private Words() {}

    /** "a", "a or b", "a, b or c". */
    public static String alternatives(List<String> names) {
        if (names.isEmpty()) {
            return "";
        }
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    /** {@code v} to 4 significant digits without trailing zeros: 0.0010000000000000002 is {@code 0.001}. */
    public static String significant(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toString();
    }

    /** A number as a person writes it: {@code 1} rather than {@code 1.0}, {@code 1e-06} kept as Java prints it. */
    public static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
