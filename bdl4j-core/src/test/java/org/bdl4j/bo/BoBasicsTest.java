package org.bdl4j.bo;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.bdl4j.method.RequestOptions;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.NetworkOptions;
import org.bdl4j.options.OptionValues;
import org.bdl4j.train.TrainingOptions;
import org.junit.jupiter.api.Test;

/** The test functions at their known minimisers, the acquisitions against independent computations, the design. */
class BoBasicsTest {
    /** Branin's three minimisers (−π, 12.275), (π, 2.275), (9.42478, 2.475) and a grid that finds nothing lower. */
    @Test
    void braninMinimum() {
        TestFunction f = TestFunction.BRANIN;
        for (double[] x : new double[][] {{-Math.PI, 12.275}, {Math.PI, 2.275}, {9.42478, 2.475}}) {
            assertThat(f.evaluate(x)).isCloseTo(f.minimum(), within(1e-5));
        }
        double lowest = Double.POSITIVE_INFINITY;
        for (int i = 0; i <= 600; i++) {
            for (int j = 0; j <= 600; j++) {
                lowest = Math.min(lowest, f.evaluate(new double[] {-5 + 15.0 * i / 600, 15.0 * j / 600}));
            }
        }
        assertThat(lowest).isGreaterThanOrEqualTo(f.minimum() - 1e-9).isLessThan(f.minimum() + 0.01);
    }

    @Test
    void hartmann6Minimum() {
        double[] x = {0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573};
        assertThat(TestFunction.HARTMANN6.evaluate(x)).isCloseTo(TestFunction.HARTMANN6.minimum(), within(1e-5));
    }

    /**
     * EI = E[max(y* − Y, 0)] for Y ~ N(μ, σ²), against the integral ∫ max(y* − y, 0) φ((y − μ)/σ)/σ dy by
     * the trapezoid rule on 200,001 points over μ ± 12σ.
     */
    @Test
    void expectedImprovementEqualsItsIntegral() {
        double[][] cases = {{0.0, 1.0, 0.5}, {2.0, 0.3, 1.0}, {-1.0, 2.0, -3.0}};
        for (double[] c : cases) {
            double mu = c[0];
            double sd = c[1];
            double best = c[2];
            int n = 200_000;
            double lo = mu - 12 * sd;
            double h = 24 * sd / n;
            double sum = 0;
            for (int k = 0; k <= n; k++) {
                double y = lo + k * h;
                double v = Math.max(best - y, 0) * Math.exp(-0.5 * Math.pow((y - mu) / sd, 2)) / (sd * Math.sqrt(2 * Math.PI));
                sum += (k == 0 || k == n ? 0.5 : 1) * v;
            }
            assertThat(BoAcquisition.expectedImprovement(mu, sd, best)).isCloseTo(sum * h, within(1e-8));
        }
        assertThat(BoAcquisition.expectedImprovement(1.0, 0.0, 3.0)).isEqualTo(2.0);
        assertThat(BoAcquisition.expectedImprovement(4.0, 0.0, 3.0)).isEqualTo(0.0);
        assertThat(BoAcquisition.lowerConfidenceBound(1.0, 0.5, 2.0)).isEqualTo(0.0);
        assertThatThrownBy(() -> BoAcquisition.parse("pi")).hasMessage("acquisition must be ei, ucb or"
                + " thompson, found 'pi'");
    }

    /** Each coordinate of a Latin hypercube has exactly one point in each of the n strata. */
    @Test
    void latinHypercubeFillsEveryStratum() {
        double[][] u = LatinHypercube.sample(17, 4, 3);
        for (int j = 0; j < 4; j++) {
            boolean[] seen = new boolean[17];
            for (double[] p : u) {
                int stratum = (int) Math.floor(p[j] * 17);
                assertThat(seen[stratum]).isFalse();
                seen[stratum] = true;
            }
        }
        assertThat(LatinHypercube.sample(17, 4, 3)).isDeepEqualTo(u);
    }

    @Test
    void boxesParseAndMap() {
        Box b = Box.parse("-5:10, 0:15");
        assertThat(b).isEqualTo(TestFunction.BRANIN.box());
        assertThat(b.fromUnit(new double[] {0.5, 1})).containsExactly(2.5, 15.0);
        assertThat(b.toUnit(new double[] {2.5, 15})).containsExactly(0.5, 1.0);
        assertThatThrownBy(() -> Box.parse("0:1,2")).hasMessage("bounds: expected lo:hi for dimension 2, found '2'");
        assertThatThrownBy(() -> Box.parse("1:0")).hasMessage("bound 1 must be finite with lower < upper, found 1.0:0.0");
    }

    @Test
    void commandObjectivesReadXAndPrintY() {
        CommandObjective echo = new CommandObjective("read line; case \"$line\" in *'\"x\": [0.25'*) echo 7.5 ;; *) echo 0"
                + " ;; esac");
        assertThat(echo.evaluate(new double[] {0.25, 1})).isEqualTo(7.5);
        assertThatThrownBy(() -> new CommandObjective("echo oops >&2; exit 3").evaluate(new double[] {1}))
                .isInstanceOf(ObjectiveException.class)
                .hasMessage("objective command 'echo oops >&2; exit 3' exited with status 3: oops");
        assertThatThrownBy(() -> new CommandObjective("echo hello").evaluate(new double[] {1}))
                .hasMessage("objective command 'echo hello' printed 'hello', expected a number");
        assertThatThrownBy(() -> new CommandObjective("echo NaN").evaluate(new double[] {1}))
                .hasMessage("objective command 'echo NaN' printed NaN, expected a finite number");
    }

    /** The surrogate's defaults fill only what the user left unset. */
    @Test
    void surrogateDefaultsYieldToTheUsersValues() {
        OptionValues given = OptionValues.empty()
                .with(TrainingOptions.EPOCHS, 40)
                .with(NetworkOptions.ACTIVATION, Activation.RELU);
        OptionValues o = BayesianOptimizer.surrogateOptions(given);
        assertThat(o.get(TrainingOptions.EPOCHS)).isEqualTo(40);
        assertThat(o.get(NetworkOptions.ACTIVATION))
                .isEqualTo(Activation.RELU);
        assertThat(o.get(NetworkOptions.HIDDEN)).containsExactly(50, 50);
        assertThat(o.get(TrainingOptions.LEARNING_RATE))
                .isEqualTo(0.01);
        assertThat(o.get(RequestOptions.VALIDATION_FRACTION))
                .isEqualTo(0.0);
        assertThat(o.get(TrainingOptions.WEIGHT_DECAY)).isEqualTo(1e-3);
        // A prior precision the user gives replaces the default weight decay (giving both is refused).
        OptionValues prior = BayesianOptimizer.surrogateOptions(OptionValues.empty()
                .with(TrainingOptions.PRIOR_PRECISION, 5.0));
        assertThat(prior.isSet(TrainingOptions.WEIGHT_DECAY)).isFalse();
        assertThat(prior.get(TrainingOptions.PRIOR_PRECISION)).isEqualTo(5.0);
    }

    /** A candidate within 1e-3 of an evaluated point in every unit-cube coordinate repeats it. */
    @Test
    void aCandidateRepeatsAPointWithinTheToleranceInEveryCoordinate() {
        java.util.List<double[]> done = java.util.List.of(new double[] {1.0, 0.0}, new double[] {0.5, 0.5});
        assertThat(BayesianOptimizer.alreadyEvaluated(new double[] {1.0, 0.0}, done)).isTrue();
        assertThat(BayesianOptimizer.alreadyEvaluated(new double[] {0.9995, 0.0009}, done)).isTrue();
        assertThat(BayesianOptimizer.alreadyEvaluated(new double[] {0.9985, 0.0}, done)).isFalse();
        assertThat(BayesianOptimizer.alreadyEvaluated(new double[] {0.5, 0.502}, done)).isFalse();
    }
}
