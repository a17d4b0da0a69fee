package org.bdl4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bdl4j.Posterior;
import org.bdl4j.Predictive;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.TargetMode;
import org.bdl4j.method.Posteriors;
import org.bdl4j.ood.OodScorer;
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

    @Mixin
    ModelInput input;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        input.validate();
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
            if (out == null) {
                PrintWriter w = spec.commandLine().getOut();
                PredictionCsv.write(p, level, extra, w);
                w.flush();
            } else {
                AtomicFiles.write(out, w -> PredictionCsv.write(p, level, extra, w));
                System.err.printf(Locale.ROOT, "wrote %d predictions to %s%n", p.size(), out);
            }
        }
        return 0;
    }
}
