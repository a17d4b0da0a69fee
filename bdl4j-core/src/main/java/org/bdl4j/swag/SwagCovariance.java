package org.bdl4j.swag;

import java.util.Locale;

/** The covariance structure of a SWAG posterior (Maddox et al. 2019). */
public enum SwagCovariance {
    /** SWAG-Diagonal: N(θ̄, diag(σ²)). */
    DIAGONAL,
    /** SWAG: N(θ̄, ½(diag(σ²) + D Dᵀ/(K-1))), a diagonal plus a rank-K part from the last K deviations. */
    LOW_RANK;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static SwagCovariance parse(String text) {
        for (SwagCovariance c : values()) {
            if (c.cliName().equalsIgnoreCase(text.trim())) {
                return c;
            }
        }
        throw new IllegalArgumentException("SWAG covariance must be diagonal or low-rank, found '" + text + "'");
    }
}
