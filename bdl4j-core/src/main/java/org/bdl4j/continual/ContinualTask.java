package org.bdl4j.continual;

import java.util.Objects;
import org.bdl4j.data.Dataset;
import org.bdl4j.nn.ActiveOutputs;

/**
 * One task of a continual-learning sequence: its training and test rows (in the units the network
 * sees, every task with the same classes and feature shape) and, for task-incremental learning, the
 * head whose outputs its rows use.
 *
 * @param name e.g. "permuted 3" or "classes 4,5"
 * @param head the active outputs of a multi-head classifier, or null when every output is used
 *     (domain- and class-incremental learning)
 */
public record ContinualTask(String name, Dataset train, Dataset test, ActiveOutputs head) {
    public ContinualTask {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        if (train.rows() == 0 || test.rows() == 0) {
            throw new IllegalArgumentException("task '" + name + "' has " + train.rows() + " training and "
                    + test.rows() + " test rows; it needs both");
        }
    }
}
