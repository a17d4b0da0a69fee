package org.bdl4j.bo;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * An objective evaluated by an external command, so that an experiment can be driven from the shell: the
 * command runs under {@code /bin/sh -c}, reads {@code {"x": [x1, ..., xd]}} on its standard input and
 * prints y, a finite number, as the last non-empty line of its standard output. A non-zero exit status,
 * or anything else printed there, is an {@link ObjectiveException} naming the command and what it printed.
 */
public final class CommandObjective implements Objective {
    private final String command;

    public CommandObjective(String command) {
        if (command == null || command.isBlank()) {
            throw new IllegalArgumentException("the objective command is empty");
        }
        this.command = command;
    }

    @Override
    public double evaluate(double[] x) {
        StringBuilder json = new StringBuilder("{\"x\": [");
        for (int j = 0; j < x.length; j++) {
            json.append(j == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.17g", x[j]));
        }
        json.append("]}\n");
        try {
            Process p = new ProcessBuilder(List.of("/bin/sh", "-c", command)).redirectErrorStream(false).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(json.toString().getBytes(StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the command may exit without reading its input; its output decides
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = p.waitFor();
            if (status != 0) {
                throw new ObjectiveException("objective command '" + command + "' exited with status " + status
                        + firstLine(": ", err));
            }
            String last = lastLine(out);
            double y;
            try {
                y = Double.parseDouble(last);
            } catch (NumberFormatException e) {
                throw new ObjectiveException("objective command '" + command + "' printed '" + abbreviate(last)
                        + "', expected a number");
            }
            if (!Double.isFinite(y)) {
                throw new ObjectiveException("objective command '" + command + "' printed " + last
                        + ", expected a finite number");
            }
            return y;
        } catch (IOException e) {
            throw new ObjectiveException("objective command '" + command + "' could not run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ObjectiveException("interrupted while running the objective command '" + command + "'", e);
        }
    }

    private static String lastLine(String s) {
        String[] lines = s.strip().split("\\R");
        return lines.length == 0 ? "" : lines[lines.length - 1].strip();
    }

    private static String firstLine(String prefix, String s) {
        String t = s.strip();
        return t.isEmpty() ? "" : prefix + abbreviate(t.split("\\R")[0]);
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
