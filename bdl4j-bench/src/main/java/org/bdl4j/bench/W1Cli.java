package org.bdl4j.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bdl4j.cli.Main;
import org.bdl4j.io.TemporaryDirectory;

/**
 * W1CLI: W1's training through the command line's own fit path ({@code bdl4j fit}, in-process), so that
 * the two can be compared in one run: MLP 784-256-256-10 (ReLU, dropout 0.1, {@code --arch mlp}), Adam
 * lr 1e-3, coupled weight decay 5e-4, batch 128, seed 1; {@code --validation-fraction 0.0834} holds out
 * 5,004 of the 60,000 training images, leaving 54,996 to train on (W1: 55,000), and the command
 * evaluates them after each epoch. After a warm-up run of 1 epoch, the command runs with 1 and with N
 * epochs; the seconds per epoch are (T_N − T_1) / (N − 1), which removes reading the data,
 * standardising it, building the network and saving the model.
 */
final class W1Cli {
    private W1Cli() {}

    static void run(Path data, int epochs) {
        if (epochs < 2) {
            throw new IllegalArgumentException("W1CLI needs at least 2 epochs, found " + epochs);
        }
        try {
            fit(data, 1); // warm-up: the JIT and the engine's first calls, which would inflate T_1
            double one = fit(data, 1);
            double many = fit(data, epochs);
            new JsonLine("W1CLI", "map", W1MapTraining.SEED)
                    .setting("command", String.join(" ", args(Path.of("MODEL"), data, epochs)))
                    .setting("train_rows", 54_996).setting("epochs", epochs)
                    .setting("threads", System.getProperty("ai.djl.pytorch.num_threads", "default"))
                    .time("fit_1_epoch", one).time("fit_" + epochs + "_epochs", many)
                    .time("train_per_epoch", (many - one) / (epochs - 1)).print();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double fit(Path data, int epochs) throws IOException {
        try (TemporaryDirectory out = TemporaryDirectory.create("bdl4j-w1cli")) {
            StringWriter err = new StringWriter();
            long t0 = System.nanoTime();
            int code = Main.run(args(out.resolve("model"), data, epochs).toArray(String[]::new),
                    new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (code != 0) {
                throw new IllegalStateException("fit exited with " + code + ": " + err);
            }
            return seconds;
        }
    }

    private static List<String> args(Path out, Path data, int epochs) {
        return new ArrayList<>(List.of("fit", "--data", "fashion-mnist:" + data, "--method", "map", "--arch", "mlp",
                "--hidden", "256,256", "--activation", "relu", "--dropout", "0.1", "--optimizer", "adam", "--lr",
                "0.001", "--weight-decay", Double.toString(W1MapTraining.WEIGHT_DECAY), "--batch-size", "128",
                "--epochs", Integer.toString(epochs), "--validation-fraction", "0.0834", "--seed", "1", "--quiet",
                "--out", out.toString()));
    }
}
