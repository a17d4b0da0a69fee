package org.bdl4j.spark.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bdl4j.spark.FromMapFitSpec;
import org.bdl4j.spark.SparkTables;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options of a fit that starts from a saved MAP ({@code fit-laplace}, {@code fit-hmc}). */
final class FromMapOptions {
    @Option(names = "--from", required = true, description = "The MAP model directory (a local path on every node, "
            + "an --archives name, or a Hadoop URI).")
    String map;

    @Option(names = "--train", required = true, description = "The training table (any Spark path).")
    String train;

    @Mixin
    LabelledTableOptions table;

    @Option(names = "--option", description = "Any option of the method in 'bdl4j fit' as name=value without "
            + "dashes, e.g. --option hessian=kron or --option hmc-chains=8.")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--validation", paramLabel = "PATH", description = "A held-out table (same format and columns), "
            + "collected to the driver, where it chooses the prior as 'bdl4j fit' does with its validation split.")
    String validation;

    @Option(names = "--out", required = true, description = "The model directory to write on the driver.")
    String out;

    /** The fit these options describe. */
    FromMapFitSpec spec() {
        String fmt = SparkTables.format(table.format, train, SparkTables.PARQUET);
        return new FromMapFitSpec(map, train, fmt, table.features, table.target, options, out, validation);
    }
}
