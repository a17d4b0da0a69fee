package org.bdl4j.curvature;

import org.bdl4j.options.EnumNames;

/**
 * Which curvature approximates the Hessian of the summed NLL. Each type is a strategy for the K
 * output cotangents v_k that {@link LayerTaps} back-propagates per row ({@link OutputCotangents}):
 * the curvature is Σ_n Σ_k (J_nᵀ v_nk)(J_nᵀ v_nk)ᵀ.
 */
public enum CurvatureType implements EnumNames.Named {
    /**
     * Generalised Gauss-Newton Σ_n J_nᵀ Λ_n J_n with Λ_n = ∂²(-log p(y_n|f))/∂f² (for softmax
     * diag(p) - ppᵀ, for a Gaussian 1/σ²); equals the Fisher for these likelihoods. Exact: the
     * columns of a square root of Λ_n (K = C for softmax).
     */
    GGN("ggn", 2),
    /** Empirical Fisher Σ_n ∇_θ ℓ_n ∇_θ ℓ_nᵀ with the true labels (K = 1). */
    EF("ef", 4),
    /**
     * Monte Carlo Fisher (Martens &amp; Grosse 2015; laplace-torch's {@code stochastic=True}):
     * Σ_n (1/M) Σ_{s=1..M} ∇_θ ℓ(ỹ_s, f_n) ∇_θ ℓ(ỹ_s, f_n)ᵀ with labels ỹ_s drawn from the model's own
     * predictive p(y | f_n) (K = M, see {@link FisherSamples}). Since E_ỹ[∇_f ℓ ∇_f ℓᵀ] = Λ_n for
     * these likelihoods, it is an unbiased estimate of the GGN at the cost of M cotangents per row
     * instead of C.
     */
    MC_FISHER("mcf", 2);

    private final String cliName;
    private final int sigmaPower;

    CurvatureType(String cliName, int sigmaPower) {
        this.cliName = cliName;
        this.sigmaPower = sigmaPower;
    }

    public String cliName() {
        return cliName;
    }

    /**
     * The power m of 1/σ that a Gaussian likelihood's curvature carries (H ∝ σ^-m at fixed θ and, for
     * the Monte Carlo Fisher, fixed standard-normal draws ε): 2 for the GGN and the MC Fisher (cotangents
     * 1/σ and -ε/σ), 4 for the empirical Fisher (cotangent (f - y)/σ²).
     */
    public int sigmaPower() {
        return sigmaPower;
    }

    public static CurvatureType parse(String text) {
        return EnumNames.parse(CurvatureType.class, text, "curvature");
    }
}
