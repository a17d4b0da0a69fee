package org.bdl4j.bo;

import java.util.SplittableRandom;
import org.bdl4j.data.Splits;

/**
 * A Latin hypercube sample of n points in [0, 1]^d (McKay, Beckman and Conover 1979): every coordinate's
 * n values fall one in each of the n strata [k/n, (k+1)/n), at a uniform position within it, the strata
 * matched across coordinates by independent random permutations.
 */
public final class LatinHypercube {
    private LatinHypercube() {}

    public static double[][] sample(int n, int d, long seed) {
        if (n < 1 || d < 1) {
            throw new IllegalArgumentException("a Latin hypercube needs n >= 1 and d >= 1, found " + n + " and " + d);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] u = new double[n][d];
        for (int j = 0; j < d; j++) {
            int[] perm = Splits.identity(n);
            Splits.shuffle(perm, rng);
            for (int i = 0; i < n; i++) {
                u[i][j] = (perm[i] + rng.nextDouble()) / n;
            }
        }
        return u;
    }
}
