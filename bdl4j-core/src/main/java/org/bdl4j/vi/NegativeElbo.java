package org.bdl4j.vi;

import ai.djl.ndarray.NDArray;
import org.bdl4j.nn.Scalars;

/**
 * The minibatch objective of VI. The negative ELBO on N training rows,
 *
 * <pre>
 *   −L(q) = Σ_{n=1}^{N} E_q[−log p(y_n | x_n, θ)] + β KL(q ‖ p),
 * </pre>
 *
 * is estimated on a minibatch B with one weight draw θ̃ as (N/|B|) Σ_{b ∈ B} −log p(y_b | x_b, θ̃) + β KL,
 * which is unbiased for −L(q) when B is drawn uniformly. This code minimises that estimate divided by
 * N,
 *
 * <pre>
 *   ℓ_B = (1/|B|) Σ_{b ∈ B} −log p(y_b | x_b, θ̃) + β KL / N,
 * </pre>
 *
 * the per-example scale of {@link org.bdl4j.train.MapTrainer} (whose weight decay λ/N is the same
 * prior term divided by N): learning rates mean the same for MAP and VI, and Adam is invariant to the
 * constant factor N anyway. The KL enters once per step with weight 1/N, so that over an epoch of
 * N/|B| equal batches the average of ℓ_B is −L(q)/N exactly. Conventions differ between papers and
 * libraries: Blundell et al. (2015) weigh the KL by 1/M for M minibatches against the batch's summed
 * NLL, which is this objective times |B|; public example code also adds KL/|B| or KL/M to a batch-mean
 * NLL, which weighs the prior N/|B| or |B| times more than the ELBO does. With a last, partial batch an
 * epoch weighs that batch's rows more, as every minibatch trainer that keeps it does.
 */
final class NegativeElbo {
    private NegativeElbo() {}

    /** ℓ_B from the batch's mean NLL, the KL, the weight β and the number of training rows N. */
    static NDArray perExample(NDArray batchMeanNll, NDArray kl, double beta, int n) {
        return batchMeanNll.add(kl.mul(Scalars.like(kl, (float) (beta / n))));
    }
}
