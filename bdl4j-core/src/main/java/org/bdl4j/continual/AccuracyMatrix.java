package org.bdl4j.continual;

import java.util.List;

/**
 * The accuracy matrix R of a continual-learning run: R[i][j] is the test accuracy on task j after
 * training on tasks 1..i (rows: stages, columns: tasks; entries j &gt; i measure tasks not yet seen).
 * With T tasks (Lopez-Paz &amp; Ranzato 2017; Chaudhry et al. 2018):
 *
 * <pre>
 *   average accuracy after stage i   A_i = (1/i) Σ_{j≤i} R[i][j]
 *   forgetting                       F   = 1/(T-1) Σ_{j&lt;T} max_{j≤i&lt;T} R[i][j] - R[T][j]
 *   backward transfer                BWT = 1/(T-1) Σ_{j&lt;T} R[T][j] - R[j][j]
 * </pre>
 *
 * (indices from 1 in the formulas, from 0 in the arrays); forgetting and BWT are 0 for one task.
 */
public record AccuracyMatrix(List<String> tasks, double[][] accuracy) {
    public AccuracyMatrix {
        tasks = List.copyOf(tasks);
        int t = tasks.size();
        if (accuracy.length > t) {
            throw new IllegalArgumentException(accuracy.length + " stages for " + t + " tasks");
        }
        double[][] copy = new double[accuracy.length][];
        for (int i = 0; i < accuracy.length; i++) {
            if (accuracy[i].length != t) {
                throw new IllegalArgumentException("stage " + (i + 1) + " has " + accuracy[i].length
                        + " accuracies for " + t + " tasks");
            }
            copy[i] = accuracy[i].clone();
        }
        accuracy = copy;
    }

    /** The number of stages recorded (tasks trained on so far). */
    public int stages() {
        return accuracy.length;
    }

    /** R[stage][task], 0-based. */
    public double get(int stage, int task) {
        return accuracy[stage][task];
    }

    /** A_i: the mean accuracy over the tasks seen by stage {@code stage} (0-based). */
    public double averageAccuracy(int stage) {
        double s = 0;
        for (int j = 0; j <= stage; j++) {
            s += accuracy[stage][j];
        }
        return s / (stage + 1);
    }

    /** The average accuracy after the last stage recorded. */
    public double finalAverageAccuracy() {
        return averageAccuracy(stages() - 1);
    }

    /** F: the mean drop from each earlier task's best accuracy to its accuracy after the last stage. */
    public double forgetting() {
        int last = stages() - 1;
        if (last == 0) {
            return 0;
        }
        double s = 0;
        for (int j = 0; j < last; j++) {
            double best = Double.NEGATIVE_INFINITY;
            for (int i = j; i < last; i++) {
                best = Math.max(best, accuracy[i][j]);
            }
            s += best - accuracy[last][j];
        }
        return s / last;
    }

    /** BWT: the mean change of each earlier task's accuracy from just after it was learnt to the end. */
    public double backwardTransfer() {
        int last = stages() - 1;
        if (last == 0) {
            return 0;
        }
        double s = 0;
        for (int j = 0; j < last; j++) {
            s += accuracy[last][j] - accuracy[j][j];
        }
        return s / last;
    }
}
