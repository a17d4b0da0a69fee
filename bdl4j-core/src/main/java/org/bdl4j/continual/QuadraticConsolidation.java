package org.bdl4j.continual;

import ai.djl.ndarray.NDManager;
import java.util.Objects;
import java.util.function.Function;
import org.bdl4j.nn.Network;
import org.bdl4j.train.ParameterPenalty;

/**
 * What the quadratic consolidations share: the strength λ, how a task's curvature is computed, and the
 * current penalty with the native arrays it reads, rebuilt after every task in a manager of its own and
 * freed on {@link #close}.
 */
abstract class QuadraticConsolidation implements Consolidation {
    final double lambda;
    final FisherSettings fisher;
    private NDManager arrays;
    private ParameterPenalty penalty;

    QuadraticConsolidation(double lambda, FisherSettings fisher) {
        this.lambda = checkLambda(lambda);
        this.fisher = Objects.requireNonNull(fisher, "fisher");
    }

    /** @throws IllegalArgumentException unless λ is positive and finite */
    static double checkLambda(double lambda) {
        if (!(lambda > 0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException("lambda must be a positive number, found " + lambda);
        }
        return lambda;
    }

    /** Frees the previous penalty and builds the next in a new manager on the network's device. */
    final void replacePenalty(Network net, Function<NDManager, ParameterPenalty> build) {
        close();
        arrays = NDManager.newBaseManager(net.device());
        penalty = build.apply(arrays);
    }

    @Override
    public final ParameterPenalty penalty() {
        return penalty;
    }

    @Override
    public final void close() {
        if (arrays != null) {
            arrays.close();
            arrays = null;
            penalty = null;
        }
    }
}
