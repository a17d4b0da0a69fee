package org.bdl4j.mcmc;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The C chains of {@link Hmc}, advanced in lockstep: θ_c in double precision, U(θ_c) and ∇U(θ_c)
 * cached; each chain draws its momenta, jitter and acceptances from its own stream. One transition is
 * L leapfrog steps r ← r − (ε/2)∇U, θ ← θ + εr, r ← r − (ε/2)∇U with ε jittered in [0.8ε, 1.2ε]
 * (Neal 2011), accepted with probability min(1, exp(H_old − H_new)).
 */
final class HmcChains {
    private final ChainPotential u;
    private final int leapfrogSteps;
    private final SplittableRandom[] rng;
    private final double[][] theta;
    private final double[][] grad;
    private final double[] energy;
    private final double[] lastAlpha;
    private final boolean[] lastAccepted;
    private final float[][] f;
    private final float[][] g;

    /** @param leapfrogSteps L, the leapfrog steps of every transition */
    HmcChains(ChainPotential u, float[][] starts, SplittableRandom[] rng, int leapfrogSteps) {
        this.u = u;
        this.leapfrogSteps = leapfrogSteps;
        this.rng = rng;
        int c = starts.length;
        int p = starts[0].length;
        theta = new double[c][p];
        grad = new double[c][p];
        f = new float[c][p];
        g = new float[c][p];
        lastAlpha = new double[c];
        lastAccepted = new boolean[c];
        for (int k = 0; k < c; k++) {
            for (int i = 0; i < p; i++) {
                theta[k][i] = starts[k][i];
            }
        }
        energy = evaluate(theta, grad);
    }

    float[] theta(int c) {
        float[] out = new float[theta[c].length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) theta[c][i];
        }
        return out;
    }

    double energy(int c) {
        return energy[c];
    }

    /** Whether chain c accepted its proposal in the last {@link #iterate}. */
    boolean lastAccepted(int c) {
        return lastAccepted[c];
    }

    private double[] evaluate(double[][] at, double[][] gradOut) {
        for (int c = 0; c < at.length; c++) {
            for (int i = 0; i < at[c].length; i++) {
                f[c][i] = (float) at[c][i];
            }
        }
        double[] e = u.evaluate(f, g);
        for (int c = 0; c < at.length; c++) {
            for (int i = 0; i < at[c].length; i++) {
                gradOut[c][i] = g[c][i];
            }
        }
        return e;
    }

    /**
     * Dual-averaging warm-up (Hoffman &amp; Gelman 2014, Alg. 5; μ = log 10ε₀, γ = 0.05, t₀ = 10,
     * κ = 0.75), per chain, towards the acceptance δ; returns the adapted step sizes ε̄_c.
     */
    double[] warmup(double initialStepSize, int warmup, double targetAcceptance) {
        int chains = theta.length;
        double mu = Math.log(10 * initialStepSize);
        double[] hBar = new double[chains];
        double[] logEps = new double[chains];
        double[] logEpsBar = new double[chains];
        double[] eps = new double[chains];
        Arrays.fill(logEps, Math.log(initialStepSize));
        for (int m = 1; m <= warmup; m++) {
            for (int c = 0; c < chains; c++) {
                eps[c] = Math.exp(logEps[c]);
            }
            iterate(eps);
            double w = 1.0 / (m + 10);
            double eta = Math.pow(m, -0.75);
            for (int c = 0; c < chains; c++) {
                hBar[c] = (1 - w) * hBar[c] + w * (targetAcceptance - lastAlpha[c]);
                logEps[c] = mu - Math.sqrt(m) / 0.05 * hBar[c];
                logEpsBar[c] = eta * logEps[c] + (1 - eta) * logEpsBar[c];
            }
        }
        for (int c = 0; c < chains; c++) {
            eps[c] = warmup == 0 ? initialStepSize : Math.exp(logEpsBar[c]);
        }
        return eps;
    }

    /**
     * One HMC transition of every chain, chain c with step size eps[c]; returns the number of
     * chains that accepted (each chain's acceptance probability: lastAlpha).
     */
    int iterate(double[] eps) {
        int chains = theta.length;
        int p = theta[0].length;
        double[][] q = new double[chains][];
        double[][] gq = new double[chains][];
        double[][] r = new double[chains][p];
        double[] kinetic0 = new double[chains];
        double[] e = new double[chains];
        for (int c = 0; c < chains; c++) {
            q[c] = theta[c].clone();
            gq[c] = grad[c].clone();
            for (int i = 0; i < p; i++) {
                r[c][i] = rng[c].nextGaussian();
                kinetic0[c] += r[c][i] * r[c][i] / 2;
            }
            e[c] = eps[c] * (0.8 + 0.4 * rng[c].nextDouble()); // jitter (Neal 2011, §5.4.2.2)
        }
        double[] u1 = energy;
        for (int l = 0; l < leapfrogSteps; l++) {
            for (int c = 0; c < chains; c++) {
                for (int i = 0; i < p; i++) {
                    r[c][i] -= e[c] / 2 * gq[c][i];
                    q[c][i] += e[c] * r[c][i];
                }
            }
            u1 = evaluate(q, gq);
            for (int c = 0; c < chains; c++) {
                for (int i = 0; i < p; i++) {
                    r[c][i] -= e[c] / 2 * gq[c][i];
                }
            }
        }
        int accepted = 0;
        for (int c = 0; c < chains; c++) {
            double kinetic1 = 0;
            for (double v : r[c]) {
                kinetic1 += v * v / 2;
            }
            double logAccept = (energy[c] + kinetic0[c]) - (u1[c] + kinetic1);
            double alpha = Double.isFinite(logAccept) ? Math.min(1, Math.exp(logAccept)) : 0;
            lastAlpha[c] = alpha;
            lastAccepted[c] = rng[c].nextDouble() < alpha;
            if (lastAccepted[c]) {
                theta[c] = q[c];
                grad[c] = gq[c];
                energy[c] = u1[c];
                accepted++;
            }
        }
        return accepted;
    }
}
