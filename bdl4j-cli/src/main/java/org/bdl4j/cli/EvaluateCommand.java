package org.bdl4j.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bdl4j.Posterior;
import org.bdl4j.Predictive;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.TargetMode;
import org.bdl4j.method.Posteriors;
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

    @Option(names = "--ood", paramLabel = "SRC", description = "Out-of-distribution rows: adds ood_auroc (OOD = positive class).")
    String ood;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Mixin
    ModelInput input;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        input.validate();
        try (Posterior post = Posteriors.load(input.model)) {
            Dataset labelled = Tables.forModel(input.data, post.schema(), TargetMode.REQUIRED, input.seed);
            Dataset oodRows = ood == null ? null : Tables.forModel(ood, post.schema(), TargetMode.IGNORED, input.seed);
            Predictive p = post.predict(labelled);
            Map<String, Double> metrics = Scores.of(post, p, labelled, oodRows, input.level);
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
