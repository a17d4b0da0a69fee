package org.bdl4j.math;

/**
 * The softplus function softplus(s) = log(1 + e^s) &gt; 0 and its inverse log(e^σ - 1), in double
 * precision, without overflow.
 *
 * <p>{@link #of} is PyTorch's {@code softplus} (β = 1, threshold 20): log1p(e^s), or s itself above
 * the threshold, where log(1 + e^s) - s = log1p(e^-s) &lt; 2.1e-9 is below a float's resolution of
 * s; so a head evaluated here in double agrees with the engine's float32 softplus of training.
 * {@link #inverse} is log(expm1(σ)), or σ + log(-expm1(-σ)) above 20, where e^σ - 1 would lose the
 * -1 (and overflow for σ &gt; 709).
 */
public final class Softplus {
    /** Above it, softplus(s) is taken as s (PyTorch's default threshold). */
    public static final double THRESHOLD = 20;

    private Softplus() {}

    /** softplus(s) = log(1 + e^s), s itself for s &gt; {@link #THRESHOLD}. */
    public static double of(double s) {
        return s > THRESHOLD ? s : Math.log1p(Math.exp(s));
    }

    /** softplus⁻¹(σ) = log(e^σ - 1) for σ &gt; 0, the ρ with softplus(ρ) = σ. */
    public static double inverse(double sigma) {
        return sigma > THRESHOLD ? sigma + Math.log(-Math.expm1(-sigma)) : Math.log(Math.expm1(sigma));
    }
}
