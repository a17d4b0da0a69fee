package org.bdl4j.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An in-memory table: {@code rows} feature vectors stored row-major in one {@code float[]}, and
 * optionally a target per row (a class index for classification, a real value for regression).
 *
 * <p>Each row has the shape {@link #featureShape()} (e.g. {@code [784]} for a flat vector or
 * {@code [1, 28, 28]} for an image); {@link #featureCount()} is the product of that shape. The
 * arrays are not copied on construction or access: treat them as read-only.
 */
public final class Dataset implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final float[] features;
    private final int rows;
    private final int[] featureShape;
    private final List<String> featureNames;
    private final Task task; // null when there is no target
    private final int[] labels; // classification targets, indices into classNames
    private final float[] targets; // regression targets
    private final List<String> classNames;
    private final String targetName;
    private final Origin origin;

    private Dataset(float[] features, int rows, int[] featureShape, List<String> featureNames,
            Task task, int[] labels, float[] targets, List<String> classNames, String targetName, Origin origin) {
        Objects.requireNonNull(features, "features");
        int d = 1;
        for (int s : featureShape) {
            if (s <= 0) {
                throw new IllegalArgumentException("feature shape must be positive, found "
                        + Arrays.toString(featureShape));
            }
            d *= s;
        }
        if (rows < 0 || (long) rows * d != features.length) {
            throw new IllegalArgumentException("features hold " + features.length + " values, expected "
                    + rows + " rows x " + d + " features");
        }
        if (featureNames.size() != d) {
            throw new IllegalArgumentException("expected " + d + " feature names, found " + featureNames.size());
        }
        if (labels != null && labels.length != rows) {
            throw new IllegalArgumentException("expected " + rows + " labels, found " + labels.length);
        }
        if (targets != null && targets.length != rows) {
            throw new IllegalArgumentException("expected " + rows + " targets, found " + targets.length);
        }
        if (labels != null) {
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] < 0 || labels[i] >= classNames.size()) {
                    throw new IllegalArgumentException("label " + labels[i] + " at row " + i
                            + " is outside [0, " + classNames.size() + ")");
                }
            }
        }
        this.features = features;
        this.rows = rows;
        this.featureShape = featureShape.clone();
        this.featureNames = List.copyOf(featureNames);
        this.task = task;
        this.labels = labels;
        this.targets = targets;
        this.classNames = classNames == null ? List.of() : List.copyOf(classNames);
        this.targetName = targetName;
        this.origin = Objects.requireNonNull(origin, "origin");
    }

    /** A classification table: {@code labels[i]} indexes {@code classNames}. */
    public static Dataset classification(float[] features, int rows, int[] featureShape,
            List<String> featureNames, int[] labels, List<String> classNames, String targetName) {
        return new Dataset(features, rows, featureShape, featureNames, Task.CLASSIFICATION,
                Objects.requireNonNull(labels, "labels"), null, Objects.requireNonNull(classNames, "classNames"),
                targetName, Origin.IN_MEMORY);
    }

    /** A regression table with one real target per row. */
    public static Dataset regression(float[] features, int rows, int[] featureShape,
            List<String> featureNames, float[] targets, String targetName) {
        return new Dataset(features, rows, featureShape, featureNames, Task.REGRESSION, null,
                Objects.requireNonNull(targets, "targets"), null, targetName, Origin.IN_MEMORY);
    }

    /** Features only (inputs to predict on). */
    public static Dataset unlabeled(float[] features, int rows, int[] featureShape, List<String> featureNames) {
        return new Dataset(features, rows, featureShape, featureNames, null, null, null, null, null, Origin.IN_MEMORY);
    }

    /** Flat vectors named x0..x{d-1}: a convenience for generated data and tests. */
    public static List<String> defaultFeatureNames(int d) {
        List<String> names = new ArrayList<>(d);
        for (int j = 0; j < d; j++) {
            names.add("x" + j);
        }
        return Collections.unmodifiableList(names);
    }

    public int rows() {
        return rows;
    }

    /** Number of values per row (the product of {@link #featureShape()}). */
    public int featureCount() {
        return product(featureShape);
    }

    public int[] featureShape() {
        return featureShape.clone();
    }

    /** The row-major feature matrix (not a copy). */
    public float[] features() {
        return features;
    }

    public List<String> featureNames() {
        return featureNames;
    }

    /** The task of the targets, or {@code null} when the table has none. */
    public Task task() {
        return task;
    }

    public boolean hasTargets() {
        return task != null;
    }

    /** Class indices (not a copy); only for classification tables. */
    public int[] labels() {
        if (labels == null) {
            throw new IllegalStateException("this table has no class labels");
        }
        return labels;
    }

    /** Real targets (not a copy); only for regression tables. */
    public float[] targets() {
        if (targets == null) {
            throw new IllegalStateException("this table has no regression targets");
        }
        return targets;
    }

    /** Class names in index order; empty unless classification. */
    public List<String> classNames() {
        return classNames;
    }

    public int numClasses() {
        return classNames.size();
    }

    /** The target column's name, or {@code null}. */
    public String targetName() {
        return targetName;
    }

    /** A copy of row {@code i}'s features. */
    public float[] row(int i) {
        int d = featureCount();
        return Arrays.copyOfRange(features, i * d, (i + 1) * d);
    }

    /** The rows at {@code indices}, in that order (copied). */
    public Dataset subset(int[] indices) {
        int d = featureCount();
        float[] x = new float[indices.length * d];
        for (int r = 0; r < indices.length; r++) {
            int i = indices[r];
            if (i < 0 || i >= rows) {
                throw new IndexOutOfBoundsException("row " + i + " outside [0, " + rows + ")");
            }
            System.arraycopy(features, i * d, x, r * d, d);
        }
        int[] l = null;
        float[] t = null;
        if (labels != null) {
            l = new int[indices.length];
            for (int r = 0; r < indices.length; r++) {
                l[r] = labels[indices[r]];
            }
        }
        if (targets != null) {
            t = new float[indices.length];
            for (int r = 0; r < indices.length; r++) {
                t[r] = targets[indices[r]];
            }
        }
        return new Dataset(x, indices.length, featureShape, featureNames, task, l, t, classNames, targetName, origin);
    }

    /** The rows {@code [from, to)} (copied). */
    public Dataset slice(int from, int to) {
        int[] idx = new int[to - from];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = from + i;
        }
        return subset(idx);
    }

    /** The same targets with other features of the same row count (e.g. after standardisation). */
    public Dataset withFeatures(float[] newFeatures, int[] newShape, List<String> newNames) {
        return new Dataset(newFeatures, rows, newShape, newNames, task, labels, targets, classNames, targetName,
                origin);
    }

    /** The same features with other regression targets (e.g. standardised). */
    public Dataset withTargets(float[] newTargets) {
        return new Dataset(features, rows, featureShape, featureNames, Task.REGRESSION, null, newTargets, null,
                targetName, origin);
    }

    /** The features alone, targets dropped. */
    public Dataset withoutTargets() {
        return new Dataset(features, rows, featureShape, featureNames, null, null, null, null, null, origin);
    }

    /** Where the rows were read from (kept by every derived table: subsets, standardised copies, ...). */
    public Origin origin() {
        return origin;
    }

    /** The same table, read from {@code from}. */
    public Dataset withOrigin(Origin from) {
        return new Dataset(features, rows, featureShape, featureNames, task, labels, targets, classNames, targetName,
                from);
    }

    private static int product(int[] shape) {
        int p = 1;
        for (int s : shape) {
            p *= s;
        }
        return p;
    }
}
