package org.bdl4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.bdl4j.curvature.CurvatureType;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.ToyData;
import org.bdl4j.dropout.McDropout;
import org.bdl4j.dropout.McDropoutOptions;
import org.bdl4j.ensemble.DeepEnsemble;
import org.bdl4j.ensemble.EnsembleOptions;
import org.bdl4j.laplace.HessianStructure;
import org.bdl4j.laplace.Laplace;
import org.bdl4j.laplace.PriorPrecision;
import org.bdl4j.laplace.SubsetOfWeights;
import org.bdl4j.mcmc.SampleEnsemblePosterior;
import org.bdl4j.mcmc.Sgld;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.Methods;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.swag.Swag;
import org.bdl4j.train.MapPosterior;
import org.bdl4j.vi.Estimator;
import org.bdl4j.vi.Vi;
import org.junit.jupiter.api.Test;

/**
 * Issue 5: HMC's predictive is the reference the other methods are compared with. On
 * {@link GapReference}'s data and network (the HMC posterior whose chains mix, see
 * {@code RegressionGapTest}), each method's regression predictive at 61 inputs evenly spaced over
 * [-2, 2] (both clusters, the gap and a little extrapolation) is summarised per input by two
 * Gaussians, of the function N(m(x), v_epistemic(x)) and of the observation N(m(x), v_total(x)), and
 * compared with HMC's by the 2-Wasserstein distance of 1-D Gaussians,
 * W₂(N(m₁, s₁²), N(m₂, s₂²)) = √((m₁ - m₂)² + (s₁ - s₂)²), averaged over the inputs; also the mean
 * absolute error of the epistemic std against HMC's, the epistemic std at the gap midpoint and its
 * mean over the training inputs. Every method uses the same network, prior (λ = 1) and MAP training
 * (Adam, 150 epochs; MC dropout with p = 0.1 and the ensemble train their own networks that way).
 *
 * <p>Measured (the printed table, HMC with {@link #REFERENCE_DRAWS} draws a chain, 2026-12-08): W₂(f)
 * MAP 0.231, Laplace 0.207, MC dropout 0.533, ensemble 0.197, VI 0.205, SWAG 0.249, SGLD 0.203
 * (dominated by the means in the gap and beyond the data); epistemic-std error MAP 0.089 (HMC's mean
 * std), Laplace 0.023, VI 0.039, SGLD 0.043, ensemble 0.064, SWAG 0.129 (its std on the data is 7x
 * HMC's), MC dropout 0.213 (one of 10 units dropped at random moves f far more than the posterior
 * does). Asserted, as robust: every distance is finite, and Laplace, the ensemble, VI and SGLD are
 * closer to HMC than the MAP in epistemic std; SWAG and MC dropout on this tiny network are not, which
 * is reported, not hidden. Absolutely: the factor c that best scales a method's epistemic std onto
 * HMC's (least squares over the inputs) must lie in [0.8, 1.3] for Laplace (measured 1.07 and 1.09
 * under two trainings that differ only in rounding) and VI (1.21 and 1.24: mean-field VI's std is
 * about a fifth above HMC's here). A variance off by a factor of 2 divides or multiplies c by √2: for
 * Laplace either way leaves the range (0.75, 1.51), for VI a halved variance does (1.71) and a doubled
 * one does not (0.86). The bound was 1.25 against a reference of 100 draws a chain, whose own Monte
 * Carlo error had put VI at 1.15 to 1.27. SGLD at this test's short fixed-step chain (1.75), the ensemble
 * (3.43), SWAG (0.43) and MC dropout (0.26) are printed.
 */
class DistanceToHmcTest {
    private static final Dataset GRID = ToyData.grid(-2, 2, 61);
    /**
     * Kept HMC draws a chain (4 chains). With GapReference's 100, the reference's epistemic std at the
     * gap moved from 0.252 to 0.293 when the MAP's training changed only in its float rounding (the
     * chains' trajectories are chaotic), taking the scales below with it; with 400 it came out at 0.274
     * and 0.271 for the two trainings.
     */
    private static final int REFERENCE_DRAWS = 400;
    /** GRID's row at x = 0, the middle of the gap. */
    private static final int MIDPOINT = 30;

    /** Per input: mean, epistemic and total std, in the target's units. */
    private record Moments(double[] mean, double[] sdEpistemic, double[] sdTotal) {
        static Moments of(RegressionPredictive p) {
            int n = p.mean().length;
            double[] e = new double[n];
            double[] t = new double[n];
            for (int i = 0; i < n; i++) {
                e[i] = Math.sqrt(p.epistemicVariance()[i]);
                t[i] = Math.sqrt(p.totalVariance()[i]);
            }
            return new Moments(p.mean(), e, t);
        }
    }

    /** mean_x W₂ between the Gaussians (mean[i], sd[i]²) of a and b. */
    static double meanW2(double[] meanA, double[] sdA, double[] meanB, double[] sdB) {
        double s = 0;
        for (int i = 0; i < meanA.length; i++) {
            double dm = meanA[i] - meanB[i];
            double ds = sdA[i] - sdB[i];
            s += Math.sqrt(dm * dm + ds * ds);
        }
        return s / meanA.length;
    }

    static double meanAbsDiff(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += Math.abs(a[i] - b[i]);
        }
        return s / a.length;
    }

    /**
     * @param sdGap epistemic std at the gap midpoint 0; @param sdTrain its mean over the training inputs
     */
    private record Row(String method, double w2f, double w2y, double sdError, double sdGap, double sdTrain,
            double scale) {}

    /**
     * The factor c that best scales {@code sd} onto {@code reference} in least squares,
     * c = Σ sd·ref / Σ sd²: 1 when the epistemic std has HMC's size, √2 or 1/√2 for a variance off by
     * a factor of 2 everywhere.
     */
    static double bestScale(double[] sd, double[] reference) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < sd.length; i++) {
            num += sd[i] * reference[i];
            den += sd[i] * sd[i];
        }
        return num / den;
    }

    @Test
    void everyMethodsDistanceToTheHmcPredictive() {
        assertThat(GRID.features()[MIDPOINT]).isEqualTo((float) ToyData.regressionGapMidpoint());
        Dataset train = GapReference.train();
        NetworkSpec net = GapReference.NET;
        Map<String, Function<MapPosterior, Posterior>> methods = new LinkedHashMap<>();
        methods.put("map", m -> null);
        methods.put("laplace (all, kron, glm)", m -> Laplace.builder(m).subset(SubsetOfWeights.ALL)
                .hessian(HessianStructure.KRON).curvature(CurvatureType.GGN).priorPrecision(PriorPrecision.fixed(1.0))
                .build().fit(train));
        methods.put("mc dropout (p 0.1)",m -> Methods.fromMap(FitRequest.builder(train).likelihood(Likelihood.GAUSSIAN)
                .network(NetworkSpec.mlp(net.inputShape(), net.hidden(), net.activation(), 0.1f, 1))
                .trainer(GapReference.mapTrainer()).seed(2).build(),
                map -> McDropout.of(map, McDropoutOptions.builder().optSamples(200).build())));
        methods.put("ensemble (5)",m -> DeepEnsemble.fit(FitRequest.builder(train).likelihood(Likelihood.GAUSSIAN)
                .network(net).trainer(GapReference.mapTrainer()).seed(2).build(), EnsembleOptions.of(5)));
        methods.put("vi (local reparam)", m -> Vi.builder().optEstimator(Estimator.LOCAL_REPARAM).optEpochs(300)
                .optBatchSize(32).optLearningRate(0.01).optSamples(200).optSeed(1).build().fit(m, train));
        methods.put("swag", m -> Swag.builder().optEpochs(30).optBatchSize(32).optLearningRate(0.01).optSamples(200)
                .optSeed(7).build().fit(m, train));
        methods.put("sgld", m -> Sgld.builder().optStepSize(1e-5).optBurnIn(2000).optThinning(100).optSamples(30)
                .optSeed(1).build().fit(m, train));
        List<Row> rows = new ArrayList<>();
        try (MapPosterior map = GapReference.map(train);
                SampleEnsemblePosterior hmc = GapReference.hmc(REFERENCE_DRAWS).fit(map, train)) {
            Moments ref = Moments.of(hmc.predictRegression(GRID));
            rows.add(row("hmc (reference)", hmc, ref, train));
            for (Map.Entry<String, Function<MapPosterior, Posterior>> e : methods.entrySet()) {
                Posterior p = e.getValue().apply(map);
                try (Posterior q = p == null ? null : p) {
                    rows.add(row(e.getKey(), q == null ? map : q, ref, train));
                }
            }
        }
        System.out.println("distance to HMC on toy:regression-gap (160 rows, 1 x 10 tanh), mean over 61 inputs in [-2, 2]");
        System.out.printf("%-26s %8s %8s %11s %9s %9s %6s %7s%n", "method", "W2(f)", "W2(y)", "|sd_e err|",
                "sd_e gap", "sd_e data", "ratio", "scale");
        for (Row r : rows) {
            System.out.printf("%-26s %8.4f %8.4f %11.4f %9.4f %9.4f %6.2f %7.3f%n", r.method(), r.w2f(), r.w2y(),
                    r.sdError(), r.sdGap(), r.sdTrain(), r.sdGap() / r.sdTrain(), r.scale());
        }
        Map<String, Row> byMethod = new LinkedHashMap<>();
        for (Row r : rows) {
            assertThat(r.w2f()).as(r.method()).isFinite();
            assertThat(r.w2y()).as(r.method()).isFinite();
            byMethod.put(r.method().split(" ")[0], r);
        }
        double mapError = byMethod.get("map").sdError();
        for (String closer : new String[] {"laplace", "ensemble", "vi", "sgld"}) {
            assertThat(byMethod.get(closer).sdError()).as(closer + " vs MAP, mean |sd_e - sd_e(HMC)|")
                    .isLessThan(mapError);
        }
        // absolute, not relative: the epistemic std of the linearised Laplace and of VI must have HMC's
        // size; a variance off by a factor of 2 everywhere moves the scale by a factor of √2 (see the class comment)
        for (String close : new String[] {"laplace", "vi"}) {
            assertThat(byMethod.get(close).scale()).as(close + ": the factor that best scales its sd_e onto HMC's")
                    .isBetween(0.8, 1.3);
        }
    }

    private static Row row(String name, Posterior p, Moments ref, Dataset train) {
        Moments m = Moments.of(p.predictRegression(GRID));
        double[] onData = p.predictRegression(train).epistemicVariance();
        double sdTrain = 0;
        for (double v : onData) {
            sdTrain += Math.sqrt(v) / onData.length;
        }
        return new Row(name, meanW2(m.mean(), m.sdEpistemic(), ref.mean(), ref.sdEpistemic()),
                meanW2(m.mean(), m.sdTotal(), ref.mean(), ref.sdTotal()), meanAbsDiff(m.sdEpistemic(), ref.sdEpistemic()),
                m.sdEpistemic()[MIDPOINT], sdTrain, bestScale(m.sdEpistemic(), ref.sdEpistemic()));
    }
}
