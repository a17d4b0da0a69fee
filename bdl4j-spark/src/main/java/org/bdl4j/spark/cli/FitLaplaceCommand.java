package org.bdl4j.spark.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.bdl4j.spark.LaplaceFitSpec;
import org.bdl4j.spark.SparkLaplace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bdl4j-spark fit-laplace}: a Laplace approximation whose curvature is summed on the executors. */
@Command(name = "fit-laplace", mixinStandardHelpOptions = true,
        description = "Fit a Laplace approximation around a saved MAP, its curvature summed over the table's "
                + "partitions on the executors; equals 'bdl4j fit --method laplace --from MAP' on the same rows "
                + "(prior precision by the marginal likelihood unless given).")
final class FitLaplaceCommand implements Callable<Integer> {
    @Option(names = "--from", required = true, description = "The MAP model directory (a local path on every node, "
            + "an --archives name, or a Hadoop URI).")
    String map;

    @Option(names = "--train", required = true, description = "The training table (any Spark path).")
    String train;

    @Option(names = "--format", description = "parquet or csv; default: csv for a path ending in .csv, else parquet.")
    String format;

    @Option(names = "--features", split = ",", description = "The feature columns (default: the model's own names).")
    List<String> features = List.of();

    @Option(names = "--target", description = "The target column (default: the model's own target name).")
    String target;

    @Option(names = "--option", description = "Any Laplace option of 'bdl4j fit' as name=value without dashes, "
            + "e.g. --option subset=all --option hessian=kron.")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--out", required = true, description = "The model directory to write on the driver.")
    String out;

    @Option(names = "--master", description = "The Spark master when not run by spark-submit, e.g. local[4].")
    String master;

    @Option(names = "--verbose", description = "Print stack traces with errors.")
    boolean verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        String fmt = format != null ? format.toLowerCase(Locale.ROOT)
                : train.toLowerCase(Locale.ROOT).endsWith(".csv") ? "csv" : "parquet";
        LaplaceFitSpec spec = new LaplaceFitSpec(map, train, fmt, features, target, options, out);
        SparkSession.Builder builder = SparkSession.builder().appName("bdl4j-spark fit-laplace");
        if (master != null) {
            builder.master(master);
        }
        SparkSession spark = builder.getOrCreate();
        try {
            long t0 = System.nanoTime();
            long rows = SparkLaplace.fit(spark, spec);
            command.commandLine().getOut().printf(Locale.ROOT, "fitted laplace: curvature of %d rows summed on "
                    + "executors in %.1f s, saved to %s%n", rows, (System.nanoTime() - t0) / 1e9, out);
        } finally {
            if (master != null) {
                spark.stop();
            }
        }
        return 0;
    }
}
