package org.bdl4j.conformal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.RegressionPredictive;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Calibrated conformal predictors survive Java serialisation (how Spark ships them to executors): the
 * copy gives the original's intervals and sets to the bit, for every score. (The residual scores tell
 * their kinds apart by identity, so a copy must resolve to the one instance of its kind.)
 */
class ConformalSerializationTest {
    private static final RegressionPredictive CAL = new RegressionPredictive(new double[] {0, 1, 2, 3, 4, 5},
            new double[] {0.5, 0.6, 0.7, 0.8, 0.9, 1.0}, new double[] {0.1, 0.1, 0.2, 0.2, 0.3, 0.3});
    private static final double[] Y = {0.3, 0.4, 2.9, 2.2, 4.1, 6.0};

    @ParameterizedTest
    @ValueSource(strings = {"absolute", "normalized", "cqr"})
    void aRegressorCopyGivesTheSameIntervals(String name) throws Exception {
        RegressionScore score = switch (name) {
            case "absolute" -> RegressionScore.absolute();
            case "normalized" -> RegressionScore.normalized();
            default -> RegressionScore.cqr();
        };
        SplitConformalRegressor original = SplitConformalRegressor.calibrate(score, 0.2, CAL, Y);
        SplitConformalRegressor copy = roundTrip(original);
        RegressionPredictive.Interval a = original.predict(CAL);
        RegressionPredictive.Interval b = copy.predict(CAL);
        assertThat(b.lower()).isEqualTo(a.lower());
        assertThat(b.upper()).isEqualTo(a.upper());
    }

    @ParameterizedTest
    @ValueSource(strings = {"lac", "aps", "raps"})
    void aClassifierCopyGivesTheSameSets(String name) throws Exception {
        ClassificationScore score = switch (name) {
            case "lac" -> ClassificationScore.lac();
            case "aps" -> ClassificationScore.aps(true);
            default -> ClassificationScore.raps(1, 0.01, true);
        };
        double[][] p = {{0.7, 0.2, 0.1}, {0.1, 0.8, 0.1}, {0.3, 0.3, 0.4}, {0.2, 0.5, 0.3}, {0.6, 0.1, 0.3}};
        int[] labels = {0, 1, 2, 0, 2};
        SplitConformalClassifier original = SplitConformalClassifier.calibrate(score, 0.2, Conditioning.MARGINAL,
                ClassificationPredictive.ofPoint(p, List.of("a", "b", "c")), labels, 4);
        SplitConformalClassifier copy = roundTrip(original);
        PredictionSets a = original.predict(p, 9);
        PredictionSets b = copy.predict(p, 9);
        for (int i = 0; i < p.length; i++) {
            assertThat(b.names(i)).isEqualTo(a.names(i));
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T object) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
