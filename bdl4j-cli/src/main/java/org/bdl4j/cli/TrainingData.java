package org.bdl4j.cli;

import org.bdl4j.ModelSchema;
import org.bdl4j.Task;
import org.bdl4j.data.DataSource;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.LoadedTable;
import org.bdl4j.data.Splits;
import org.bdl4j.data.TargetMode;
import org.bdl4j.data.TaskChoice;

/**
 * The training table of {@code fit}/{@code compare}: read from SRC (training role), with the task
 * given or inferred, and an optional seeded validation split.
 */
record TrainingData(Dataset train, Dataset validation, TaskChoice task, String source) {

    static TrainingData load(String src, String target, String task, double validationFraction, long seed) {
        Task t = null;
        if (task != null) {
            try {
                t = Task.parse(task);
            } catch (IllegalArgumentException e) {
                throw new CliException("--" + e.getMessage());
            }
        }
        DataSource ds = DataSource.parse(src);
        LoadedTable table = ds.load(DataSource.Role.TRAIN, seed, target, t);
        return split(table.dataset(), table.task(), ds.describe(), validationFraction, seed);
    }

    /**
     * The training rows of a model fitted elsewhere ({@code fit --from}): columns and classes aligned
     * to the model's schema, the target required.
     */
    static TrainingData forModel(String src, ModelSchema schema, double validationFraction, long seed) {
        DataSource ds = DataSource.parse(src);
        Dataset all = ds.loadForModel(DataSource.Role.TRAIN, seed, schema.table(), TargetMode.REQUIRED);
        return split(all, TaskChoice.requested(schema.task()), ds.describe(), validationFraction, seed);
    }

    private static TrainingData split(Dataset all, TaskChoice task, String source, double validationFraction,
            long seed) {
        if (validationFraction <= 0) {
            return new TrainingData(all, null, task, source);
        }
        Splits.TrainValidation split = Splits.trainValidation(all.rows(), validationFraction, seed);
        return new TrainingData(split.train(all), split.validation(all), task, source);
    }
}
