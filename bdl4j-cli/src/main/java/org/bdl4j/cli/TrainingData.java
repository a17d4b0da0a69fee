package org.bdl4j.cli;

import org.bdl4j.Task;
import org.bdl4j.data.DataSource;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.LoadedTable;
import org.bdl4j.data.Splits;
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
        Dataset all = table.dataset();
        if (validationFraction <= 0) {
            return new TrainingData(all, null, table.task(), ds.describe());
        }
        Splits.TrainValidation split = Splits.trainValidation(all.rows(), validationFraction, seed);
        return new TrainingData(split.train(all), split.validation(all), table.task(), ds.describe());
    }
}
