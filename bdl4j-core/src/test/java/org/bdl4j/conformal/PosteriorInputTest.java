package org.bdl4j.conformal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.ModelSchema;
import org.bdl4j.Posterior;
import org.bdl4j.Predictive;
import org.bdl4j.RegressionPredictive;
import org.bdl4j.data.Task;
import org.bdl4j.data.Dataset;
import org.junit.jupiter.api.Test;

/** The posterior overloads give exactly what the array overloads give on the posterior's predictive. */
class PosteriorInputTest {

    /** A stand-in posterior with one feature x: p = (x, (1 - x) / 2, (1 - x) / 2), or N(x, (1 + x)²). */
    record Stub(Task task) implements Posterior {
        @Override
        public String method() {
            return "stub";
        }

        @Override
        public org.bdl4j.Provenance provenance() {
            return org.bdl4j.io.Provenances.now(new org.bdl4j.data.DataProvenance("stub", null, 0, List.of("x"), "y"),
                    java.util.Map.of(), java.util.Map.of(), null);
        }

        @Override
        public ModelSchema schema() {
            return new ModelSchema(task, List.of("x"), new int[] {1},
                    task == Task.CLASSIFICATION ? List.of("a", "b", "c") : List.of(), "y", null, null);
        }

        @Override
        public Predictive predict(Dataset inputs) {
            int n = inputs.rows();
            float[] x = inputs.features();
            if (task == Task.CLASSIFICATION) {
                double[][] p = new double[n][];
                for (int i = 0; i < n; i++) {
                    p[i] = new double[] {x[i], (1 - x[i]) / 2, (1 - x[i]) / 2};
                }
                return ClassificationPredictive.ofPoint(p, schema().classNames());
            }
            double[] mu = new double[n];
            double[] var = new double[n];
            for (int i = 0; i < n; i++) {
                mu[i] = x[i];
                var[i] = (1 + x[i]) * (1 + x[i]);
            }
            return new RegressionPredictive(mu, var, new double[n]);
        }

        @Override
        public void save(Path directory) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {}
    }

    private static final float[] X = {0.1f, 0.9f, 0.5f, 0.3f, 0.7f, 0.2f, 0.8f, 0.6f, 0.4f, 0.05f};

    @Test
    void classificationThroughAPosteriorEqualsTheArrayRoute() {
        int[] labels = {1, 0, 0, 2, 0, 1, 0, 2, 1, 2};
        Dataset cal = Dataset.classification(X, 10, new int[] {1}, List.of("x"), labels, List.of("a", "b", "c"), "y");
        Stub post = new Stub(Task.CLASSIFICATION);
        SplitConformalClassifier viaPosterior = SplitConformalClassifier.calibrate(ClassificationScore.aps(true), 0.3,
                Conditioning.MARGINAL, post, cal, 5);
        SplitConformalClassifier viaArrays = SplitConformalClassifier.calibrate(ClassificationScore.aps(true), 0.3,
                Conditioning.MARGINAL, post.predictClasses(cal).probabilities(), labels, 5);
        assertThat(viaPosterior.thresholds()).containsExactly(viaArrays.thresholds());
        assertThat(viaPosterior.classNames()).containsExactly("a", "b", "c");
        Dataset other = Dataset.classification(X, 10, new int[] {1}, List.of("x"), labels, List.of("a", "b", "z"), "y");
        assertThatThrownBy(() -> SplitConformalClassifier.calibrate(ClassificationScore.lac(), 0.3,
                Conditioning.MARGINAL, post, other, 5))
                .hasMessage("the calibration labels are [a, b, z], the posterior's classes [a, b, c]");
        assertThatThrownBy(() -> SplitConformalClassifier.calibrate(ClassificationScore.lac(), 0.3,
                Conditioning.MARGINAL, post, cal.withoutTargets(), 5))
                .hasMessage("conformal classification needs calibration rows with class labels, found no target");
    }

    @Test
    void regressionThroughAPosteriorEqualsTheArrayRoute() {
        float[] y = {0.3f, 1.5f, -0.2f, 0.9f, 0.1f, 2.2f, 0.0f, 1.1f, 0.4f, -0.7f};
        Dataset cal = Dataset.regression(X, 10, new int[] {1}, List.of("x"), y, "y");
        Stub post = new Stub(Task.REGRESSION);
        double[] yd = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            yd[i] = y[i];
        }
        SplitConformalRegressor viaPosterior = SplitConformalRegressor.calibrate(RegressionScore.normalized(), 0.2,
                post, cal);
        SplitConformalRegressor viaArrays = SplitConformalRegressor.calibrate(RegressionScore.normalized(), 0.2,
                post.predictRegression(cal), yd);
        assertThat(viaPosterior.threshold()).isEqualTo(viaArrays.threshold());
        assertThatThrownBy(() -> SplitConformalRegressor.calibrate(RegressionScore.cqr(), 2, post, cal))
                .hasMessage("alpha must be in (0, 1), found 2.0");
    }
}
