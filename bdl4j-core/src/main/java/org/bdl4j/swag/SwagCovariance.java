package org.bdl4j.swag;

import org.bdl4j.options.EnumNames;

/** The covariance structure of a SWAG posterior (Maddox et al. 2019). */
public enum SwagCovariance {
    /** SWAG-Diagonal: N(θ̄, diag(σ²)). */
    DIAGONAL,
    /** SWAG: N(θ̄, ½(diag(σ²) + D Dᵀ/(K-1))), a diagonal plus a rank-K part from the last K deviations. */
    LOW_RANK;

    public String cliName() {
        return EnumNames.of(this);
    }

    public static SwagCovariance parse(String text) {
        return EnumNames.parse(SwagCovariance.class, text, "swag-covariance");
    }
}
