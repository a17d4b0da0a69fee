package org.bdl4j;

import org.bdl4j.data.Task;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.Standardizer;
import org.bdl4j.data.TableSchema;
import org.bdl4j.data.TargetStandardizer;

/**
 * The interface of a trained model to the user's data: the features it takes (names and per-row
 * shape), the classes it predicts or the target it regresses, and the standardisation fitted on the
 * training split (saved with the model, so that predictions take and return original units).
 *
 * @param task classification or regression
 * @param featureNames the feature columns in the order the network sees them
 * @param featureShape the per-row shape, e.g. {@code [13]} or {@code [1, 28, 28]}
 * @param classNames the class labels in index order (empty for regression)
 * @param targetName the target column's name (may be null)
 * @param featureScaler the feature standardisation, or null for none
 * @param targetScaler the regression target standardisation, or null for none
 */
public record ModelSchema(Task task, List<String> featureNames, int[] featureShape, List<String> classNames,
        String targetName, Standardizer featureScaler, TargetStandardizer targetScaler) {

    public ModelSchema {
        Objects.requireNonNull(task, "task");
        featureNames = List.copyOf(featureNames);
        featureShape = featureShape.clone();
        classNames = List.copyOf(classNames);
        int d = 1;
        for (int s : featureShape) {
            d *= s;
        }
        if (d != featureNames.size()) {
            throw new IllegalArgumentException("feature shape " + Arrays.toString(featureShape) + " holds " + d
                    + " values, but there are " + featureNames.size() + " feature names");
        }
        if (task == Task.CLASSIFICATION && classNames.size() < 2) {
            throw new IllegalArgumentException("classification needs at least 2 classes, found " + classNames);
        }
        if (task == Task.REGRESSION && !classNames.isEmpty()) {
            throw new IllegalArgumentException("a regression schema has no classes, found " + classNames);
        }
        if (task == Task.CLASSIFICATION && targetScaler != null) {
            throw new IllegalArgumentException("a classification schema has no target standardisation");
        }
    }

    /**
     * The schema of a training table, optionally with standardisation fitted on it: features always,
     * the target for regression.
     */
    public static ModelSchema of(Dataset train, boolean standardize) {
        if (!train.hasTargets()) {
            throw new IllegalArgumentException("the training table has no target column");
        }
        Standardizer fs = standardize ? Standardizer.fit(train) : null;
        TargetStandardizer ts = standardize && train.task() == Task.REGRESSION
                ? TargetStandardizer.fit(train) : null;
        return new ModelSchema(train.task(), train.featureNames(), train.featureShape(), train.classNames(),
                train.targetName(), fs, ts);
    }

    /** The columns a data file must have for this model (for reading and aligning tables). */
    public TableSchema table() {
        return new TableSchema(featureNames, targetName, task, classNames);
    }

    public int featureCount() {
        return featureNames.size();
    }

    public int numClasses() {
        return classNames.size();
    }

    @Override
    public int[] featureShape() {
        return featureShape.clone();
    }

    /**
     * The table the network sees: features checked against this schema and standardised, and (for
     * regression training data) the target standardised. Inputs without targets stay without.
     */
    public Dataset toNetworkUnits(Dataset data) {
        if (data.featureCount() != featureCount()) {
            throw new IllegalArgumentException("the model takes " + featureCount() + " features, the data has "
                    + data.featureCount());
        }
        Dataset out = data;
        if (!Arrays.equals(data.featureShape(), featureShape)) {
            out = out.withFeatures(out.features(), featureShape, featureNames);
        }
        if (featureScaler != null) {
            out = featureScaler.apply(out);
        }
        if (targetScaler != null && out.task() == Task.REGRESSION) {
            out = targetScaler.apply(out);
        }
        return out;
    }

    /** A regression mean from network units back to the target's units. */
    public double meanToOriginal(double mean) {
        return targetScaler == null ? mean : targetScaler.inverseMean(mean);
    }

    /** A regression variance from network units back to the target's units (times std²). */
    public double varianceToOriginal(double variance) {
        return targetScaler == null ? variance : targetScaler.inverseVariance(variance);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelSchema s && task == s.task && featureNames.equals(s.featureNames)
                && Arrays.equals(featureShape, s.featureShape) && classNames.equals(s.classNames)
                && Objects.equals(targetName, s.targetName) && Objects.equals(featureScaler, s.featureScaler)
                && Objects.equals(targetScaler, s.targetScaler);
    }

    @Override
    public int hashCode() {
        return Objects.hash(task, featureNames, Arrays.hashCode(featureShape), classNames, targetName);
    }
}
