package org.bdl4j.cli;

import org.bdl4j.ModelSchema;
import org.bdl4j.data.Task;
import org.bdl4j.data.DataSource;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.LoadedTable;
import org.bdl4j.data.TargetMode;
import org.bdl4j.data.TaskChoice;

/**
 * The training table of {@code fit}/{@code compare}: read from SRC (training role), with the task
 * given or inferred. The rows carry their origin (source and file digest) into the fitted model's
 * provenance. The validation rows are held out of them later, by the request
 * ({@link org.bdl4j.method.FitRequest#fromOptions}).
 */
record TrainingData(Dataset train, TaskChoice task, String source) {

    static TrainingData load(String src, String target, String task, long seed) {
        Task t = task == null ? null : Task.parse(task);
        DataSource ds = DataSource.parse(src);
        LoadedTable table = ds.load(DataSource.Role.TRAIN, seed, target, t);
        return new TrainingData(table.dataset(), table.task(), ds.describe());
    }

    /**
     * The training rows of a model fitted elsewhere ({@code fit --from}): columns and classes aligned
     * to the model's schema, the target required.
     */
    static TrainingData forModel(String src, ModelSchema schema, long seed) {
        DataSource ds = DataSource.parse(src);
        Dataset all = ds.loadForModel(DataSource.Role.TRAIN, seed, schema.table(), TargetMode.REQUIRED);
        return new TrainingData(all, TaskChoice.requested(schema.task()), ds.describe());
    }

    /**
     * The rows as the request split them: "360 rows", "360 rows (40 more held out for validation)" or,
     * when the library chose the training length, "60 rows (training length: 37 epochs, ...)".
     */
    static String describeRows(org.bdl4j.method.FitRequest request) {
        String length = request.trainer().budget().origin().map(o -> " (training length: "
                + request.trainer().budget() + ")").orElse("");
        return request.train().rows() + " rows" + request.validation().map(v -> " (" + v.rows()
                + " more held out for validation; --validation-fraction 0 keeps them)").orElse(length);
    }
}
