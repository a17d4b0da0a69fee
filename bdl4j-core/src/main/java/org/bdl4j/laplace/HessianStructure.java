package org.bdl4j.laplace;

import org.bdl4j.options.EnumNames;

/** How the curvature over the chosen weights is stored and inverted. */
public enum HessianStructure {
    /** The dense P x P matrix (moderate P only). */
    FULL,
    /** Its diagonal. */
    DIAG,
    /** A Kronecker product G ⊗ A per Linear or Conv2d layer (KFAC), block-diagonal across layers. */
    KRON;

    public String cliName() {
        return EnumNames.of(this);
    }

    public static HessianStructure parse(String text) {
        return EnumNames.parse(HessianStructure.class, text, "hessian");
    }
}
