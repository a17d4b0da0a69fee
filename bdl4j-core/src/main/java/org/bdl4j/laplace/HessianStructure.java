package org.bdl4j.laplace;

import java.util.Locale;

/** How the curvature over the chosen weights is stored and inverted. */
public enum HessianStructure {
    /** The dense P x P matrix (moderate P only). */
    FULL,
    /** Its diagonal. */
    DIAG,
    /** A Kronecker product G ⊗ A per Linear or Conv2d layer (KFAC), block-diagonal across layers. */
    KRON;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static HessianStructure parse(String text) {
        for (HessianStructure s : values()) {
            if (s.cliName().equalsIgnoreCase(text.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("hessian must be full, diag or kron, found '" + text + "'");
    }
}
