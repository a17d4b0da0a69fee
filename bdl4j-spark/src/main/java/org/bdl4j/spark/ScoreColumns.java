package org.bdl4j.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.ModelSchema;
import org.bdl4j.Predictive;
import org.bdl4j.RegressionPredictive;
import org.bdl4j.data.Task;

/**
 * The columns {@link BdlSpark#score} appends, the same as {@code bdl4j predict}'s (in double precision,
 * not rounded to six digits):
 * <ul>
 *   <li>classification: {@code prediction} (the class name), {@code confidence} (its probability),
 *       {@code probabilities} (an array in the model's class order), {@code entropy} H[p̄] (total),
 *       {@code aleatoric} E_θ H[p(y|x,θ)] and {@code epistemic} = entropy − aleatoric (the mutual
 *       information between y and θ, Depeweg et al. 2018);
 *   <li>regression: {@code mean}, {@code std} (total), {@code aleatoric_var} (noise),
 *       {@code epistemic_var} (the spread of the mean over θ), {@code lower} and {@code upper} (the
 *       central interval at the spec's level);
 *   <li>with the model's rejection rule ({@link ScoreSpec#reject}): {@code ood_score}, the rule's score
 *       (higher = more likely out of distribution), and {@code reject}, whether it exceeds the rule's
 *       threshold;
 *   <li>with a conformal calibration ({@link ScoreSpec#conformal}, {@link SparkConformal}):
 *       {@code prediction_set} (classification) or {@code conformal_lower}, {@code conformal_upper}
 *       (regression).
 * </ul>
 */
final class ScoreColumns {
    private ScoreColumns() {}

    /** The appended fields for a model with this schema. */
    static List<StructField> fields(ModelSchema schema) {
        List<StructField> f = new ArrayList<>();
        if (schema.task() == Task.CLASSIFICATION) {
            f.add(DataTypes.createStructField("prediction", DataTypes.StringType, false));
            f.add(number("confidence"));
            f.add(DataTypes.createStructField("probabilities",
                    DataTypes.createArrayType(DataTypes.DoubleType, false), false));
            f.add(number("entropy"));
            f.add(number("aleatoric"));
            f.add(number("epistemic"));
        } else {
            for (String name : List.of("mean", "std", "aleatoric_var", "epistemic_var", "lower", "upper")) {
                f.add(number(name));
            }
        }
        return f;
    }

    /** With a rejection rule: {@code ood_score} (higher = more likely out of distribution) and {@code reject}. */
    static List<StructField> rejectionFields() {
        return List.of(number("ood_score"), DataTypes.createStructField("reject", DataTypes.BooleanType, false));
    }

    /**
     * With a conformal calibration: {@code prediction_set} (the classes of the set, in the model's order)
     * for classification, {@code conformal_lower} and {@code conformal_upper} for regression.
     */
    static List<StructField> conformalFields(ModelSchema schema) {
        return schema.task() == Task.CLASSIFICATION
                ? List.of(DataTypes.createStructField("prediction_set",
                        DataTypes.createArrayType(DataTypes.StringType, false), false))
                : List.of(number("conformal_lower"), number("conformal_upper"));
    }

    /** The input's fields followed by the appended ones of {@code spec}; a name taken twice is refused. */
    static StructType output(StructType input, ModelSchema schema, ScoreSpec spec) {
        StructType out = input;
        List<StructField> appended = new ArrayList<>(fields(schema));
        if (spec.reject()) {
            appended.addAll(rejectionFields());
        }
        if (spec.conformal() != null) {
            appended.addAll(conformalFields(schema));
        }
        for (StructField f : appended) {
            if (List.of(input.fieldNames()).contains(f.name())) {
                throw new IllegalArgumentException("the input already has a column named " + f.name()
                        + ", which scoring appends; rename or drop it");
            }
            out = out.add(f);
        }
        return out;
    }

    /**
     * The appended values of every row of one batch's predictive, in the order of {@link #fields}: the
     * predictive's arrays are computed once per batch, not once per row.
     */
    static List<Object[]> values(Predictive p, double level) {
        return values(p, level, List.of());
    }

    /**
     * As {@link #values(Predictive, double)}, followed by the {@code extra} columns (one value per row
     * each: the rejection rule's, the conformal ones).
     */
    static List<Object[]> values(Predictive p, double level, List<Object[]> extra) {
        List<double[]> columns = new ArrayList<>();
        String[] names = null;
        double[][] probabilities = null;
        if (p instanceof ClassificationPredictive c) {
            int[] predicted = c.predictions();
            names = new String[predicted.length];
            for (int i = 0; i < predicted.length; i++) {
                names[i] = c.classNames().get(predicted[i]);
            }
            probabilities = c.probabilities();
            columns.addAll(List.of(c.confidence(), c.entropy(), c.expectedEntropy(), c.mutualInformation()));
        } else {
            RegressionPredictive r = p.asRegression();
            RegressionPredictive.Interval interval = r.interval(level);
            columns.addAll(List.of(r.mean(), r.std(), r.aleatoricVariance(), r.epistemicVariance(), interval.lower(),
                    interval.upper()));
        }
        List<Object[]> rows = new ArrayList<>(p.size());
        for (int i = 0; i < p.size(); i++) {
            List<Object> row = new ArrayList<>();
            if (names != null) {
                row.add(names[i]);
                row.add(columns.get(0)[i]);
                row.add(probabilities[i].clone());
                for (int k = 1; k < columns.size(); k++) {
                    row.add(columns.get(k)[i]);
                }
            } else {
                for (double[] column : columns) {
                    row.add(column[i]);
                }
            }
            for (Object[] column : extra) {
                row.add(column[i]);
            }
            rows.add(row.toArray());
        }
        return rows;
    }

    private static StructField number(String name) {
        return DataTypes.createStructField(name, DataTypes.DoubleType, false);
    }
}
