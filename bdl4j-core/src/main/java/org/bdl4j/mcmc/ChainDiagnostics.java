package org.bdl4j.mcmc;

import org.bdl4j.math.Vectors;

/**
 * Convergence diagnostics of scalar MCMC draws from C chains of equal length n (Gelman et al.,
 * Bayesian Data Analysis, 3rd ed., §11.4-11.5; Vehtari et al. 2021 without rank normalisation).
 */
public final class ChainDiagnostics {
    private ChainDiagnostics() {}

    /**
     * Split R̂: each chain is cut into halves (2C chains of m = ⌊n/2⌋ draws); with W the mean
     * within-chain variance and B/m the variance of the chain means,
     * R̂ = √(((m-1)/m · W + B/m) / W). Values near 1 (&lt; 1.01 to 1.1) indicate mixing.
     *
     * @param draws C x n
     */
    public static double splitRhat(double[][] draws) {
        double[][] halves = split(draws);
        int m = halves[0].length;
        double[] means = new double[halves.length];
        double w = 0;
        for (int c = 0; c < halves.length; c++) {
            means[c] = Vectors.mean(halves[c]);
            w += variance(halves[c], means[c]) / halves.length;
        }
        double bOverM = variance(means, Vectors.mean(means));
        if (w == 0) {
            return bOverM == 0 ? 1.0 : Double.POSITIVE_INFINITY;
        }
        return Math.sqrt(((m - 1.0) / m * w + bOverM) / w);
    }

    /**
     * The effective sample size of all C·n draws: ESS = C n / τ with the integrated autocorrelation
     * time τ = -1 + 2 Σ_{t≥0} (ρ̂_{2t} + ρ̂_{2t+1}), summed while the pairs stay positive (Geyer's
     * initial positive sequence), and ρ̂_t = 1 - (W - mean_c γ̂_{c,t}) / var⁺ from the per-chain
     * autocovariances γ̂ (biased, 1/n) and var⁺ = (n-1)/n W + B/n.
     *
     * @param draws C x n, n ≥ 4
     */
    public static double effectiveSampleSize(double[][] draws) {
        int chains = draws.length;
        int n = draws[0].length;
        if (n < 4) {
            throw new IllegalArgumentException("ESS needs at least 4 draws per chain, found " + n);
        }
        double[] means = new double[chains];
        double w = 0;
        for (int c = 0; c < chains; c++) {
            if (draws[c].length != n) {
                throw new IllegalArgumentException("chains need equal lengths, found " + n + " and " + draws[c].length);
            }
            means[c] = Vectors.mean(draws[c]);
            w += variance(draws[c], means[c]) / chains;
        }
        double varPlus = (n - 1.0) / n * w + (chains > 1 ? variance(means, Vectors.mean(means)) : 0);
        if (varPlus == 0) {
            return chains * n;
        }
        double tau = -1;
        for (int t = 0; t + 1 < n; t += 2) {
            double pair = rho(draws, means, w, varPlus, t) + rho(draws, means, w, varPlus, t + 1);
            if (pair <= 0) {
                break;
            }
            tau += 2 * pair;
        }
        return chains * n / Math.max(tau, 1.0 / Math.log10(chains * (double) n)); // the cap of Stan's ESS
    }

    private static double rho(double[][] draws, double[] means, double w, double varPlus, int lag) {
        double gamma = 0;
        for (int c = 0; c < draws.length; c++) {
            double[] x = draws[c];
            int n = x.length;
            double s = 0;
            for (int i = 0; i + lag < n; i++) {
                s += (x[i] - means[c]) * (x[i + lag] - means[c]);
            }
            gamma += s / n / draws.length;
        }
        return 1 - (w - gamma) / varPlus; // as in Stan: W unbiased (1/(n-1)), γ̂ biased (1/n)
    }

    private static double[][] split(double[][] draws) {
        int n = draws[0].length;
        int m = n / 2;
        if (m < 2) {
            throw new IllegalArgumentException("split R-hat needs at least 4 draws per chain, found " + n);
        }
        double[][] out = new double[2 * draws.length][m];
        for (int c = 0; c < draws.length; c++) {
            System.arraycopy(draws[c], 0, out[2 * c], 0, m);
            System.arraycopy(draws[c], n - m, out[2 * c + 1], 0, m);
        }
        return out;
    }

    /** The unbiased sample variance (1/(n-1)). */
    private static double variance(double[] x, double mean) {
        double s = 0;
        for (double v : x) {
            s += (v - mean) * (v - mean);
        }
        return s / (x.length - 1);
    }
}
