package org.bdl4j.spark.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.bdl4j.spark.SparkHmc;
import picocli.CommandLine.Command;

/** {@code bdl4j-spark fit-hmc}: HMC around a saved MAP, one chain per task. */
@Command(name = "fit-hmc", mixinStandardHelpOptions = true,
        description = "Run HMC around a saved MAP with one chain per task on the executors; equals 'bdl4j fit "
                + "--method hmc --from MAP' on the same rows, draw for draw. The training table is collected to the "
                + "driver and broadcast (every task needs every row: HMC is for small data). With --validation rows "
                + "the chains run under the MAP's prior and two fan-in priors and the prior whose draws predict "
                + "those rows best is kept; without them the MAP's prior is used.")
final class FitHmcCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    FromMapOptions from;

    @picocli.CommandLine.Mixin
    SparkSessionOptions session;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        return session.run("bdl4j-spark fit-hmc", spark -> {
            long t0 = System.nanoTime();
            SparkHmc.Fitted fitted = SparkHmc.fit(spark, from.spec());
            command.commandLine().getOut().printf(Locale.ROOT, "fitted hmc: %d chains run on executors in %.1f s, "
                    + "saved to %s%n", fitted.chains(), (System.nanoTime() - t0) / 1e9, from.out);
            fitted.warnings().forEach(w -> command.commandLine().getErr().println("warning: " + w));
            return 0;
        });
    }
}
