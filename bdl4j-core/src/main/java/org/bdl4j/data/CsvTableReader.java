package org.bdl4j.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a CSV file with a header line into a {@link Dataset} (flat features, shape {@code [d]}, named by
 * the header).
 *
 * <p>Format (see also {@code CsvRows}): UTF-8 (a byte-order mark is tolerated), RFC 4180, cells trimmed,
 * blank lines skipped, every line as many cells as the header. Feature cells must be finite numbers in
 * Java's {@link Double#parseDouble} syntax that fit a float32: empty cells, NaN and infinities are
 * errors. Rows are streamed into a growable {@code float[]}; the file is read once and never held as
 * text.
 *
 * <p>Targets, when read for fitting ({@link #load}): for regression a finite number; for classification
 * any non-empty text, encoded to class indices with the classes ordered numerically when every label is
 * a number (and then named by plain decimal value: {@code "1.0"} is class {@code "1"}), else
 * lexicographically. The mapping is {@link Dataset#classNames()}.
 *
 * <p>Task inference (when the caller passes no task), in this order:
 *
 * <ol>
 *   <li>any target cell that is not a number: classification;
 *   <li>any non-integer value: regression;
 *   <li>more than 20 distinct values: regression;
 *   <li>at most 2 distinct values, or at most rows / 2 distinct values (so on average at least two rows
 *       per value): classification;
 *   <li>otherwise regression.
 * </ol>
 *
 * NaN and infinite targets are errors in every case except an explicit classification, where any text is
 * a label. The decision and its reason are returned in {@link LoadedTable#task()}; the caller can always
 * override it by passing a task.
 *
 * <p>Every problem is a {@link DataException} with a one-line message naming the file, the line, the
 * column and the value found.
 */
public final class CsvTableReader {
    private CsvTableReader() {
    }

    /**
     * Reads a table for fitting.
     *
     * @param file the CSV file
     * @param targetColumn the target's column name, or {@code null} for the last column
     * @param task the task, or {@code null} to infer it from the target column
     */
    public static LoadedTable load(Path file, String targetColumn, Task task) {
        try (CsvRows rows = CsvRows.open(file)) {
            String source = rows.source();
            List<String> header = rows.header();
            int target = targetColumn == null ? header.size() - 1 : rows.requireColumn(targetColumn);
            String targetName = header.get(target);
            if (header.size() < 2) {
                throw new DataException(source + ": needs at least one feature column besides the target "
                        + DataException.quote(targetName) + " (columns: " + rows.listColumns() + ")");
            }
            if (targetName.isEmpty()) {
                throw new DataException(source + ": the target column (column " + (target + 1)
                        + ") has no name in the header");
            }
            int[] columns = featureColumns(rows, target);
            List<String> names = new ArrayList<>(columns.length);
            for (int c : columns) {
                names.add(header.get(c));
            }
            FloatArrayBuilder x = new FloatArrayBuilder(initialCapacity(columns.length));
            TargetColumn y = new TargetColumn(source, targetName, task);
            while (rows.next()) {
                readFeatures(rows, columns, header, x);
                y.add(rows.cell(target), rows.line());
            }
            requireRows(x, source);
            return y.build(x.toArray(), new int[] {columns.length}, names);
        }
    }

    /** {@link #load} without the task decision. */
    public static Dataset read(Path file, String targetColumn, Task task) {
        return load(file, targetColumn, task).dataset();
    }

    /**
     * Applies the task inference rule of this class to target cells given in memory (trimmed here).
     *
     * @throws DataException for an empty cell or a NaN / infinite number
     * @throws IllegalArgumentException for an empty list
     */
    public static TaskChoice inferTask(List<String> targetCells) {
        if (targetCells.isEmpty()) {
            throw new IllegalArgumentException("no target cells to infer a task from");
        }
        TargetColumn y = new TargetColumn("target cells", "target", null);
        for (int i = 0; i < targetCells.size(); i++) {
            y.add(targetCells.get(i).trim(), i + 1);
        }
        return y.choice();
    }

    /**
     * Reads a table for a fitted model: the schema's feature columns, by name and in the schema's order;
     * other columns are ignored (not parsed). The target column is handled as {@code mode} says; when
     * read, a classification label must be one of the schema's classes (matched by name, numeric labels
     * also by value) and the result uses the schema's class indices.
     *
     * @throws DataException for a missing feature column (all missing names listed), a missing target
     *     column under {@link TargetMode#REQUIRED}, an unknown label, or any bad cell in a used column
     */
    public static Dataset readForModel(Path file, TableSchema schema, TargetMode mode) {
        try (CsvRows rows = CsvRows.open(file)) {
            String source = rows.source();
            List<String> header = rows.header();
            int[] columns = schema.columnsOf(rows::findColumn, source);
            int target = -1;
            if (mode != TargetMode.IGNORED && schema.targetName() != null) {
                target = mode == TargetMode.REQUIRED
                        ? rows.requireColumn(schema.targetName()) : rows.findColumn(schema.targetName());
            } else if (mode == TargetMode.REQUIRED) {
                throw new DataException(source + ": the model has no target column to evaluate against");
            }
            FloatArrayBuilder x = new FloatArrayBuilder(initialCapacity(columns.length));
            ModelTarget y = target < 0 ? null : new ModelTarget(schema, source);
            while (rows.next()) {
                readFeatures(rows, columns, header, x);
                if (y != null) {
                    y.add(rows.cell(target), rows.line());
                }
            }
            requireRows(x, source);
            int n = x.size() / columns.length;
            int[] shape = {columns.length};
            return y == null ? Dataset.unlabeled(x.toArray(), n, shape, schema.featureNames())
                    : y.build(x.toArray(), n, shape);
        }
    }

    private static void readFeatures(CsvRows rows, int[] columns, List<String> header, FloatArrayBuilder x) {
        for (int c : columns) {
            x.add(NumberCells.finiteFloat(rows.cell(c), rows.source(), rows.line(), header.get(c)));
        }
    }

    private static int[] featureColumns(CsvRows rows, int target) {
        List<String> header = rows.header();
        int[] columns = new int[header.size() - 1];
        Set<String> seen = new HashSet<>();
        int k = 0;
        for (int c = 0; c < header.size(); c++) {
            if (c == target) {
                continue;
            }
            String name = header.get(c);
            if (name.isEmpty()) {
                throw new DataException(rows.source() + ": column " + (c + 1)
                        + " has no name in the header (every feature needs one; an index column?)");
            }
            if (!seen.add(name) || name.equals(header.get(target))) {
                rows.findColumn(name); // throws, naming both positions
            }
            columns[k++] = c;
        }
        return columns;
    }

    /** Room for about 1,000 rows, at most 2^20 values to start with. */
    private static int initialCapacity(int columns) {
        return (int) Math.min(1L << 20, 1024L * columns);
    }

    private static void requireRows(FloatArrayBuilder x, String source) {
        if (x.size() == 0) {
            throw new DataException(source + ": no data rows after the header");
        }
    }

    /** The target column read against a fitted model's schema. */
    private static final class ModelTarget {
        private final TableSchema schema;
        private final String source;
        private final ClassLabels known;
        private final FloatArrayBuilder values = new FloatArrayBuilder(1024);
        private final IntArrayBuilder labels = new IntArrayBuilder(1024);

        ModelTarget(TableSchema schema, String source) {
            this.schema = schema;
            this.source = source;
            this.known = schema.task() == Task.CLASSIFICATION ? new ClassLabels(schema.classNames()) : null;
        }

        void add(String cell, long line) {
            if (known == null) {
                values.add(NumberCells.finiteFloat(cell, source, line, schema.targetName()));
                return;
            }
            if (cell.isEmpty()) {
                throw DataException.atCell(source, line, schema.targetName(), "empty cell");
            }
            int k = known.indexOf(cell);
            if (k < 0) {
                throw DataException.atCell(source, line, schema.targetName(), known.unknown(cell));
            }
            labels.add(k);
        }

        Dataset build(float[] features, int rows, int[] shape) {
            return known == null
                    ? Dataset.regression(features, rows, shape, schema.featureNames(), values.toArray(),
                            schema.targetName())
                    : Dataset.classification(features, rows, shape, schema.featureNames(), labels.toArray(),
                            schema.classNames(), schema.targetName());
        }
    }
}
