package org.bdl4j.vi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonObject;
import java.util.SplittableRandom;
import org.bdl4j.TestTables;
import org.bdl4j.math.Floats;
import org.junit.jupiter.api.Test;

/**
 * The priors' KL terms. The scale mixture's one-draw Monte Carlo estimate log q(w) − log p(w) is
 * averaged over 200,000 independent draws (one per array element, ε from a seeded SplittableRandom)
 * and compared, within 5 standard errors, with (a) the closed-form Gaussian KL where the mixture is
 * a single Gaussian, and (b) KL(q ‖ p) = −½ log(2πeσ²) − ∫ q(w) log p(w) dw by composite Simpson
 * quadrature written here (double precision, [μ − 12σ, μ + 12σ]).
 */
class PriorTest {
    private static final int DRAWS = 200_000;

    /** Mean and standard error of the estimator's terms for one (μ, σ). */
    private static double[] monteCarlo(Prior prior, double mu, double sigma, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] eps = new float[DRAWS];
        for (int i = 0; i < DRAWS; i++) {
            eps[i] = (float) TestTables.gaussian(r);
        }
        float[] terms;
        try (NDManager m = NDManager.newBaseManager()) {
            terms = prior.klTerms(m.full(new Shape(DRAWS), (float) mu),
                    m.full(new Shape(DRAWS), (float) sigma), m.create(eps)).toFloatArray();
        }
        double sum = 0;
        double sq = 0;
        for (float t : terms) {
            sum += t;
            sq += (double) t * t;
        }
        double mean = sum / DRAWS;
        return new double[] {mean, Math.sqrt((sq / DRAWS - mean * mean) / DRAWS)};
    }

    @Test
    void degenerateMixtureEstimateMatchesTheClosedFormGaussianKl() {
        double[][] cases = {{0.0, 0.1}, {0.4, 0.5}, {-1.2, 0.05}};
        // π = 1: the second component drops out; σ1 = σ2: both components are the same Gaussian
        Prior[] mixtures = {Prior.scaleMixture(1.0, 0.7, 0.01), Prior.scaleMixture(0.3, 0.7, 0.7)};
        for (Prior p : mixtures) {
            for (double[] c : cases) {
                double exact = GaussianKl.of(new double[] {c[0]}, new double[] {c[1]}, 1 / (0.7 * 0.7));
                double[] mc = monteCarlo(p, c[0], c[1], 7);
                System.out.printf("mixture %s, mu %.2f sigma %.2f: MC KL %.5f +- %.5f, closed form %.5f%n", p, c[0],
                        c[1], mc[0], mc[1], exact);
                assertThat(mc[0]).as(p + " " + c[0] + "," + c[1]).isCloseTo(exact, within(5 * mc[1]));
            }
        }
    }

    @Test
    void mixtureEstimateMatchesQuadrature() {
        ScaleMixturePrior p = Prior.scaleMixture(0.25, 1.0, Math.exp(-6));
        double[][] cases = {{0.0, 0.1}, {0.5, 0.05}, {-1.0, 0.3}, {0.003, 0.002}};
        for (double[] c : cases) {
            double reference = quadratureKl(p, c[0], c[1], 20_000);
            assertThat(quadratureKl(p, c[0], c[1], 40_000)).as("quadrature converged").isCloseTo(reference,
                    within(1e-8));
            double[] mc = monteCarlo(p, c[0], c[1], 11);
            System.out.printf("mixture KL, mu %.3f sigma %.3f: MC %.5f +- %.5f, quadrature %.5f%n", c[0], c[1], mc[0],
                    mc[1], reference);
            assertThat(mc[0]).as(c[0] + "," + c[1]).isCloseTo(reference, within(5 * mc[1]));
        }
    }

    /** −½ log(2πeσ²) − ∫ N(w; μ, σ²) log p(w) dw, Simpson's rule with {@code k} (even) intervals. */
    private static double quadratureKl(ScaleMixturePrior p, double mu, double sigma, int k) {
        double a = mu - 12 * sigma;
        double h = 24 * sigma / k;
        double integral = 0;
        for (int i = 0; i <= k; i++) {
            double w = a + i * h;
            double z = (w - mu) / sigma;
            double q = Math.exp(-z * z / 2) / (sigma * Math.sqrt(2 * Math.PI));
            double logP = Math.log(p.pi() * normal(w, p.sigma1()) + (1 - p.pi()) * normal(w, p.sigma2()));
            double weight = i == 0 || i == k ? 1 : (i % 2 == 1 ? 4 : 2);
            integral += weight * q * logP;
        }
        integral *= h / 3;
        return -0.5 * Math.log(2 * Math.PI * Math.E * sigma * sigma) - integral;
    }

    private static double normal(double w, double s) {
        return Math.exp(-w * w / (2 * s * s)) / (s * Math.sqrt(2 * Math.PI));
    }

    /**
     * The gradients of Σ klTerms in μ and σ at a fixed draw ε, with a garbage collection forced between
     * forward and backward (docs/design.md's DJL scalar bug), against the derivatives in double: for the
     * mixture ∂/∂μ = −g and ∂/∂σ = −1/σ − ε g with g = d log p/dw = −w Σ_k r_k/σ_k² (r_k the
     * components' responsibilities at w = μ + σε); for N(0, 1/λ) ∂/∂μ = λμ and ∂/∂σ = λσ − 1/σ.
     */
    @Test
    void klGradientsMatchTheDerivativesAfterForcedGc() {
        double[] mu = {0.3, -0.02, 0.0, 1.1};
        double[] sigma = {0.2, 0.01, 0.5, 0.05};
        double[] eps = {0.7, -1.3, 0.2, 2.1};
        ScaleMixturePrior mixture = Prior.scaleMixture(0.25, 1.0, Math.exp(-4));
        GaussianPrior gaussian = Prior.gaussian(2.0);
        for (Prior p : new Prior[] {mixture, gaussian}) {
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray muA = m.create(Floats.toFloats(mu));
                NDArray sigmaA = m.create(Floats.toFloats(sigma));
                muA.setRequiresGradient(true);
                sigmaA.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray kl = p.klTerms(muA, sigmaA, m.create(Floats.toFloats(eps))).sum();
                    for (int i = 0; i < 200; i++) {
                        m.create(new float[1000]).close();
                    }
                    System.gc();
                    gc.backward(kl);
                }
                float[] gMu = muA.getGradient().toFloatArray();
                float[] gSigma = sigmaA.getGradient().toFloatArray();
                for (int i = 0; i < mu.length; i++) {
                    double dMu;
                    double dSigma;
                    if (p instanceof ScaleMixturePrior s) {
                        double w = mu[i] + sigma[i] * eps[i];
                        double a = s.pi() * normal(w, s.sigma1());
                        double b = (1 - s.pi()) * normal(w, s.sigma2());
                        double g = -w * (a / (s.sigma1() * s.sigma1()) + b / (s.sigma2() * s.sigma2())) / (a + b);
                        dMu = -g;
                        dSigma = -1 / sigma[i] - eps[i] * g;
                    } else {
                        dMu = 2.0 * mu[i];
                        dSigma = 2.0 * sigma[i] - 1 / sigma[i];
                    }
                    assertThat((double) gMu[i]).as(p + " d/dmu " + i).isCloseTo(dMu, within(1e-4 * Math.max(1, Math.abs(dMu))));
                    assertThat((double) gSigma[i]).as(p + " d/dsigma " + i)
                            .isCloseTo(dSigma, within(1e-4 * Math.max(1, Math.abs(dSigma))));
                }
            }
        }
    }

    @Test
    void gaussianPriorTermsAreTheClosedForm() {
        double[] mu = {0.3, -1.2, 0.0, 2.0};
        double[] sigma = {0.5, 0.1, 1.5, 0.8};
        GaussianPrior p = Prior.gaussian(2.5);
        try (NDManager m = NDManager.newBaseManager()) {
            float[] terms = p.klTerms(m.create(new float[] {0.3f, -1.2f, 0f, 2f}),
                    m.create(new float[] {0.5f, 0.1f, 1.5f, 0.8f}), null).toFloatArray();
            for (int i = 0; i < 4; i++) {
                double exact = GaussianKl.of(new double[] {mu[i]}, new double[] {sigma[i]}, 2.5);
                assertThat((double) terms[i]).isCloseTo(exact, within(1e-5 * Math.max(1, Math.abs(exact))));
            }
        }
        assertThat(p.sigma()).isCloseTo(1 / Math.sqrt(2.5), within(1e-15));
    }

    @Test
    void priorsRoundTripThroughJsonAndValidate() {
        for (Prior p : new Prior[] {Prior.gaussian(27.5), Prior.scaleMixture(0.25, 1.0, Math.exp(-7))}) {
            assertThat(Prior.fromJson(p.toJson())).isEqualTo(p);
        }
        assertThatThrownBy(() -> Prior.scaleMixture(1.5, 1, 0.1)).hasMessage("prior-pi must be in [0, 1], found 1.5");
        assertThatThrownBy(() -> Prior.scaleMixture(0.5, 0, 0.1)).hasMessage("prior-sigma1 must be > 0, found 0.0");
        assertThatThrownBy(() -> Prior.scaleMixture(0.5, 1, -2)).hasMessage("prior-sigma2 must be > 0, found -2.0");
        assertThatThrownBy(() -> Prior.gaussian(0)).hasMessage("prior-precision must be > 0, found 0.0");
        JsonObject bad = new JsonObject();
        bad.addProperty("type", "laplace");
        assertThatThrownBy(() -> Prior.fromJson(bad)).hasMessage("prior must be gaussian or mixture, found 'laplace'");
        try (NDManager m = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> Prior.scaleMixture(0.5, 1, 0.1).klTerms(m.create(1f), m.create(1f), null))
                    .hasMessageContaining("needs a draw");
        }
    }
}
