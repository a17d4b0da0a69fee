package org.bdl4j.bo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.bdl4j.Likelihood;
import org.bdl4j.data.Dataset;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.Methods;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.train.MapTrainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loop: it finds the minimum of a smooth function, repeats by seed, and resumes from its log. */
class BayesianOptimizerTest {
    @TempDir
    Path dir;

    private static final Box UNIT = new Box(new double[] {0}, new double[] {1});

    private static final Function<Dataset, FitRequest> ENSEMBLE = rows -> FitRequest.builder(rows)
            .likelihood(Likelihood.GAUSSIAN)
            .network(NetworkSpec.mlp(new int[] {1}, new int[] {32, 32}, Activation.TANH, 0f, 1))
            .trainer(MapTrainer.builder().optEpochs(300).optBatchSize(16).optLearningRate(1e-2).build())
            .options(Methods.parseOptions(Map.of("members", "4"), List.of(Methods.get("ensemble"))))
            .seed(5).build();

    private static double quadratic(double[] x) {
        return (x[0] - 0.3) * (x[0] - 0.3);
    }

    /**
     * f(x) = (x − 0.3)² on [0, 1], 5 Latin-hypercube points then 7 chosen by EI: EI concentrates on the
     * minimiser, every one of its 7 points within 0.1 of 0.3 (a uniform point is, with probability 0.2, so
     * all 7 by chance with probability 1.3e-5), the best improves on the start's, and the same seed gives
     * the same run.
     */
    @Test
    void findsTheMinimumOfASmoothFunctionAndRepeats() {
        BayesianOptimizer.Settings s = new BayesianOptimizer.Settings(12, 5, 1, BoAcquisition.EXPECTED_IMPROVEMENT, 2,
                500, 7);
        BayesianOptimizer.Result r = BayesianOptimizer.run(BayesianOptimizerTest::quadratic, UNIT,
                Methods.get("ensemble"), ENSEMBLE, s, null, null);
        assertThat(r.evaluations()).hasSize(12);
        for (int i = 5; i < 12; i++) {
            assertThat(Math.abs(r.evaluations().get(i).x()[0] - 0.3)).as("EI point %d", i).isLessThan(0.1);
        }
        assertThat(r.best().y()).isLessThan(r.bestSoFar()[4]);
        for (int i = 1; i < 12; i++) {
            assertThat(r.bestSoFar()[i]).isLessThanOrEqualTo(r.bestSoFar()[i - 1]);
        }
        BayesianOptimizer.Result again = BayesianOptimizer.run(BayesianOptimizerTest::quadratic, UNIT,
                Methods.get("ensemble"), ENSEMBLE, s, null, null);
        for (int i = 0; i < 12; i++) {
            assertThat(again.evaluations().get(i).x()).containsExactly(r.evaluations().get(i).x());
        }
    }

    /**
     * A run whose objective fails at the 8th evaluation leaves 7 in its log; the rerun evaluates only the
     * 3 missing ones, and its first 7 are the logged ones.
     */
    @Test
    void resumesFromItsLogAfterAFailure() throws Exception {
        Path log = dir.resolve("run.csv");
        BayesianOptimizer.Settings s = new BayesianOptimizer.Settings(10, 5, 2, BoAcquisition.UPPER_CONFIDENCE_BOUND,
                2, 200, 3);
        AtomicInteger calls = new AtomicInteger();
        Objective failing = x -> {
            if (calls.incrementAndGet() == 8) {
                throw new ObjectiveException("the experiment broke");
            }
            return quadratic(x);
        };
        assertThatThrownBy(() -> BayesianOptimizer.run(failing, UNIT, Methods.get("ensemble"), ENSEMBLE, s, log, null))
                .hasMessage("the experiment broke");
        List<String> logged = Files.readAllLines(log);
        assertThat(logged).hasSize(8).first().isEqualTo("x1,y");
        AtomicInteger second = new AtomicInteger();
        BayesianOptimizer.Result r = BayesianOptimizer.run(x -> {
            second.incrementAndGet();
            return quadratic(x);
        }, UNIT, Methods.get("ensemble"), ENSEMBLE, s, log, null);
        assertThat(second.get()).isEqualTo(3);
        assertThat(r.evaluations()).hasSize(10);
        assertThat(Files.readAllLines(log).subList(0, 8)).isEqualTo(logged);
        assertThatThrownBy(() -> BayesianOptimizer.run(BayesianOptimizerTest::quadratic, TestFunction.BRANIN.box(),
                Methods.get("ensemble"), ENSEMBLE, s, log, null)).hasMessageContaining("not an optimisation log for 2"
                + " dimensions");
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> new BayesianOptimizer.Settings(0, 5, 1, BoAcquisition.EXPECTED_IMPROVEMENT, 2, 10, 1))
                .hasMessage("the budget must be >= 1 evaluation, found 0");
        assertThatThrownBy(() -> BayesianOptimizer.run(BayesianOptimizerTest::quadratic, UNIT, Methods.get("laplace"),
                ENSEMBLE, new BayesianOptimizer.Settings(8, 5, 1, BoAcquisition.THOMPSON, 2, 10, 1), null, null))
                .hasMessage("thompson needs functions drawn from the posterior: use the ensemble surrogate (its members),"
                        + " found laplace");
    }
}
