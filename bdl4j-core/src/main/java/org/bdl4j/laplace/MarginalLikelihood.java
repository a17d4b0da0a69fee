package org.bdl4j.laplace;

import java.util.function.DoubleFunction;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;
import org.bdl4j.math.GoldenSection;
import org.bdl4j.math.SafeguardedNewton;

/**
 * The Laplace estimate of the log marginal likelihood (evidence) of the prior precision λ
 * (MacKay 1992; Immer et al. 2021; laplace-torch's {@code log_marginal_likelihood}):
 *
 * <pre>
 *   log p(D | λ) ≈ log p(D | θ*) + log p(θ*) + (P/2) log 2π - ½ log det(H + λI)
 *               = log p(D | θ*) - ½ λ ‖θ*‖² + (P/2) log λ - ½ log det(H + λI),
 * </pre>
 *
 * with log p(θ*) = (P/2) log(λ/2π) - ½ λ ‖θ*‖² the N(0, 1/λ I) prior over the P Laplace weights.
 * θ* is kept fixed while λ varies (the post-hoc setting of Laplace Redux). For a linear model with
 * a Gaussian likelihood this is the exact evidence.
 *
 * <p>With one prior precision λ_l per layer (N(0, diag(λ)⁻¹), λ_l over the P_l weights θ_l of layer l):
 *
 * <pre>
 *   log p(D | λ) ≈ log p(D | θ*) - ½ Σ_l λ_l ‖θ*_l‖² + ½ Σ_l P_l log λ_l - ½ log det(H + diag(λ)),
 *   ∂/∂log λ_l   = ½ (P_l - λ_l ‖θ*_l‖² - λ_l tr_l((H + diag(λ))⁻¹)),
 * </pre>
 *
 * using ∂ log det(M)/∂λ_l = tr(M⁻¹ ∂M/∂λ_l) = tr_l(M⁻¹), the trace over layer l's block.
 */
public final class MarginalLikelihood {
    /** The grid of {@link #maximise(DoubleUnaryOperator, double, double)}, uniform in log λ. */
    private static final int GRID_POINTS = 41;
    /** The golden-section bracket width in log λ at which it stops. */
    private static final double GOLDEN_TOLERANCE = 1e-6;
    private static final double NEWTON_STEP_TOLERANCE = 1e-4;

    private MarginalLikelihood() {}

    /**
     * @param logLikelihood log p(D | θ*), summed over the training set
     * @param thetaSquaredNorm ‖θ*‖² over the Laplace weights
     * @param parameters P
     * @param logDetPrecision log det(H + λI)
     */
    public static double of(double logLikelihood, double thetaSquaredNorm, int parameters, double logDetPrecision,
            double lambda) {
        return logLikelihood - 0.5 * lambda * thetaSquaredNorm + 0.5 * parameters * Math.log(lambda)
                - 0.5 * logDetPrecision;
    }

    /**
     * The λ in [low, high] maximising the log marginal likelihood {@link #of}, by Newton's method on
     * u = log λ safeguarded with bisection ({@link SafeguardedNewton}). With t_k = tr (H + λI)⁻ᵏ (the
     * λ-derivatives of the log-determinant, d log det/dλ = t₁, d²/dλ² = -t₂):
     *
     * <pre>
     *   d lml/du   = ½ (P - λ‖θ*‖² - λ t₁)
     *   d² lml/du² = -½ λ‖θ*‖² - ½ (λ t₁ - λ² t₂),   λ t₁ - λ² t₂ = Σ_i λ e_i / (e_i + λ)² ≥ 0,
     * </pre>
     *
     * so lml is strictly concave in log λ and the root of its derivative is the unique maximiser (the
     * evidence-maximising λ of MacKay 1992, where P - λ t₁ is the effective number of parameters). The
     * search stops at the evaluated λ whose Newton step is below 1e-4 in log λ and returns that λ,
     * within about 1e-4 relative of the maximiser: at the maximiser λ‖θ*‖² + λt₁ = P, so
     * -d² lml/du² ≤ P/2 and the evidence there is within P/4 · 1e-8 of its maximum. Each evaluation of
     * a large full structure costs one P x P inverse, which the structure keeps for its covariance at
     * the returned λ (three evaluations for the W1 last layer, from the MAP's λ).
     *
     * @param covarianceTraces λ → {t₁, t₂} of the posterior covariance (H + λI)⁻¹
     * @param start the first λ (clamped into the range), e.g. the precision the MAP was trained with
     */
    public static double maximise(int parameters, double thetaSquaredNorm, DoubleFunction<double[]> covarianceTraces,
            double low, double high, double start) {
        // minimise -lml(u): g = -d lml/du, h = -d² lml/du² > 0
        SafeguardedNewton.Derivatives negative = (u, out) -> {
            double lambda = Math.exp(u);
            double[] t = covarianceTraces.apply(lambda);
            out[0] = 0.5 * (lambda * thetaSquaredNorm + lambda * t[0] - parameters);
            out[1] = 0.5 * (lambda * thetaSquaredNorm + Math.max(lambda * t[0] - lambda * lambda * t[1], 0));
        };
        return Math.exp(SafeguardedNewton.minimiseToEvaluatedPoint(negative, Math.log(low), Math.log(high),
                Math.log(start), NEWTON_STEP_TOLERANCE));
    }

    /**
     * The per-layer form.
     *
     * @param thetaSquaredNorms ‖θ*_l‖² per layer
     * @param sizes P_l per layer
     * @param logDetPrecision log det(H + diag(λ))
     * @param lambdas λ_l per layer
     */
    public static double of(double logLikelihood, double[] thetaSquaredNorms, int[] sizes, double logDetPrecision,
            double[] lambdas) {
        double s = logLikelihood - 0.5 * logDetPrecision;
        for (int l = 0; l < lambdas.length; l++) {
            s += -0.5 * lambdas[l] * thetaSquaredNorms[l] + 0.5 * sizes[l] * Math.log(lambdas[l]);
        }
        return s;
    }

    /**
     * The gradient with respect to log λ_l of the per-layer form.
     *
     * @param covarianceTraces tr_l((H + diag(λ))⁻¹) per layer
     */
    public static double[] gradient(double[] thetaSquaredNorms, int[] sizes, double[] lambdas,
            double[] covarianceTraces) {
        double[] g = new double[lambdas.length];
        for (int l = 0; l < g.length; l++) {
            g[l] = 0.5 * (sizes[l] - lambdas[l] * thetaSquaredNorms[l] - lambdas[l] * covarianceTraces[l]);
        }
        return g;
    }

    /**
     * The per-layer λ in [low, high]ᴸ maximising {@code lml}: projected BFGS ascent on log λ
     * ({@link BoxedBfgsAscent}) with the exact gradient {@code gradient} (∂/∂log λ_l), from {@code start}
     * (the scalar optimum, so that the result is never below it), until |∂/∂log λ_l| ≤ 10⁻⁷ P_l for
     * every layer not held at a bound (or no step improves, or 200 iterations).
     */
    public static double[] maximisePerLayer(ToDoubleFunction<double[]> lml, UnaryOperator<double[]> gradient,
            double[] start, int[] sizes, double low, double high) {
        if (start.length == 1) {
            return start.clone();
        }
        double[] tolerance = new double[sizes.length];
        double[] x0 = new double[sizes.length];
        for (int l = 0; l < sizes.length; l++) {
            tolerance[l] = 1e-7 * sizes[l];
            x0[l] = Math.log(start[l]);
        }
        BoxedBfgsAscent.Objective inLogLambda = new BoxedBfgsAscent.Objective() {
            @Override
            public double value(double[] x) {
                return lml.applyAsDouble(exp(x));
            }

            @Override
            public double[] gradient(double[] x) {
                return gradient.apply(exp(x));
            }
        };
        return exp(BoxedBfgsAscent.maximise(inLogLambda, x0, Math.log(low), Math.log(high), tolerance, 200).x());
    }

    private static double[] exp(double[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = Math.exp(x[i]);
        }
        return out;
    }

    /**
     * The λ in [low, high] maximising {@code lml(λ)}: a grid of 41 points uniform in log λ, then a
     * golden-section refinement in log λ around the best grid point (to a relative 1e-6 in λ;
     * {@link GoldenSection#maximiseFromGrid}).
     */
    public static double maximise(DoubleUnaryOperator lml, double low, double high) {
        return Math.exp(GoldenSection.maximiseFromGrid(u -> lml.applyAsDouble(Math.exp(u)), Math.log(low),
                Math.log(high), GRID_POINTS, GOLDEN_TOLERANCE));
    }
}
