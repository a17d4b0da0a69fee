package org.bdl4j.bo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;

/**
 * The record of an optimisation run, {@code x1,...,xd,y} with a header, one line per evaluation appended
 * and forced to disk as soon as it is known, so that an interrupted run resumes from it: a run given an
 * existing log reads its evaluations first and evaluates only what is still missing.
 */
final class EvaluationLog {
    private final Path file;

    private EvaluationLog(Path file) {
        this.file = file;
    }

    /**
     * Opens {@code file} (creating it with its header when absent) and returns the log and the
     * evaluations already in it.
     *
     * @throws IllegalArgumentException naming the line of a malformed log or one of another dimension
     */
    static EvaluationLog open(Path file, int d, List<BayesianOptimizer.Evaluation> into) {
        try {
            if (Files.exists(file)) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                if (lines.isEmpty() || !lines.get(0).equals(header(d))) {
                    throw new IllegalArgumentException(file + ": not an optimisation log for " + d
                            + " dimensions (expected the header " + header(d) + ")");
                }
                for (int i = 1; i < lines.size(); i++) {
                    into.add(parse(lines.get(i), d, file, i + 1));
                }
            } else {
                append(file, header(d) + "\n", true);
            }
            return new EvaluationLog(file);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    void add(BayesianOptimizer.Evaluation e) {
        StringBuilder s = new StringBuilder();
        for (double v : e.x()) {
            s.append(String.format(Locale.ROOT, "%.17g", v)).append(',');
        }
        s.append(String.format(Locale.ROOT, "%.17g", e.y())).append('\n');
        try {
            append(file, s.toString(), false);
        } catch (IOException ex) {
            throw new UncheckedIOException(file + ": " + ex.getMessage(), ex);
        }
    }

    private static BayesianOptimizer.Evaluation parse(String line, int d, Path file, int number) {
        String[] cells = line.split(",");
        if (cells.length != d + 1) {
            throw new IllegalArgumentException(file + ": line " + number + " has " + cells.length + " values, expected "
                    + (d + 1));
        }
        double[] x = new double[d];
        try {
            for (int j = 0; j < d; j++) {
                x[j] = Double.parseDouble(cells[j]);
            }
            return new BayesianOptimizer.Evaluation(x, Double.parseDouble(cells[d]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": line " + number + " is not numbers: '" + line + "'");
        }
    }

    private static String header(int d) {
        StringBuilder s = new StringBuilder();
        for (int j = 1; j <= d; j++) {
            s.append('x').append(j).append(',');
        }
        return s.append('y').toString();
    }

    private static void append(Path file, String text, boolean create) throws IOException {
        try (FileChannel ch = FileChannel.open(file, create
                ? new StandardOpenOption[] {StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE}
                : new StandardOpenOption[] {StandardOpenOption.APPEND, StandardOpenOption.WRITE})) {
            ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
    }
}
