package org.bdl4j.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects the target cells of a CSV file read for fitting, one row at a time, and decides the task
 * when none was requested (see {@link CsvTableReader} for the rule).
 *
 * <p>Memory: one float and one int per row, plus the distinct labels. In automatic mode, while every
 * target so far is a number, the label dictionary is dropped once it exceeds 10,000 distinct spellings
 * (the column is then certainly regression); a later non-numeric cell is reported as an error.
 */
final class TargetColumn {
    /** At most this many distinct integer values for a numeric target to be inferred as classes. */
    static final int MAX_INFERRED_CLASSES = 20;
    private static final int DICTIONARY_CAP = 10_000;

    private final String source;
    private final String column;
    private final Task requested;
    private final FloatArrayBuilder values = new FloatArrayBuilder(1024);
    private Map<String, Integer> dictionary = new HashMap<>();
    private List<String> observed = new ArrayList<>();
    private IntArrayBuilder codes = new IntArrayBuilder(1024);
    private final Set<Double> distinctValues = new HashSet<>();
    private boolean allIntegers = true;
    private String firstText;
    private long firstTextLine;
    private int rows;

    TargetColumn(String source, String column, Task requested) {
        this.source = source;
        this.column = column;
        this.requested = requested;
    }

    void add(String cell, long line) {
        if (cell.isEmpty()) {
            throw DataException.atCell(source, line, column, "empty cell");
        }
        rows++;
        if (requested == Task.REGRESSION) {
            values.add(NumberCells.finiteFloat(cell, source, line, column));
        } else if (requested == Task.CLASSIFICATION) {
            encode(cell);
        } else {
            addInferring(cell, line);
        }
    }

    private void addInferring(String cell, long line) {
        Double v = NumberCells.parse(cell);
        if (v == null) {
            if (dictionary == null) {
                throw DataException.atCell(source, line, column, "not a number: " + DataException.quote(cell)
                        + " (the column was taken as a regression target: its earlier rows hold more than "
                        + DICTIONARY_CAP + " distinct numbers)");
            }
            if (firstText == null) {
                firstText = cell;
                firstTextLine = line;
            }
            values.add(0f);
        } else {
            float f = NumberCells.checkedFloat(v, cell, source, line, column);
            values.add(f);
            if (v != Math.rint(v)) {
                allIntegers = false;
            }
            if (distinctValues.size() <= MAX_INFERRED_CLASSES) {
                distinctValues.add(v == 0.0 ? 0.0 : v);
            }
        }
        if (dictionary != null) {
            encode(cell);
            if (firstText == null && dictionary.size() > DICTIONARY_CAP) {
                dictionary = null;
                observed = null;
                codes = null;
            }
        }
    }

    private void encode(String cell) {
        Integer code = dictionary.get(cell);
        if (code == null) {
            code = observed.size();
            dictionary.put(cell, code);
            observed.add(cell);
        }
        codes.add(code);
    }

    /** The task: the requested one, or the inferred one with its reason. */
    TaskChoice choice() {
        if (requested != null) {
            return TaskChoice.requested(requested);
        }
        if (firstText != null) {
            return new TaskChoice(Task.CLASSIFICATION, true, "non-numeric target values such as "
                    + DataException.quote(firstText) + " on line " + firstTextLine);
        }
        if (!allIntegers) {
            return new TaskChoice(Task.REGRESSION, true, "the target has non-integer values");
        }
        int k = distinctValues.size();
        if (k > MAX_INFERRED_CLASSES || dictionary == null) {
            return new TaskChoice(Task.REGRESSION, true,
                    "the target has more than " + MAX_INFERRED_CLASSES + " distinct values");
        }
        if (k <= 2 || 2L * k <= rows) {
            return new TaskChoice(Task.CLASSIFICATION, true,
                    "the target has " + k + " distinct integer values in " + rows + " rows");
        }
        return new TaskChoice(Task.REGRESSION, true, "the target has " + k + " distinct integer values in only "
                + rows + " rows (classes need at least 2 rows per value on average)");
    }

    /** The table with these targets and the given features. */
    LoadedTable build(float[] features, int[] featureShape, List<String> featureNames) {
        TaskChoice choice = choice();
        Dataset d;
        if (choice.task() == Task.REGRESSION) {
            d = Dataset.regression(features, rows, featureShape, featureNames, values.toArray(), column);
        } else {
            ClassLabels.Encoding enc = ClassLabels.order(observed);
            int[] labels = codes.toArray();
            for (int i = 0; i < labels.length; i++) {
                labels[i] = enc.remap()[labels[i]];
            }
            d = Dataset.classification(features, rows, featureShape, featureNames, labels, enc.names(), column);
        }
        return new LoadedTable(d, choice);
    }
}
