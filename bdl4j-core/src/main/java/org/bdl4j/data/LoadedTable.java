package org.bdl4j.data;

import java.util.Objects;

/**
 * A table read for fitting, with how its task was decided.
 *
 * @param dataset the rows, features and targets
 * @param task the task the targets were read as (inferred or requested)
 */
public record LoadedTable(Dataset dataset, TaskChoice task) {
    public LoadedTable {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(task, "task");
    }
}
