package org.bdl4j.spark;

import java.util.List;
import org.bdl4j.ModelSchema;
import org.bdl4j.Predictive;
import org.bdl4j.RegressionPredictive;
import org.bdl4j.conformal.PredictionSets;
import org.bdl4j.conformal.SplitConformalClassifier;
import org.bdl4j.conformal.SplitConformalRegressor;
import org.bdl4j.data.Task;

/** The conformal columns of one batch: each row's prediction set, or its conformal interval. */
final class ConformalColumns {
    private ConformalColumns() {}

    /** Refuses a conformal predictor of the other task, or calibrated for other classes. */
    static void check(ScoreSpec spec, ModelSchema schema) {
        if (spec.conformal() == null) {
            return;
        }
        boolean classifier = spec.conformal() instanceof SplitConformalClassifier;
        if (classifier != (schema.task() == Task.CLASSIFICATION)) {
            throw new IllegalArgumentException("a conformal " + (classifier ? "classifier" : "regressor")
                    + " does not apply to a " + schema.task().cliName() + " model");
        }
        if (classifier && !((SplitConformalClassifier) spec.conformal()).classNames().equals(schema.classNames())) {
            throw new IllegalArgumentException("the conformal classifier was calibrated for the classes "
                    + ((SplitConformalClassifier) spec.conformal()).classNames() + ", the model has "
                    + schema.classNames());
        }
    }

    /** The columns of {@link ScoreColumns#conformalFields} for the rows of {@code p}. */
    static List<Object[]> of(ScoreSpec spec, Predictive p) {
        if (spec.conformal() instanceof SplitConformalClassifier c) {
            PredictionSets sets = c.predict(p.asClassification(), spec.conformalSeed());
            Object[] column = new Object[sets.rows()];
            for (int i = 0; i < column.length; i++) {
                column[i] = sets.names(i).toArray(String[]::new);
            }
            return List.<Object[]>of(column);
        }
        RegressionPredictive.Interval iv = ((SplitConformalRegressor) spec.conformal()).predict(p.asRegression());
        Object[] lower = new Object[p.size()];
        Object[] upper = new Object[p.size()];
        for (int i = 0; i < lower.length; i++) {
            lower[i] = iv.lower()[i];
            upper[i] = iv.upper()[i];
        }
        return List.of(lower, upper);
    }
}
