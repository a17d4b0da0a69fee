package org.bdl4j.spark.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bdl4j.spark.FromMapFitSpec;
import org.bdl4j.spark.SparkHmc;
import org.bdl4j.spark.SparkTables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bdl4j-spark fit-hmc}: HMC around a saved MAP, one chain per task. */
@Command(name = "fit-hmc", mixinStandardHelpOptions = true,
        description = "Run HMC around a saved MAP with one chain per task on the executors (every task holds all "
                + "training rows); equals 'bdl4j fit --method hmc --from MAP' on the same rows, draw for draw.")
final class FitHmcCommand implements Callable<Integer> {
    @Option(names = "--from", required = true, description = "The MAP model directory (a local path on every node, "
            + "an --archives name, or a Hadoop URI).")
    String map;

    @Option(names = "--train", required = true, description = "The training table (any Spark path), collected to "
            + "the driver and broadcast: HMC is for small data.")
    String train;

    @picocli.CommandLine.Mixin
    LabelledTableOptions table;

    @Option(names = "--option", description = "Any HMC option of 'bdl4j fit' as name=value without dashes, "
            + "e.g. --option hmc-chains=8 --option samples=400.")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--validation", paramLabel = "PATH", description = "A held-out table (same format and columns), "
            + "collected to the driver: the chains run under the MAP's prior and two fan-in priors, and the prior "
            + "whose draws predict these rows best is kept, as 'bdl4j fit' does with its validation split. Without "
            + "it the MAP's prior is used.")
    String validation;

    @Option(names = "--out", required = true, description = "The model directory to write on the driver.")
    String out;

    @picocli.CommandLine.Mixin
    SparkSessionOptions session;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        String fmt = SparkTables.format(table.format, train, SparkTables.PARQUET);
        FromMapFitSpec spec = new FromMapFitSpec(map, train, fmt, table.features, table.target, options, out,
                validation);
        return session.run("bdl4j-spark fit-hmc", spark -> {
            long t0 = System.nanoTime();
            SparkHmc.Fitted fitted = SparkHmc.fit(spark, spec);
            command.commandLine().getOut().printf(Locale.ROOT, "fitted hmc: %d chains run on executors in %.1f s, "
                    + "saved to %s%n", fitted.chains(), (System.nanoTime() - t0) / 1e9, out);
            fitted.warnings().forEach(w -> command.commandLine().getErr().println("warning: " + w));
            return 0;
        });
    }
}
