package org.bdl4j.data;

import java.util.Objects;

/**
 * The task a table was read with, and whether it was inferred from the target column rather than
 * requested, with the reason in words (for messages such as {@code task: classification (inferred: ...)}).
 *
 * @param task the task
 * @param inferred true when the caller passed no task and the reader chose it
 * @param reason why, e.g. "the target has 3 distinct integer values"; "requested" when not inferred
 */
public record TaskChoice(Task task, boolean inferred, String reason) {
    public TaskChoice {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(reason, "reason");
    }

    /** A task the caller asked for (or one fixed by the data source). */
    public static TaskChoice requested(Task task) {
        return new TaskChoice(task, false, "requested");
    }

    /** {@code classification} or {@code regression (inferred: reason)}. */
    public String describe() {
        return inferred ? task.cliName() + " (inferred: " + reason + ")" : task.cliName();
    }
}
