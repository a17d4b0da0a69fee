package org.bdl4j.spark.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code bdl4j-spark} command, run through {@code spark-submit} (or {@code java} with Spark on the
 * class path and {@code --master local[N]}). Errors end the process with one line on stderr: exit code
 * 2 for a malformed command line, 1 for bad input; {@code --verbose} adds the stack trace.
 */
@Command(name = "bdl4j-spark", mixinStandardHelpOptions = true, version = "bdl4j-spark " + org.bdl4j.io.Versions.BDL4J,
        description = "bdl4j on Apache Spark: score tables with a model's uncertainty, train ensemble members and sum Laplace curvature on executors.",
        subcommands = {ScoreCommand.class, FitEnsembleCommand.class, FitLaplaceCommand.class, FitHmcCommand.class,
            CalibrateCommand.class})
public final class SparkMain implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing a command (score, fit-ensemble, fit-laplace, calibrate)");
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command with the given streams and returns the exit code (for tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
        CommandLine cl = new CommandLine(new SparkMain());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("bdl4j-spark: " + oneLine(ex.getMessage()));
            err.flush();
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
            err.println("bdl4j-spark: " + oneLine(rootMessage(ex)));
            if (verbose) {
                ex.printStackTrace(err);
            }
            err.flush();
            return 1;
        });
        return cl.execute(args);
    }

    /**
     * The message of the innermost cause that has one: a bad cell found in a task reaches the driver
     * wrapped in Spark's task-failure exceptions, whose own messages are stack dumps.
     */
    static String rootMessage(Throwable ex) {
        String message = ex.getMessage();
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException || t instanceof java.io.UncheckedIOException) {
                message = t.getMessage();
            }
        }
        return message == null ? ex.toString() : message;
    }

    private static String oneLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
