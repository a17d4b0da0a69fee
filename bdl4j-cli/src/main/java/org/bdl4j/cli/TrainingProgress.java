package org.bdl4j.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.bdl4j.train.EpochRecord;
import org.bdl4j.train.TrainingListener;
import org.bdl4j.train.TrainingResult;
import org.bdl4j.vi.ViEpochRecord;
import org.bdl4j.vi.ViListener;

/**
 * A progress bar on stderr over all minibatch steps, with the last epoch's NLL (and, for VI, its KL)
 * as its message; one bar per training phase.
 */
final class TrainingProgress implements TrainingListener, ViListener {
    private final String task;
    private final PrintStream stream;
    private ProgressBar bar;

    TrainingProgress(String task, PrintStream stream) {
        this.task = task;
        this.stream = stream;
    }

    @Override
    public void onStart(int epochs, int batchesPerEpoch) {
        bar = new ProgressBarBuilder().setTaskName(task).setInitialMax((long) epochs * batchesPerEpoch)
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(stream))
                .setUpdateIntervalMillis(200).build();
    }

    @Override
    public void onBatch(int epoch, int batch, double meanNll) {
        bar.step();
    }

    @Override
    public void onEpoch(EpochRecord r) {
        bar.setExtraMessage(String.format(java.util.Locale.ROOT, " epoch %d nll %.4f%s", r.epoch(), r.trainNll(),
                Double.isNaN(r.validationNll()) ? "" : String.format(java.util.Locale.ROOT, " val %.4f", r.validationNll())));
    }

    @Override
    public void onEpoch(ViEpochRecord r) {
        bar.setExtraMessage(String.format(java.util.Locale.ROOT, " epoch %d nll %.4g kl %.4g kl-weight %.3g", r.epoch(),
                r.nll(), r.kl(), r.klWeightLast()));
    }

    @Override
    public void onEnd(TrainingResult result) {
        onEnd();
    }

    @Override
    public void onEnd() {
        if (bar != null) {
            bar.stepTo(bar.getMax());
            bar.close();
            bar = null;
        }
    }
}
