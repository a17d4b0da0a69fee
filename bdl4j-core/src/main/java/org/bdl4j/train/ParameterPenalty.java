package org.bdl4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;

/**
 * A term R(θ) added to the negative log joint that MAP training minimises, L(θ) = Σ_n NLL_n + (λ/2)‖θ‖²
 * + R(θ); minibatch steps add ∇R(θ)/N to the batch-mean gradient, as the prior's weight decay is
 * added. Continual learning's quadratic penalties (EWC, the Kronecker-factored Laplace prior) are
 * of this kind: their gradients are closed forms, so they are added to the parameters' gradients
 * rather than back-propagated.
 */
public interface ParameterPenalty {

    /** R(θ) at the given parameter arrays (in the network's flat order). */
    double value(List<NDArray> parameters);

    /**
     * ∇R(θ), one array per parameter array and of its shape, in {@code manager}; a null entry stands
     * for a zero gradient.
     */
    NDArray[] gradient(List<NDArray> parameters, NDManager manager);
}
