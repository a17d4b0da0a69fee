package org.bdl4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.RegressionPredictive;
import org.bdl4j.calibration.CalibratorFile;
import org.bdl4j.Posterior;
import org.bdl4j.Predictive;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.TargetMode;
import org.bdl4j.method.Posteriors;
import org.bdl4j.ood.OodScorer;
import org.bdl4j.ood.RejectionFile;
import org.bdl4j.ood.RejectionRule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code bdl4j predict}: the predictive of a saved model for every row of a data set, as CSV. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Predict with a saved model: one CSV row per input row (a target column, if present, is ignored).")
final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "FILE.csv", description = "Write here (whole or not at all) instead of stdout.")
    Path out;

    @Option(names = "--reject", description = "Apply the model's rejection rule (fitted by 'bdl4j ood --fit-reject'): adds the columns ood_score and reject (1 = refuse).")
    boolean reject;

    @Option(names = "--calibrator", paramLabel = "FILE.json",
            description = "Instead of a model: apply this calibrator (written by calibrate --predictions) to --predictions.")
    Path calibrator;

    @Option(names = "--predictions", paramLabel = "FILE.csv",
            description = "With --calibrator: predictions made elsewhere by the calibrated model (the columns calibrate"
                    + " read; a --target column, if any, is ignored).")
    Path predictions;

    @Option(names = "--target", paramLabel = "COL", description = "With --predictions: a label or target column to ignore.")
    String target;

    @Option(names = "--scores", defaultValue = "probabilities", paramLabel = "probabilities|logits",
            description = "With --predictions: what the class columns hold (default: ${DEFAULT-VALUE}).")
    String scores;

    @Mixin
    ModelInput input;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        if (calibrator != null || predictions != null) {
            return calibrated();
        }
        input.validate("--calibrator FILE.json --predictions FILE.csv");
        double level = input.level;
        try (Posterior post = Posteriors.load(input.model)) {
            Dataset x = Tables.forModel(input.data, post.schema(), TargetMode.IGNORED, input.seed);
            Map<String, String[]> extra = new LinkedHashMap<>();
            Predictive p;
            if (reject) {
                RejectionFile.Loaded saved = RejectionFile.read(input.model, post);
                RejectionRule rule = saved.rule();
                OodScorer.Scored scored = saved.scorer().score(x, List.of(rule.score()));
                if (!scored.unavailable().isEmpty()) {
                    throw new CliException(RejectionFile.of(input.model) + ": " + scored.unavailable().get(rule.score()));
                }
                p = scored.predictive();
                double[] s = scored.scores().get(rule.score());
                boolean[] refused = rule.rejects(s);
                String[] score = new String[s.length];
                String[] flag = new String[s.length];
                for (int i = 0; i < s.length; i++) {
                    score[i] = PredictionCsv.num(s[i]);
                    flag[i] = refused[i] ? "1" : "0";
                }
                extra.put("ood_score", score);
                extra.put("reject", flag);
            } else {
                p = post.predict(x);
            }
            write(p, extra);
        }
        return 0;
    }

    /** {@code --calibrator} on {@code --predictions}: predictions made elsewhere, calibrated. */
    private int calibrated() throws java.io.IOException {
        if (calibrator == null || predictions == null) {
            throw new CliException(calibrator == null ? "--predictions needs --calibrator FILE.json"
                    : "--calibrator needs --predictions FILE.csv");
        }
        if (input.given() || reject) {
            throw new CliException("--calibrator applies to --predictions, without --model, --data or --reject");
        }
        RegressionPredictive.LEVEL.check(input.level);
        CalibratorFile c = CalibratorFile.read(calibrator);
        PredictionFiles.Read read = PredictionFiles.read(predictions, target, scores,
                c.classNames().isEmpty() ? null : c.classNames());
        if ((read.predictive() instanceof ClassificationPredictive) != c.classNames().size() > 0) {
            throw new CliException("--predictions " + predictions + " holds " + (c.classNames().isEmpty()
                    ? "class scores" : "regression predictions") + ", the calibrator is for "
                    + c.calibrator().task().cliName());
        }
        write(c.apply(read.predictive()), Map.of());
        return 0;
    }

    private void write(Predictive p, Map<String, String[]> extra) throws java.io.IOException {
        if (out == null) {
            PrintWriter w = spec.commandLine().getOut();
            PredictionCsv.write(p, input.level, extra, w);
            w.flush();
        } else {
            AtomicFiles.write(out, w -> PredictionCsv.write(p, input.level, extra, w));
            System.err.printf(Locale.ROOT, "wrote %d predictions to %s%n", p.size(), out);
        }
    }
}
