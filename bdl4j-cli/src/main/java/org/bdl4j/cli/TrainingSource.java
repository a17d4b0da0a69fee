package org.bdl4j.cli;

import picocli.CommandLine.Option;

/** Where the training rows come from: {@code --data}, {@code --target}, {@code --task}. */
final class TrainingSource {
    @Option(names = "--data", required = true, paramLabel = "SRC",
            description = "CSV file with a header, fashion-mnist[:DIR] or toy:NAME[:N].")
    String data;

    @Option(names = "--target", paramLabel = "COL", description = "The target column (default: the last column).")
    String target;

    @Option(names = "--task", paramLabel = "classification|regression", description = "The task (default: inferred from the target).")
    String task;

    TrainingData load(long seed) {
        return TrainingData.load(data, target, task, seed);
    }
}
