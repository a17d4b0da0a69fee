package org.bdl4j.laplace;

import java.util.List;
import java.util.SplittableRandom;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.math.Softmax;
import org.bdl4j.options.EnumNames;

/**
 * How the Gaussian over logits f ~ N(f*, Σ_f) of the linearised network becomes class probabilities;
 * each constant carries its rule ({@link #predictive}).
 */
public enum Link {
    /**
     * The probit approximation (MacKay 1992; Lakshminarayanan / Spiegelhalter &amp; Lauritzen):
     * p ≈ softmax(f*_c · κ_c) with κ_c = 1/sqrt(1 + π/8 · Σ_f[c, c]). It ignores the correlations
     * between logits and gives no samples: the predictive's mutual information is 0 (use {@link #MC}
     * for the entropy decomposition).
     */
    PROBIT(false) {
        @Override
        ClassificationPredictive predictive(LinearisedOutputs lin, List<String> classNames, int samples, long seed) {
            int n = lin.rows();
            int c = lin.outputs();
            double[][] p = new double[n][c];
            double[] scaled = new double[c];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < c; k++) {
                    scaled[k] = lin.mean()[i * c + k] / Math.sqrt(1 + Math.PI / 8 * lin.variance(i, k));
                }
                Softmax.of(scaled, p[i]);
            }
            return ClassificationPredictive.ofPoint(p, classNames);
        }
    },
    /** Monte Carlo: S draws f_s = f* + L ε (Σ_f = L Lᵀ), p = (1/S) Σ_s softmax(f_s), seeded ({@link GlmSampler}). */
    MC(true) {
        @Override
        ClassificationPredictive predictive(LinearisedOutputs lin, List<String> classNames, int samples, long seed) {
            return GlmSampler.sample(lin.mean(), lin.covariance(), lin.rows(), lin.outputs(), samples,
                    new SplittableRandom(seed), classNames);
        }
    },
    /** The Laplace bridge to a Dirichlet (see {@link LaplaceBridge}), closed form with an entropy decomposition. */
    BRIDGE(false) {
        @Override
        ClassificationPredictive predictive(LinearisedOutputs lin, List<String> classNames, int samples, long seed) {
            return LaplaceBridge.predictive(lin, classNames);
        }
    };

    /**
     * The most classes for which {@link #defaultFor} is {@link #MC}: it forms every row's C x C logit
     * covariance and its Cholesky factor (C² doubles and O(C³) work a row), 10⁴ doubles at 100 classes.
     */
    public static final int MC_MAX_CLASSES = 100;

    private final boolean fullCovariance;

    Link(boolean fullCovariance) {
        this.fullCovariance = fullCovariance;
    }

    /**
     * The default link for a network of {@code outputs} logits: {@link #MC}, the predictive integral
     * itself up to Monte Carlo error with a real epistemic part (its mutual information; the probit
     * approximation also came out less accurate against held-out data), and {@link #PROBIT} above
     * {@value #MC_MAX_CLASSES} classes, where MC's per-row covariances would cost too much.
     */
    public static Link defaultFor(int outputs) {
        return outputs <= MC_MAX_CLASSES ? MC : PROBIT;
    }

    /** Whether the link reads the full C x C logit covariances; if not, only their diagonals are computed. */
    boolean needsFullCovariance() {
        return fullCovariance;
    }

    /**
     * The class probabilities of the logit Gaussians {@code lin} (full covariances if
     * {@link #needsFullCovariance}); {@code samples} and {@code seed} are the Monte Carlo link's.
     */
    abstract ClassificationPredictive predictive(LinearisedOutputs lin, List<String> classNames, int samples,
            long seed);

    public String cliName() {
        return EnumNames.of(this);
    }

    public static Link parse(String text) {
        return EnumNames.parse(Link.class, text, "link");
    }
}
