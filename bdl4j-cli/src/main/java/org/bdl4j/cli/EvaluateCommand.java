package org.bdl4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bdl4j.Posterior;
import org.bdl4j.Predictive;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.TargetMode;
import org.bdl4j.io.Posteriors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code bdl4j evaluate}: a saved model's metrics on labelled data (and OOD detection with --ood). */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Evaluate a saved model on labelled data.")
final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "A model directory written by fit.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "SRC", description = "Labelled rows (CSV, fashion-mnist, toy:NAME).")
    String data;

    @Option(names = "--ood", paramLabel = "SRC", description = "Out-of-distribution rows: adds ood_auroc (OOD = positive class).")
    String ood;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Option(names = "--level", defaultValue = "0.9", paramLabel = "L", description = "Regression interval level for picp and interval_width (default: ${DEFAULT-VALUE}).")
    double level;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Seed of toy test data and sampling methods (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        if (!(level > 0 && level < 1)) {
            throw new CliException("--level must be in (0, 1), found " + level);
        }
        try (Posterior post = Posteriors.load(model)) {
            Dataset labelled = Tables.forModel(data, post.schema(), TargetMode.REQUIRED, seed);
            Dataset oodRows = ood == null ? null : Tables.forModel(ood, post.schema(), TargetMode.IGNORED, seed);
            Predictive p = post.predict(labelled);
            Map<String, Double> metrics = Scores.of(post, p, labelled, oodRows, level);
            PrintWriter o = spec.commandLine().getOut();
            if (json) {
                o.println(Json.GSON.toJson(metrics));
            } else {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("method", post.method());
                row.put("rows", labelled.rows());
                row.putAll(metrics);
                o.print(Tables.format(List.of(row)));
            }
            o.flush();
        }
        return 0;
    }
}
