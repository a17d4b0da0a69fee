package org.bdl4j.laplace;

import java.util.Locale;

/**
 * How the Gaussian over logits f ~ N(f*, Σ_f) of the linearised network becomes class probabilities.
 */
public enum Link {
    /**
     * The probit approximation (MacKay 1992; Lakshminarayanan / Spiegelhalter &amp; Lauritzen):
     * p ≈ softmax(f*_c · κ_c) with κ_c = 1/sqrt(1 + π/8 · Σ_f[c, c]). It ignores the correlations
     * between logits and gives no samples: the predictive's mutual information is 0 (use {@link #MC}
     * for the entropy decomposition).
     */
    PROBIT,
    /** Monte Carlo: S draws f_s = f* + L ε (Σ_f = L Lᵀ), p = (1/S) Σ_s softmax(f_s). */
    MC,
    /** The Laplace bridge to a Dirichlet (see {@link LaplaceBridge}), closed form with an entropy decomposition. */
    BRIDGE;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Link parse(String text) {
        for (Link l : values()) {
            if (l.cliName().equalsIgnoreCase(text.trim())) {
                return l;
            }
        }
        throw new IllegalArgumentException("link must be probit, mc or bridge, found '" + text + "'");
    }
}
