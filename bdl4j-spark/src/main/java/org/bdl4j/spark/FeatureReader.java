package org.bdl4j.spark;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;
import org.bdl4j.ModelSchema;
import org.bdl4j.data.Dataset;

/**
 * Turns the feature columns of a batch of rows into the model's input: either one numeric column per
 * feature, in the model's order, or one column of numeric arrays holding the whole feature vector (an
 * image's pixels). Checked on the driver against the input's schema (names, types); a null, a
 * non-finite value or an array of the wrong length is refused in the task with a message naming the
 * column, the partition and the row within it.
 */
final class FeatureReader implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String[] columns;
    private final int[] indices;
    private final boolean vector;
    private final int[] featureShape;
    private final List<String> featureNames;

    private FeatureReader(String[] columns, int[] indices, boolean vector, ModelSchema schema) {
        this.columns = columns;
        this.indices = indices;
        this.vector = vector;
        this.featureShape = schema.featureShape().clone();
        this.featureNames = List.copyOf(schema.featureNames());
    }

    /**
     * @param chosen the feature columns, or empty for the model's feature names
     * @throws IllegalArgumentException naming the column that is missing or not numeric
     */
    static FeatureReader of(StructType input, ModelSchema schema, List<String> chosen) {
        List<String> names = chosen.isEmpty() ? schema.featureNames() : chosen;
        String[] columns = names.toArray(String[]::new);
        int[] indices = new int[columns.length];
        List<String> present = List.of(input.fieldNames());
        for (int j = 0; j < columns.length; j++) {
            if (!present.contains(columns[j])) {
                throw new IllegalArgumentException("the input has no column " + columns[j] + " (the model's feature "
                        + (j + 1) + " of " + schema.featureCount() + "); its columns: " + String.join(", ", present));
            }
            indices[j] = input.fieldIndex(columns[j]);
        }
        if (columns.length == 1 && schema.featureCount() > 1) {
            DataType t = input.fields()[indices[0]].dataType();
            if (!(t instanceof ArrayType a && a.elementType() instanceof NumericType)) {
                throw new IllegalArgumentException("column " + columns[0] + " has type " + t.simpleString()
                        + ": one column for " + schema.featureCount() + " features must hold numeric arrays");
            }
            return new FeatureReader(columns, indices, true, schema);
        }
        if (columns.length != schema.featureCount()) {
            throw new IllegalArgumentException(columns.length + " feature columns given, the model takes "
                    + schema.featureCount() + " features");
        }
        for (int j = 0; j < columns.length; j++) {
            DataType t = input.fields()[indices[j]].dataType();
            if (!(t instanceof NumericType)) {
                throw new IllegalArgumentException("column " + columns[j] + " has type " + t.simpleString()
                        + ", expected a number");
            }
        }
        return new FeatureReader(columns, indices, false, schema);
    }

    /**
     * The features of {@code batch} as an unlabelled data set.
     *
     * @param firstRow the batch's first row's position within the partition (for messages)
     */
    Dataset read(List<Row> batch, long firstRow) {
        int d = featureNames.size();
        float[] x = new float[batch.size() * d];
        for (int i = 0; i < batch.size(); i++) {
            Row row = batch.get(i);
            long at = firstRow + i;
            if (vector) {
                List<Object> values = row.isNullAt(indices[0]) ? null : row.getList(indices[0]);
                if (values == null || values.size() != d) {
                    throw bad(columns[0], at, values == null ? "null" : "an array of " + values.size()
                            + " values, the model takes " + d);
                }
                for (int k = 0; k < d; k++) {
                    x[i * d + k] = finite(values.get(k), columns[0], at);
                }
            } else {
                for (int j = 0; j < d; j++) {
                    x[i * d + j] = finite(row.isNullAt(indices[j]) ? null : row.get(indices[j]), columns[j], at);
                }
            }
        }
        return Dataset.unlabeled(x, batch.size(), featureShape, featureNames);
    }

    private static float finite(Object value, String column, long row) {
        if (!(value instanceof Number n)) {
            throw bad(column, row, value == null ? "null" : String.valueOf(value));
        }
        float f = n.floatValue();
        if (!Float.isFinite(f)) {
            throw bad(column, row, String.valueOf(n));
        }
        return f;
    }

    private static IllegalArgumentException bad(String column, long row, String found) {
        TaskContext task = TaskContext.get();
        String where = task == null ? "row " + (row + 1) : "partition " + task.partitionId() + ", row " + (row + 1);
        return new IllegalArgumentException("column " + column + ", " + where + ": " + found
                + " (expected a finite number)");
    }
}
