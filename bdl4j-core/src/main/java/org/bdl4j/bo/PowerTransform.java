package org.bdl4j.bo;

import org.bdl4j.math.GoldenSection;

/**
 * The Yeo–Johnson power transform (Yeo and Johnson, Biometrika 2000) of standardised objective values,
 * with λ chosen by maximum likelihood, as HEBO does for its surrogate's targets (Cowen-Rivers et al.,
 * JAIR 2022): objective values are often heavy-tailed (Branin spans 0.4 to 308), and a surrogate fitted to
 * them by squared error spends itself on the few large values and cannot resolve the valley where the
 * minimum is. With z = (y − mean)/sd,
 *
 * <pre>
 *   ψ(z) = ((z + 1)^λ − 1)/λ             z ≥ 0, λ ≠ 0      (log(z + 1) at λ = 0)
 *   ψ(z) = −((1 − z)^(2−λ) − 1)/(2 − λ)    z < 0, λ ≠ 2      (−log(1 − z) at λ = 2)
 * </pre>
 *
 * and λ maximises the profile log-likelihood of a normal fit to ψ(z),
 * −(n/2) log σ̂²(λ) + (λ − 1) Σ sign(z) log(|z| + 1), over [−3, 3]. ψ is increasing, so the order of
 * the values, and the minimiser, are kept.
 */
final class PowerTransform {
    private final double mean;
    private final double sd;
    private final double lambda;

    private PowerTransform(double mean, double sd, double lambda) {
        this.mean = mean;
        this.sd = sd;
        this.lambda = lambda;
    }

    static PowerTransform fit(double[] y) {
        double mean = 0;
        for (double v : y) {
            mean += v / y.length;
        }
        double var = 0;
        for (double v : y) {
            var += (v - mean) * (v - mean) / y.length;
        }
        double sd = var > 0 ? Math.sqrt(var) : 1;
        double[] z = new double[y.length];
        double jacobian = 0;
        for (int i = 0; i < y.length; i++) {
            z[i] = (y[i] - mean) / sd;
            jacobian += Math.signum(z[i]) * Math.log1p(Math.abs(z[i]));
        }
        double j = jacobian;
        double lambda = GoldenSection.maximiseFromGrid(l -> {
            double m = 0;
            double[] t = new double[z.length];
            for (int i = 0; i < z.length; i++) {
                t[i] = psi(z[i], l);
                m += t[i] / z.length;
            }
            double v = 0;
            for (double x : t) {
                v += (x - m) * (x - m) / z.length;
            }
            return -0.5 * z.length * Math.log(Math.max(v, 1e-300)) + (l - 1) * j;
        }, -3, 3, 61, 1e-6);
        return new PowerTransform(mean, sd, lambda);
    }

    double lambda() {
        return lambda;
    }

    /** ψ((y − mean)/sd). */
    double apply(double y) {
        return psi((y - mean) / sd, lambda);
    }

    /** ψ(z) at λ, as expm1(λ log(1 + z))/λ and its mirror, which stays accurate as λ nears 0 or 2. */
    static double psi(double z, double l) {
        if (z >= 0) {
            double log = Math.log1p(z);
            return l == 0 ? log : Math.expm1(l * log) / l;
        }
        double log = Math.log1p(-z);
        return l == 2 ? -log : -Math.expm1((2 - l) * log) / (2 - l);
    }
}
