package org.bdl4j.curvature;

/**
 * The sampled labels of the {@link CurvatureType#MC_FISHER Monte Carlo Fisher}: M labels per training
 * row, drawn from one {@code SplittableRandom(seed)} consumed row by row in data order (so the draws do
 * not depend on the batch size). M = 1 is laplace-torch's and BackPACK's default.
 *
 * @param count M ≥ 1
 * @param seed the seed of the draws
 */
public record FisherSamples(int count, long seed) {
    /** One label per row, seed 0. */
    public static final FisherSamples DEFAULT = new FisherSamples(1, 0);

    public FisherSamples {
        if (count < 1) {
            throw new IllegalArgumentException("fisherSamples must be >= 1, found " + count);
        }
    }
}
