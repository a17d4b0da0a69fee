package org.bdl4j.laplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.SplittableRandom;
import org.bdl4j.Likelihood;
import org.bdl4j.curvature.LinearLayer;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.ToyData;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.MapMethod;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.train.MapPosterior;
import org.bdl4j.train.MapTrainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The marginal-likelihood search for λ (Newton on log λ using the covariance traces) against a
 * derivative-free search over the log-determinants alone, and the two evaluations of a full
 * structure (spectrum, or engine inverse and block log-determinant) against each other and against
 * finite differences.
 */
class PriorPrecisionSearchTest {

    @ParameterizedTest
    @EnumSource(HessianStructure.class)
    void newtonOnTheTracesFindsTheMaximiserThatAGoldenSectionSearchOnTheEvidenceFinds(HessianStructure h) {
        Dataset moons = ToyData.twoMoons(200, 0.1, 7);
        MapTrainer trainer = MapTrainer.builder().optEpochs(60).optBatchSize(50).optLearningRate(1e-2)
                .optPriorPrecision(1.0).optSeed(3).build();
        try (MapPosterior map = MapMethod.train(FitRequest.builder(moons).likelihood(Likelihood.CATEGORICAL)
                .network(NetworkSpec.mlp(new int[] {2}, new int[] {16}, Activation.TANH, 0f, 2)).trainer(trainer)
                .seed(3).build())) {
            for (SubsetOfWeights subset : SubsetOfWeights.values()) {
                try (LaplacePosterior post = Laplace.builder(map).subset(subset).hessian(h)
                        .priorPrecision(PriorPrecision.marginalLikelihood()).build().fit(moons)) {
                    double newton = post.priorPrecision();
                    // grid of 41 points + golden section on the evidence values (no derivatives)
                    double golden = MarginalLikelihood.maximise(post::logMarginalLikelihood, 1e-4, 1e6);
                    // Newton stops within 1e-4 in log λ (MarginalLikelihood#maximise), golden within 1e-6;
                    // there -d² lml/du² ≤ P/2, so the evidence is within P/4 · (2e-4)² of the golden one
                    assertThat(Math.log(newton)).as("%s %s", h, subset).isCloseTo(Math.log(golden), within(2e-4));
                    assertThat(post.logMarginalLikelihood(newton)).isGreaterThanOrEqualTo(
                            post.logMarginalLikelihood(golden) - post.parameterCount() * 1e-8 - 1e-9);
                }
            }
        }
    }

    @Test
    void aLargeFullStructureEvaluatesInTheEngineWhatTheSpectrumGives() {
        LinearLayer layer = new LinearLayer(0, 29, 10, 0, 290); // P = 10 x 30 = 300
        int p = layer.size();
        double[] h = curvature(p, 11);
        try (NDManager m = NDManager.newBaseManager()) {
            FullPrecision spectral = new FullPrecision(List.of(layer), h, m);
            FullPrecision engine = new FullPrecision(List.of(layer), h, m, 0);
            double norm = org.bdl4j.linalg.SymmetricEigen.valuesOf(h, p)[p - 1];
            for (double lambda : new double[] {0.5, 50, 5000}) {
                // both evaluations are backward stable: eigenvalues move by about P ε ‖H‖, which moves
                // log det by up to P · P ε ‖H‖ / λ and t_k by k times that relative to t_k
                double bound = 10 * p * p * Math.ulp(1.0) * norm / lambda;
                double ld = spectral.logDet(lambda);
                assertThat(engine.logDet(lambda)).isCloseTo(ld, within(bound));
                double[] t = spectral.traceMoments(lambda);
                double[] te = engine.traceMoments(lambda);
                assertThat(te[0]).isCloseTo(t[0], within(bound * t[0]));
                assertThat(te[1]).isCloseTo(t[1], within(2 * bound * t[1]));
                // finite differences of the log-determinant in log λ (step δ): t₁ = d/dλ, -t₂ = d²/dλ²
                double d = 1e-3;
                double up = spectral.logDet(lambda * Math.exp(d));
                double down = spectral.logDet(lambda * Math.exp(-d));
                double first = (up - down) / (2 * d); // = λ t₁
                double second = (up - 2 * ld + down) / (d * d); // = λ t₁ - λ² t₂
                // truncation O(δ²) relative, plus the rounding of log det (a few ulp) divided by δ or δ²
                double rounding = p * Math.ulp(Math.abs(ld)); // P rounded terms summed
                assertThat(first).isCloseTo(lambda * t[0], within(1e-5 * lambda * t[0] + rounding / d));
                assertThat(second).isCloseTo(lambda * t[0] - lambda * lambda * t[1],
                        within(1e-3 * lambda * t[0] + rounding / (d * d)));
            }
        }
    }

    /**
     * The inverse an evidence evaluation keeps (large P) serves as the covariance when λ is then set to
     * the same value, and is not used for another λ: output covariances equal those of a structure
     * that never evaluated the evidence.
     */
    @Test
    void theInverseKeptByTheSearchGivesTheSameCovarianceAsAFreshOne() {
        LinearLayer layer = new LinearLayer(0, 29, 10, 0, 290);
        int p = layer.size();
        double[] h = curvature(p, 13);
        try (NDManager m = NDManager.newBaseManager()) {
            ai.djl.ndarray.NDArray x = m.randomNormal(new ai.djl.ndarray.types.Shape(4, 30),
                    ai.djl.ndarray.types.DataType.FLOAT64);
            List<org.bdl4j.curvature.LayerTaps.Tap> taps = List.of(new org.bdl4j.curvature.LayerTaps.Tap(layer, x, null));
            for (double other : new double[] {3.0, 4.0}) {
                try (FullPrecision searched = new FullPrecision(List.of(layer), h.clone(), m, 0);
                        FullPrecision fresh = new FullPrecision(List.of(layer), h.clone(), m, 0)) {
                    searched.traceMoments(3.0); // keeps (H + 3I)⁻¹
                    searched.setPriorPrecision(new double[] {other});
                    fresh.setPriorPrecision(new double[] {other});
                    double[] a = searched.logitCovariance(taps, false).toDoubleArray();
                    double[] b = fresh.logitCovariance(taps, false).toDoubleArray();
                    assertThat(a).as("λ = %s", other).containsExactly(b, within(0.0));
                }
            }
        }
    }

    /**
     * The search's start for a large single layer is the evidence maximiser of the nearest Kronecker
     * product; for a curvature that is exactly G ⊗ A it is the exact maximiser (from the spectrum).
     */
    @Test
    void theStartOfALargeLayerIsExactForAKroneckerCurvature() {
        LinearLayer layer = new LinearLayer(0, 29, 10, 0, 290);
        int p = layer.size();
        double[] g = curvature(10, 3);
        double[] a = curvature(30, 4);
        double[] h = org.bdl4j.linalg.Kronecker.product(g, 10, 10, a, 30, 30);
        double theta = 0.8 * p;
        try (NDManager m = NDManager.newBaseManager();
                FullPrecision engine = new FullPrecision(List.of(layer), h.clone(), m, 0);
                FullPrecision spectral = new FullPrecision(List.of(layer), h.clone(), m)) {
            double start = engine.evidenceStart(theta, 1e-4, 1e6);
            double exact = MarginalLikelihood.maximise(p, theta, spectral::traceMoments, 1e-4, 1e6, 1.0);
            // both stop within 1e-4 in log λ of the maximiser (float32 rounding of H moves it far less)
            assertThat(Math.log(start)).isCloseTo(Math.log(exact), within(2e-4));
            assertThat(spectral.evidenceStart(theta, 1e-4, 1e6)).isNaN(); // small P: the spectrum is exact
        }
    }

    /**
     * A positive definite curvature XᵀX (X with 2P rows, columns scaled 1..7): its eigenvalues stay far
     * above the float32 rounding the posterior applies to its curvature, so both evaluations see the same
     * spectrum (for a singular H the spectrum clamps round-off negative eigenvalues at 0, which a
     * factorisation cannot; see {@link FullPrecision}).
     */
    private static double[] curvature(int p, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int rank = 2 * p;
        double[] x = new double[rank * p];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextGaussian() * (1 + i % 7);
        }
        double[] s = new double[p * p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j <= i; j++) {
                double v = 0;
                for (int k = 0; k < rank; k++) {
                    v += x[k * p + i] * x[k * p + j];
                }
                s[i * p + j] = v;
                s[j * p + i] = v;
            }
        }
        return s;
    }
}
