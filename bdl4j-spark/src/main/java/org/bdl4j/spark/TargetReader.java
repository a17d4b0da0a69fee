package org.bdl4j.spark;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.bdl4j.ModelSchema;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.Task;

/**
 * The target column of training rows read on executors, in the model's terms: a class index into the
 * model's class names (a label is matched as its text, a whole number also as the integer it is, so a
 * label 1.0 read by Spark matches a class the CSV reader named 1), or a real target for regression. A
 * missing value or an unknown class is refused with its column, partition and row.
 */
final class TargetReader implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String column;
    private final int index;
    private final Task task;
    private final List<String> classNames;

    private TargetReader(String column, int index, ModelSchema schema) {
        this.column = column;
        this.index = index;
        this.task = schema.task();
        this.classNames = List.copyOf(schema.classNames());
    }

    /** @param column the target column, or null for the model's own target name */
    static TargetReader of(StructType input, ModelSchema schema, String column) {
        String name = column != null ? column : schema.targetName();
        if (name == null) {
            throw new IllegalArgumentException("the model does not name its target column: give it");
        }
        if (!List.of(input.fieldNames()).contains(name)) {
            throw new IllegalArgumentException("the input has no target column " + name + "; its columns: "
                    + String.join(", ", input.fieldNames()));
        }
        return new TargetReader(name, input.fieldIndex(name), schema);
    }

    /** {@code x}'s rows with the targets of {@code batch} (the same rows). */
    Dataset withTargets(Dataset x, List<Row> batch, long firstRow) {
        if (task == Task.CLASSIFICATION) {
            int[] labels = new int[batch.size()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = label(batch.get(i), firstRow + i);
            }
            return Dataset.classification(x.features(), x.rows(), x.featureShape(), x.featureNames(), labels,
                    classNames, column);
        }
        float[] y = new float[batch.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) target(batch.get(i), firstRow + i);
        }
        return Dataset.regression(x.features(), x.rows(), x.featureShape(), x.featureNames(), y, column);
    }

    /** The class index of one row's label. */
    int label(Row row, long at) {
        Object v = row.isNullAt(index) ? null : row.get(index);
        if (v == null) {
            throw bad(at, "null (expected a class)");
        }
        int k = classNames.indexOf(String.valueOf(v));
        if (k < 0 && v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            k = classNames.indexOf(Long.toString((long) n.doubleValue()));
        }
        if (k < 0) {
            throw bad(at, "class '" + v + "' is not one of the model's classes " + classNames);
        }
        return k;
    }

    /** One row's real target. */
    double target(Row row, long at) {
        Object v = row.isNullAt(index) ? null : row.get(index);
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw bad(at, v == null ? "null" : String.valueOf(v) + " (expected a finite number)");
        }
        return n.doubleValue();
    }

    private IllegalArgumentException bad(long row, String found) {
        TaskContext t = TaskContext.get();
        String where = t == null ? "row " + (row + 1) : "partition " + t.partitionId() + ", row " + (row + 1);
        return new IllegalArgumentException("column " + column + ", " + where + ": " + found);
    }
}
