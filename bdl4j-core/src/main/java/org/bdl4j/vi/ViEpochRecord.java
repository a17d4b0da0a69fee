package org.bdl4j.vi;

/**
 * One epoch of VI training, the two parts of the negative ELBO reported separately (in nats over the
 * whole training set, the units of −L(q) = Σ_n E_q[−log p(y_n | x_n, θ)] + KL(q ‖ p)).
 *
 * @param epoch 1-based epoch number
 * @param nll Σ over the epoch's minibatches of the batch's summed NLL at that step's weight draw: a
 *     one-draw estimate of the expected NLL Σ_n E_q[−log p(y_n | x_n, θ)] (q moving during the epoch)
 * @param kl the mean over the epoch's steps of the KL term (exact, or its one-draw estimate for a
 *     Monte Carlo prior), unweighted
 * @param klWeightFirst β at the epoch's first step
 * @param klWeightLast β at the epoch's last step
 * @param seconds wall-clock seconds of the epoch's steps
 */
public record ViEpochRecord(int epoch, double nll, double kl, double klWeightFirst, double klWeightLast,
        double seconds) {

    /** −ELBO ≈ nll + kl (with β = 1, whatever weight the epoch trained with). */
    public double negativeElbo() {
        return nll + kl;
    }
}
