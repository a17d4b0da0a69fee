package org.bdl4j.spark.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bdl4j.spark.FromMapFitSpec;
import org.bdl4j.spark.SparkLaplace;
import org.bdl4j.spark.SparkTables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bdl4j-spark fit-laplace}: a Laplace approximation whose curvature is summed on the executors. */
@Command(name = "fit-laplace", mixinStandardHelpOptions = true,
        description = "Fit a Laplace approximation around a saved MAP, its curvature summed over the table's "
                + "partitions on the executors; equals 'bdl4j fit --method laplace --from MAP' on the same rows "
                + "(prior precision by the marginal likelihood unless given, checked on --validation rows).")
final class FitLaplaceCommand implements Callable<Integer> {
    @Option(names = "--from", required = true, description = "The MAP model directory (a local path on every node, "
            + "an --archives name, or a Hadoop URI).")
    String map;

    @Option(names = "--train", required = true, description = "The training table (any Spark path).")
    String train;

    @picocli.CommandLine.Mixin
    LabelledTableOptions table;

    @Option(names = "--option", description = "Any Laplace option of 'bdl4j fit' as name=value without dashes, "
            + "e.g. --option subset=all --option hessian=kron.")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--out", required = true, description = "The model directory to write on the driver.")
    String out;

    @Option(names = "--validation", paramLabel = "PATH", description = "A held-out table (same format and columns), "
            + "collected to the driver: the marginal likelihood's prior precision is checked against a grid search "
            + "on its NLL, as 'bdl4j fit' does with its validation split. Without it the marginal likelihood's "
            + "prior is used unchecked.")
    String validation;

    @picocli.CommandLine.Mixin
    SparkSessionOptions session;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        String fmt = SparkTables.format(table.format, train, SparkTables.PARQUET);
        FromMapFitSpec spec = new FromMapFitSpec(map, train, fmt, table.features, table.target, options, out,
                validation);
        if (validation == null && !options.containsKey("prior-precision") && !options.containsKey("prior-optimize")) {
            command.commandLine().getErr().println("warning: no --validation table: the prior precision is the marginal"
                    + " likelihood's, unchecked (with many classes or little data it can be far too small; give"
                    + " --validation PATH to check it against a grid search)");
        }
        return session.run("bdl4j-spark fit-laplace", spark -> {
            long t0 = System.nanoTime();
            long rows = SparkLaplace.fit(spark, spec);
            command.commandLine().getOut().printf(Locale.ROOT, "fitted laplace: curvature of %d rows summed on "
                    + "executors in %.1f s, saved to %s%n", rows, (System.nanoTime() - t0) / 1e9, out);
            return 0;
        });
    }
}
