package org.bdl4j.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.bdl4j.Posterior;
import org.bdl4j.active.Acquirer;
import org.bdl4j.active.Acquisition;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.TargetMode;
import org.bdl4j.data.Task;
import org.bdl4j.method.Posteriors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code bdl4j acquire}: which rows of an unlabelled pool a saved model would have labelled next
 * ({@link Acquirer#next}), for labels that come from people: prints {@code row,rank}, the pool's 0-based
 * data row and its place in the batch.
 */
@Command(name = "acquire", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Choose the pool rows to label next with a saved model and an acquisition.")
final class AcquireCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "A model directory written by fit.")
    Path model;

    @Option(names = "--pool", required = true, paramLabel = "SRC", description = "The unlabelled rows (a target column, if present, is ignored).")
    String pool;

    @Option(names = "--batch", defaultValue = "10", paramLabel = "K", description = "Rows to choose (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--acquisition", paramLabel = "NAME", description = "As for active-learn (default: powerbald, or bald with --batch 1; variance for regression).")
    String acquisition;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Seed of random and stochastic acquisitions, toy data and sampling methods (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "FILE.csv", description = "Write here (whole or not at all) instead of stdout.")
    Path out;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        if (batch < 1) {
            throw new CliException("--batch must be >= 1, found " + batch);
        }
        try (Posterior post = Posteriors.load(model)) {
            Task task = post.schema().task();
            Acquisition a = acquisition == null ? Acquisition.defaultFor(task, batch) : Acquisition.parse(acquisition, task);
            Dataset rows = Tables.forModel(pool, post.schema(), TargetMode.IGNORED, seed);
            int[] chosen;
            try {
                chosen = Acquirer.next(post, rows, batch, a, seed);
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage());
            }
            if (out == null) {
                PrintWriter w = spec.commandLine().getOut();
                write(chosen, w);
                w.flush();
            } else {
                AtomicFiles.write(out, w -> write(chosen, w));
                System.err.printf(Locale.ROOT, "wrote %d rows to label to %s%n", chosen.length, out);
            }
        }
        return 0;
    }

    private static void write(int[] chosen, Writer w) throws java.io.IOException {
        CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").build());
        p.printRecord("row", "rank");
        for (int k = 0; k < chosen.length; k++) {
            p.printRecord(chosen[k], k + 1);
        }
        p.flush();
    }
}
