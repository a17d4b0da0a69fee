package org.bdl4j.curvature;

import java.util.Locale;

/** Which curvature approximates the Hessian of the summed NLL. */
public enum CurvatureType {
    /**
     * Generalised Gauss-Newton Σ_n J_nᵀ Λ_n J_n with Λ_n = ∂²(-log p(y_n|f))/∂f² (for softmax
     * diag(p) - ppᵀ, for a Gaussian 1/σ²); equals the Fisher for these likelihoods.
     */
    GGN,
    /** Empirical Fisher Σ_n ∇_θ ℓ_n ∇_θ ℓ_nᵀ with the true labels. */
    EF;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CurvatureType parse(String text) {
        for (CurvatureType t : values()) {
            if (t.cliName().equalsIgnoreCase(text.trim())) {
                return t;
            }
        }
        throw new IllegalArgumentException("curvature must be ggn or ef, found '" + text + "'");
    }
}
