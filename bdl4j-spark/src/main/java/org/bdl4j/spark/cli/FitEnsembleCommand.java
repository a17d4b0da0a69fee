package org.bdl4j.spark.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bdl4j.spark.EnsembleFitSpec;
import org.bdl4j.spark.SparkEnsemble;
import org.bdl4j.spark.SparkTables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bdl4j-spark fit-ensemble}: a deep ensemble, one member per Spark task. */
@Command(name = "fit-ensemble", mixinStandardHelpOptions = true,
        description = "Train a deep ensemble with one member per Spark task; the model equals "
                + "'bdl4j fit --method ensemble --ensemble-training sequential' on the same table and options.")
final class FitEnsembleCommand implements Callable<Integer> {
    @Option(names = "--train", required = true, description = "The training table: CSV with a header (a path on "
            + "every node, a name shipped with --files, or a Hadoop URI), or Parquet (any Spark path).")
    String train;

    @Option(names = "--format", description = "csv or parquet; default: parquet for a path ending in .parquet, "
            + "else csv.")
    String format;

    @Option(names = "--target", description = "The target column (default: the last column).")
    String target;

    @Option(names = "--members", description = "Ensemble members, one task each (default: 5).")
    Integer members;

    @Option(names = "--seed", description = "The seed of the split and of every member (default: 0).")
    Long seed;

    @Option(names = "--option", description = "Any option of 'bdl4j fit' for the ensemble, as name=value without "
            + "dashes, e.g. --option hidden=50 --option epochs=40.")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--out", required = true, description = "The model directory to write on the driver.")
    String out;

    @Option(names = "--staging", description = "Where finished members wait, on a file system shared by every "
            + "executor and the driver (default: <out>.members); a rerun keeps the members found there.")
    String staging;

    @picocli.CommandLine.Mixin
    SparkSessionOptions session;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        Map<String, String> all = new LinkedHashMap<>(options);
        if (members != null) {
            all.put("members", members.toString());
        }
        if (seed != null) {
            all.put("seed", seed.toString());
        }
        EnsembleFitSpec spec = new EnsembleFitSpec(train, SparkTables.format(format, train, SparkTables.CSV), target,
                all, out, staging);
        return session.run("bdl4j-spark fit-ensemble", spark -> {
            long t0 = System.nanoTime();
            int trained = SparkEnsemble.fit(spark, spec);
            command.commandLine().getOut().printf(java.util.Locale.ROOT, "fitted ensemble: %d members trained on "
                    + "executors in %.1f s, saved to %s%n", trained, (System.nanoTime() - t0) / 1e9, out);
            return 0;
        });
    }
}
