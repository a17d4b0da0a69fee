package org.bdl4j.spark.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.bdl4j.laplace.LaplaceMethod;
import org.bdl4j.spark.FromMapFitSpec;
import org.bdl4j.spark.SparkLaplace;
import org.bdl4j.train.TrainingOptions;
import picocli.CommandLine.Command;

/** {@code bdl4j-spark fit-laplace}: a Laplace approximation whose curvature is summed on the executors. */
@Command(name = "fit-laplace", mixinStandardHelpOptions = true,
        description = "Fit a Laplace approximation around a saved MAP, its curvature summed over the table's "
                + "partitions on the executors; equals 'bdl4j fit --method laplace --from MAP' on the same rows. "
                + "The prior precision is the marginal likelihood's unless given, checked against a grid search "
                + "on the NLL of the --validation rows (without them it is used unchecked).")
final class FitLaplaceCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    FromMapOptions from;

    @picocli.CommandLine.Mixin
    SparkSessionOptions session;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        FromMapFitSpec spec = from.spec();
        if (spec.validation() == null && !spec.options().containsKey(TrainingOptions.PRIOR_PRECISION.name())
                && !spec.options().containsKey(LaplaceMethod.PRIOR_OPTIMIZE.name())) {
            command.commandLine().getErr().println("warning: no --validation table: the prior precision is the marginal"
                    + " likelihood's, unchecked (with many classes or little data it can be far too small; give"
                    + " --validation PATH to check it against a grid search)");
        }
        return session.run("bdl4j-spark fit-laplace", spark -> {
            long t0 = System.nanoTime();
            long rows = SparkLaplace.fit(spark, spec);
            command.commandLine().getOut().printf(Locale.ROOT, "fitted laplace: curvature of %d rows summed on "
                    + "executors in %.1f s, saved to %s%n", rows, (System.nanoTime() - t0) / 1e9, spec.out());
            return 0;
        });
    }
}
