package org.bdl4j.continual;

import org.bdl4j.nn.Network;
import org.bdl4j.train.ParameterPenalty;

/**
 * What a continual learner keeps of the tasks it has learnt, as a penalty on the weights for the
 * tasks that follow (a strategy of {@link ContinualLearner}). In the Bayesian reading (Kirkpatrick et
 * al. 2017; Ritter et al. 2018) the posterior after tasks 1..t, approximated by a Gaussian at the
 * trained weights θ*_t with the curvature as precision, is the prior of task t + 1:
 *
 * <pre>
 *   -log p(θ | D_1..t) ≈ (λ/2) (θ - θ*)ᵀ H̃_t (θ - θ*) + const,
 * </pre>
 *
 * where the structure of H̃_t (diagonal, Kronecker-factored) and how it accumulates over tasks is
 * what distinguishes the strategies. Owns native arrays: close it.
 */
public interface Consolidation extends AutoCloseable {

    /** Records the network just trained on {@code task} (its curvature on the task's training rows). */
    void consolidate(Network net, ContinualTask task);

    /** The penalty of the next task, or null when there is none (nothing consolidated yet, fine-tuning). */
    ParameterPenalty penalty();

    @Override
    void close();

    /** Plain fine-tuning: nothing is kept, so nothing protects the earlier tasks. */
    static Consolidation none() {
        return new Consolidation() {
            @Override
            public void consolidate(Network net, ContinualTask task) {}

            @Override
            public ParameterPenalty penalty() {
                return null;
            }

            @Override
            public void close() {}
        };
    }
}
