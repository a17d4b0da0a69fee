package org.bdl4j.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bdl4j.train.TrainingListener;

/**
 * {@code compare}'s progress: a line on stderr as each method starts and ends ({@code [3/8] vi ...},
 * {@code [3/8] vi: 12.4 s}), unless quiet a progress bar for each training run of a method, and the rows
 * finished so far, from which an interrupted comparison (Ctrl-C) still writes its table and report,
 * naming what is missing.
 */
final class CompareProgress implements Comparison.Progress {
    private final PrintWriter err;
    private final List<String> methods;
    private final List<Comparison.Row> done = new ArrayList<>();
    private final Map<String, String> failed = new LinkedHashMap<>();
    private long started;
    private int index;

    private final boolean bars;

    CompareProgress(PrintWriter err, List<String> methods, boolean bars) {
        this.err = err;
        this.methods = List.copyOf(methods);
        this.bars = bars;
    }

    @Override
    public TrainingListener training(String method) {
        return bars ? new TrainingProgress("compare " + method, System.err) : null;
    }

    @Override
    public synchronized void started(String method, int i, int total) {
        started = System.nanoTime();
        index = i;
        err.printf(Locale.ROOT, "compare [%d/%d] %s ...%n", i + 1, total, method);
        err.flush();
    }

    @Override
    public synchronized void finished(String method, Comparison.Row row, String failure) {
        double seconds = (System.nanoTime() - started) / 1e9;
        if (row != null) {
            done.add(row);
            err.printf(Locale.ROOT, "compare [%d/%d] %s: %.1f s%n", index + 1, methods.size(), method, seconds);
        } else {
            failed.put(method, "failed: " + failure);
            err.printf(Locale.ROOT, "compare [%d/%d] %s: failed after %.1f s: %s%n", index + 1, methods.size(), method,
                    seconds, failure);
        }
        err.flush();
    }

    /** The result so far: the finished rows, and every other method as failed or not run ({@code reason}). */
    synchronized Comparison.Result partial(String reason) {
        Map<String, String> missing = new LinkedHashMap<>(failed);
        for (String m : methods) {
            if (done.stream().noneMatch(r -> r.method().equals(m)) && !missing.containsKey(m)) {
                missing.put(m, reason);
            }
        }
        return new Comparison.Result(List.copyOf(done), List.of(), missing);
    }
}
