package org.bdl4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import org.bdl4j.options.InvalidOptionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code bdl4j} command. Errors end the process with one line on stderr: exit code 2 for a
 * malformed command line, 1 for bad input (file, data, model, option value); {@code --verbose}
 * adds the stack trace.
 */
@Command(name = "bdl4j", mixinStandardHelpOptions = true, version = "bdl4j " + org.bdl4j.io.Versions.BDL4J,
        description = "Bayesian deep learning for the JVM: fit, evaluate and compare posterior approximations.",
        subcommands = {DemoCommand.class, FitCommand.class, PredictCommand.class, EvaluateCommand.class,
            CompareCommand.class, CalibrateCommand.class, ConformalCommand.class, OodCommand.class,
            ActiveLearnCommand.class, AcquireCommand.class, OptimizeCommand.class, ContinualCommand.class,
            DoctorCommand.class, ReportCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing a command (demo, fit, predict, evaluate, compare, calibrate, conformal, ood, active-learn, acquire, optimize)");
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command with the given streams and returns the exit code (for tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            String help = ex.getCommandLine().getCommandName();
            err.println("bdl4j: " + usageMessage(ex) + " (see 'bdl4j "
                    + ("bdl4j".equals(help) ? "" : help + " ") + "--help')");
            if (verbose) {
                ex.printStackTrace(err);
            }
            err.flush();
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
            err.println("bdl4j: " + describe(ex, c.getCommandSpec()));
            if (verbose) {
                ex.printStackTrace(err);
            }
            err.flush();
            return 1;
        });
        return cl.execute(args);
    }

    /** A malformed command line in one line: an unknown command is named with the commands there are. */
    static String usageMessage(CommandLine.ParameterException ex) {
        CommandLine c = ex.getCommandLine();
        if (ex instanceof CommandLine.UnmatchedArgumentException u && c.getParent() == null
                && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
            return "unknown command '" + u.getUnmatched().get(0) + "' (commands: "
                    + String.join(", ", c.getSubcommands().keySet()) + ")";
        }
        return oneLine(ex.getMessage());
    }

    /**
     * The one-line message for a failure: the input's own message where it has one; an option named by
     * core is written as the command spells it ({@code --name}) when the command has that option.
     */
    static String describe(Throwable ex, CommandLine.Model.CommandSpec command) {
        Throwable t = ex;
        if (t instanceof InvalidOptionException bad) {
            return oneLine(bad.render(name -> command.findOption("--" + name) != null ? "--" + name : name));
        }
        if (t instanceof UncheckedIOException u && u.getCause() != null) {
            t = u.getCause();
        }
        if (t instanceof java.nio.file.NoSuchFileException nf) {
            return oneLine(nf.getFile() + ": no such file");
        }
        if (t instanceof java.nio.file.AccessDeniedException ad) {
            return oneLine(ad.getFile() + ": permission denied");
        }
        if (t instanceof CliException || t instanceof IllegalArgumentException || t instanceof IOException
                || t instanceof IllegalStateException) {
            String m = t.getMessage();
            return oneLine(m == null ? t.getClass().getSimpleName() : m);
        }
        return oneLine("internal error: " + t + " (rerun with --verbose for the stack trace)");
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ');
    }
}
