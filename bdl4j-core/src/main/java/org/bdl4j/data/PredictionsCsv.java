package org.bdl4j.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads predictions made elsewhere, for post-hoc calibration and conformal prediction of models not
 * trained by bdl4j: a CSV file with a header (the format of {@link CsvTableReader}).
 *
 * <ul>
 *   <li>Classification ({@link #classScores}): one numeric column per class, holding a logit or a
 *       probability (the caller says which), named by the class, optionally prefixed {@code p_} or
 *       {@code logit_} (as {@code bdl4j predict} writes {@code p_<label>}); and optionally a label
 *       column, whose cells name a class (or equal a numeric class name in value).
 *   <li>Regression ({@link #regression}): a {@code mean} column, an optional {@code std} column
 *       (the predictive standard deviation; 0 when absent), and optionally a target column; other
 *       columns are ignored.
 * </ul>
 *
 * Score cells must be finite numbers (double precision). Every problem is a {@link DataException}
 * naming the file, line, column and value.
 */
public final class PredictionsCsv {
    private PredictionsCsv() {}

    /**
     * Class scores and labels.
     *
     * @param values n x C logits or probabilities, as in the file
     * @param labels n class indices, or null when the file has no label column
     * @param classNames the C class names, in column order
     */
    public record ClassScores(double[][] values, int[] labels, List<String> classNames) {
        public ClassScores {
            classNames = List.copyOf(classNames);
        }

        public boolean hasLabels() {
            return labels != null;
        }
    }

    /**
     * Gaussian predictions N(mean, variance) per row (all of the variance aleatoric: the file does not
     * split it) and the targets.
     *
     * @param variance std² of each row (0 where the file has no std column)
     * @param targets n targets, or null when the file has no target column
     */
    public record RegressionPredictions(double[] mean, double[] variance, double[] targets) {
        public boolean hasTargets() {
            return targets != null;
        }
    }

    /** Whether the header of {@code file} has a column named {@code name}. */
    public static boolean hasColumn(Path file, String name) {
        try (CsvRows rows = CsvRows.open(file)) {
            return rows.findColumn(name) >= 0;
        }
    }

    /**
     * Reads class scores.
     *
     * @param labelColumn the label column's name, or null when the file has none (every column is a class)
     * @param expectedClasses the classes of a fitted calibrator or predictor, which the score columns must
     *     name in this order; or null to take the classes from the header
     */
    public static ClassScores classScores(Path file, String labelColumn, List<String> expectedClasses) {
        try (CsvRows rows = CsvRows.open(file)) {
            String source = rows.source();
            List<String> header = rows.header();
            int label = labelColumn == null ? -1 : rows.requireColumn(labelColumn);
            List<Integer> columns = new ArrayList<>();
            List<String> raw = new ArrayList<>();
            for (int j = 0; j < header.size(); j++) {
                if (j != label) {
                    columns.add(j);
                    raw.add(header.get(j));
                }
            }
            List<String> names = stripPrefix(raw);
            if (names.size() < 2) {
                throw new DataException(source + ": needs at least 2 class score columns besides the label, found "
                        + names.size() + " (columns: " + rows.listColumns() + ")");
            }
            if (expectedClasses != null && !expectedClasses.equals(names)) {
                throw new DataException(source + ": the score columns name the classes " + names
                        + ", the model's classes are " + expectedClasses);
            }
            ClassLabels lookup = new ClassLabels(names);
            List<double[]> values = new ArrayList<>();
            IntArrayBuilder labels = new IntArrayBuilder(1024);
            while (rows.next()) {
                double[] v = new double[columns.size()];
                for (int k = 0; k < v.length; k++) {
                    int j = columns.get(k);
                    v[k] = finite(rows.cell(j), source, rows.line(), header.get(j));
                }
                values.add(v);
                if (label >= 0) {
                    String cell = rows.cell(label);
                    int y = lookup.indexOf(cell);
                    if (y < 0) {
                        throw DataException.atCell(source, rows.line(), header.get(label), lookup.unknown(cell));
                    }
                    labels.add(y);
                }
            }
            if (values.isEmpty()) {
                throw new DataException(source + ": has a header but no data rows");
            }
            return new ClassScores(values.toArray(new double[0][]), label >= 0 ? labels.toArray() : null, names);
        }
    }

    /**
     * Reads regression predictions: columns {@code mean}, optional {@code std}, optional target.
     *
     * @param targetColumn the target column's name, or null when the file has none
     */
    public static RegressionPredictions regression(Path file, String targetColumn) {
        try (CsvRows rows = CsvRows.open(file)) {
            String source = rows.source();
            int mean = rows.requireColumn("mean");
            int std = rows.findColumn("std");
            int target = targetColumn == null ? -1 : rows.requireColumn(targetColumn);
            List<double[]> cells = new ArrayList<>();
            while (rows.next()) {
                double m = finite(rows.cell(mean), source, rows.line(), "mean");
                double s = 0;
                if (std >= 0) {
                    s = finite(rows.cell(std), source, rows.line(), "std");
                    if (s < 0) {
                        throw DataException.atCell(source, rows.line(), "std", "a standard deviation must be >= 0,"
                                + " found " + s);
                    }
                }
                double y = target < 0 ? Double.NaN : finite(rows.cell(target), source, rows.line(), targetColumn);
                cells.add(new double[] {m, s, y});
            }
            if (cells.isEmpty()) {
                throw new DataException(source + ": has a header but no data rows");
            }
            int n = cells.size();
            double[] mu = new double[n];
            double[] var = new double[n];
            double[] y = target < 0 ? null : new double[n];
            for (int i = 0; i < n; i++) {
                double[] c = cells.get(i);
                mu[i] = c[0];
                var[i] = c[1] * c[1];
                if (y != null) {
                    y[i] = c[2];
                }
            }
            return new RegressionPredictions(mu, var, y);
        }
    }

    /** Drops a {@code p_} or {@code logit_} prefix shared by every column name. */
    static List<String> stripPrefix(List<String> names) {
        for (String prefix : new String[] {"p_", "logit_"}) {
            boolean all = !names.isEmpty();
            for (String s : names) {
                all &= s.startsWith(prefix) && s.length() > prefix.length();
            }
            if (all) {
                List<String> out = new ArrayList<>(names.size());
                for (String s : names) {
                    out.add(s.substring(prefix.length()));
                }
                return out;
            }
        }
        return names;
    }

    private static double finite(String cell, String source, long line, String column) {
        if (cell.isEmpty()) {
            throw DataException.atCell(source, line, column, "empty cell");
        }
        Double v = NumberCells.parse(cell);
        if (v == null) {
            throw DataException.atCell(source, line, column, "not a number: " + DataException.quote(cell));
        }
        if (!Double.isFinite(v)) {
            throw DataException.atCell(source, line, column, "not a finite number: " + DataException.quote(cell));
        }
        return v;
    }
}
