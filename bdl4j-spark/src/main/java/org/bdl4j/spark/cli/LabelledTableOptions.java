package org.bdl4j.spark.cli;

import java.util.List;
import picocli.CommandLine.Option;

/** How a command reads a labelled table: its format and which columns hold the features and the target. */
final class LabelledTableOptions {
    @Option(names = "--format", description = "parquet or csv; default: csv for a path ending in .csv, else parquet.")
    String format;

    @Option(names = "--features", split = ",", description = "The feature columns (default: the model's own names).")
    List<String> features = List.of();

    @Option(names = "--target", description = "The target column (default: the model's own target name).")
    String target;
}
