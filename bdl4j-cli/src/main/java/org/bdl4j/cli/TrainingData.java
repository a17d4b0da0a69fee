package org.bdl4j.cli;

import org.bdl4j.ModelSchema;
import org.bdl4j.data.Task;
import org.bdl4j.data.DataSource;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.LoadedTable;
import org.bdl4j.data.Splits;
import org.bdl4j.data.TargetMode;
import org.bdl4j.data.TaskChoice;

/**
 * The training table of {@code fit}/{@code compare}: read from SRC (training role), with the task
 * given or inferred, and an optional seeded validation split. The rows carry their origin (source and
 * file digest) into the fitted model's provenance.
 */
record TrainingData(Dataset train, Dataset validation, TaskChoice task, String source) {

    static TrainingData load(String src, String target, String task, double validationFraction, long seed) {
        Task t = task == null ? null : Task.parse(task);
        DataSource ds = DataSource.parse(src);
        LoadedTable table = ds.load(DataSource.Role.TRAIN, seed, target, t);
        return split(ds, table.dataset(), table.task(), validationFraction, seed);
    }

    /**
     * The training rows of a model fitted elsewhere ({@code fit --from}): columns and classes aligned
     * to the model's schema, the target required.
     */
    static TrainingData forModel(String src, ModelSchema schema, double validationFraction, long seed) {
        DataSource ds = DataSource.parse(src);
        Dataset all = ds.loadForModel(DataSource.Role.TRAIN, seed, schema.table(), TargetMode.REQUIRED);
        return split(ds, all, TaskChoice.requested(schema.task()), validationFraction, seed);
    }

    /** These rows with the training part split once more: {@code fraction} of them held out. */
    TrainingData holdOut(double fraction, long seed) {
        Splits.TrainValidation s = Splits.trainValidation(train.rows(), fraction, seed);
        Dataset kept = s.train(train);
        return new TrainingData(kept, s.validation(train), task, source);
    }

    private static TrainingData split(DataSource ds, Dataset all, TaskChoice task, double validationFraction,
            long seed) {
        if (validationFraction <= 0) {
            return new TrainingData(all, null, task, ds.describe());
        }
        Splits.TrainValidation split = Splits.trainValidation(all.rows(), validationFraction, seed);
        return new TrainingData(split.train(all), split.validation(all), task, ds.describe());
    }
}
