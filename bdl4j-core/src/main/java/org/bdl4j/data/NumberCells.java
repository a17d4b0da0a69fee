package org.bdl4j.data;

import java.util.Locale;

/**
 * Parsing of numeric cells (already trimmed) with the library's one-line error messages.
 *
 * <p>Syntax is Java's {@link Double#parseDouble}; in addition the spellings {@code nan}, {@code inf},
 * {@code infinity} in any case (as written by numpy or R) are recognised, so that they are reported as
 * NaN or infinite rather than as "not a number".
 */
final class NumberCells {
    private NumberCells() {
    }

    /**
     * The cell's value, NaN or +-Infinity for the non-finite spellings, or {@code null} when the cell is
     * not a number at all.
     */
    static Double parse(String cell) {
        if (cell.isEmpty() || !canStartNumber(cell.charAt(0))) {
            return null;
        }
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            return nonFiniteSpelling(cell);
        }
    }

    /**
     * A finite value that also fits a float32.
     *
     * @throws DataException {@code source: line N, column 'c': ...} for an empty cell, text, NaN, an
     *     infinite value or one too large for float32
     */
    static float finiteFloat(String cell, String source, long line, String column) {
        if (cell.isEmpty()) {
            throw DataException.atCell(source, line, column, "empty cell");
        }
        Double v = parse(cell);
        if (v == null) {
            throw DataException.atCell(source, line, column, "not a number: " + DataException.quote(cell));
        }
        return checkedFloat(v, cell, source, line, column);
    }

    /** {@code v} (the parse of {@code cell}) as a float, or the error for NaN / infinite / too large. */
    static float checkedFloat(double v, String cell, String source, long line, String column) {
        if (Double.isNaN(v)) {
            throw DataException.atCell(source, line, column, "NaN is not allowed");
        }
        if (Double.isInfinite(v)) {
            throw DataException.atCell(source, line, column, "not a finite number: " + DataException.quote(cell));
        }
        float f = (float) v;
        if (Float.isInfinite(f)) {
            throw DataException.atCell(source, line, column,
                    "too large for float32: " + DataException.quote(cell));
        }
        return f;
    }

    private static boolean canStartNumber(char c) {
        return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.'
                || c == 'N' || c == 'n' || c == 'I' || c == 'i';
    }

    private static Double nonFiniteSpelling(String cell) {
        String s = cell.toLowerCase(Locale.ROOT);
        boolean negative = s.startsWith("-");
        if (negative || s.startsWith("+")) {
            s = s.substring(1);
        }
        if (s.equals("nan")) {
            return Double.NaN;
        }
        if (s.equals("inf") || s.equals("infinity")) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return null;
    }
}
