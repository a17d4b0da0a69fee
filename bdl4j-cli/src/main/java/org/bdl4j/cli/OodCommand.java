package org.bdl4j.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.Posterior;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.TargetMode;
import org.bdl4j.data.Task;
import org.bdl4j.method.Posteriors;
import org.bdl4j.metrics.SelectiveMetrics;
import org.bdl4j.ood.OodEvaluation;
import org.bdl4j.ood.OodScore;
import org.bdl4j.ood.OodScorer;
import org.bdl4j.ood.RejectionFile;
import org.bdl4j.ood.RejectionRule;
import org.bdl4j.options.EnumNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code bdl4j ood}: how well a saved model's uncertainty separates in-distribution rows from one or more
 * out-of-distribution sets, per score (AUROC, AUPR-in, AUPR-out, FPR at 95% TPR with bootstrap
 * intervals, and on labelled in-distribution rows the selective-prediction AURC); and, with
 * {@code --fit-reject}, the rejection rule that {@code predict --reject} applies.
 */
@Command(name = "ood", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Out-of-distribution detection with a saved model: evaluate scores, or fit a rejection rule.")
final class OodCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "MODEL", description = "A model directory written by fit (or --predictions).")
    Path model;

    @Option(names = "--predictions", description = "Without --model: --in and --ood are CSV files of predictions made"
            + " elsewhere (class scores, see --scores, or mean[,std]), as calibrate --predictions reads them.")
    boolean predictions;

    @Option(names = "--target", paramLabel = "COL", description = "With --predictions: the label column of --in (its"
            + " labels add the selective-prediction columns; ignored in --ood).")
    String target;

    @Option(names = "--scores", defaultValue = "probabilities", paramLabel = "probabilities|logits",
            description = "With --predictions: what the class columns hold; logits add max_logit and energy (default:"
                    + " ${DEFAULT-VALUE}).")
    String scores;

    @Option(names = "--in", paramLabel = "SRC", description = "In-distribution rows (test rows; labels, if present, add the selective-prediction columns).")
    String in;

    @Option(names = "--ood", paramLabel = "SRC", description = "Out-of-distribution rows; repeat for several sets (e.g. fashion-mnist-flip, fashion-mnist-invert, fashion-mnist-noise).")
    List<String> ood = new ArrayList<>();

    @Option(names = "--score", paramLabel = "NAME", defaultValue = "all", description = "A score (msp, entropy, mi, expected_entropy, variation_ratio, max_logit, energy, mahalanobis; variance, epistemic_variance for regression) or all (default: ${DEFAULT-VALUE}).")
    String score;

    @Option(names = "--train", paramLabel = "SRC", description = "The labelled training rows (for fashion-mnist and toy:NAME their training part, with --seed) for the mahalanobis score's class means and covariance.")
    String train;

    @Option(names = "--bootstrap", paramLabel = "B", defaultValue = "1000", description = "Bootstrap replicates for the intervals, 0 for none (default: ${DEFAULT-VALUE}).")
    int bootstrap;

    @Option(names = "--level", paramLabel = "L", defaultValue = "0.95", description = "Level of the intervals (default: ${DEFAULT-VALUE}).")
    double level;

    @Option(names = "--fit-reject", paramLabel = "SRC", description = "In-distribution validation rows (not the test rows): fit the threshold that predict --reject applies and save it with the model.")
    String fitReject;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "0.95", description = "With --fit-reject: the guaranteed fraction of in-distribution rows accepted (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--force", description = "With --fit-reject: replace the model's existing rejection rule (MODEL/rejection).")
    boolean force;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Seed of the bootstrap, toy data and sampling methods (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print one JSON object: results per OOD set and score.")
    boolean json;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        validate();
        if (predictions) {
            return fromPredictions();
        }
        try (Posterior post = Posteriors.load(model)) {
            List<OodScore> scores = chosenScores(post);
            PrintWriter o = spec.commandLine().getOut();
            JsonObject out = new JsonObject();
            out.addProperty("model", model.toString());
            out.addProperty("method", post.method());
            OodScorer scorer = train == null ? OodScorer.of(post)
                    : OodScorer.withTrainingRows(post, Tables.trainingRowsForModel(train, post.schema(), seed));
            if (fitReject != null) {
                out.add("rejection", fitRejection(post, scorer, o));
            }
            if (in != null) {
                evaluate(post, scorer, scores, out, o);
            }
            if (json) {
                o.println(Json.GSON.toJson(out));
            }
            o.flush();
        }
        return 0;
    }

    private void validate() {
        if (predictions && (model != null || fitReject != null || train != null)) {
            throw new CliException("--predictions evaluates files of predictions: without --model, --fit-reject or"
                    + " --train");
        }
        if (!predictions && model == null) {
            throw new CliException("missing --model MODEL (or --predictions with files of predictions in --in and"
                    + " --ood)");
        }
        if (in == null && fitReject == null) {
            throw new CliException("nothing to do: give --in SRC with --ood SRC to evaluate, or --fit-reject SRC");
        }
        if (in != null && ood.isEmpty()) {
            throw new CliException("--in needs at least one --ood SRC to compare with");
        }
        if (in == null && !ood.isEmpty()) {
            throw new CliException("--ood needs --in SRC, the in-distribution rows to compare with");
        }
        if (bootstrap < 0) {
            throw new CliException("--bootstrap must be >= 0, found " + bootstrap);
        }
        if (!(level > 0 && level < 1)) {
            throw new CliException("--level must be in (0, 1), found " + level);
        }
        if (!(rate > 0 && rate < 1)) {
            throw new CliException("--rate must be in (0, 1), found " + rate);
        }
    }

    /** The scores asked for: every score of the model's task for {@code all}, else the one named. */
    private List<OodScore> chosenScores(Posterior post) {
        return chosenScores(post.schema().task());
    }

    private List<OodScore> chosenScores(Task task) {
        if (score.trim().equalsIgnoreCase("all")) {
            return OodScore.forTask(task);
        }
        try {
            return List.of(OodScore.parse(score));
        } catch (IllegalArgumentException e) {
            throw new CliException("--score must be all, " + EnumNames.choices(OodScore.class) + ", found '" + score
                    + "'");
        }
    }

    private JsonObject fitRejection(Posterior post, OodScorer scorer, PrintWriter o) throws Exception {
        OodScore s = score.trim().equalsIgnoreCase("all") ? defaultRejectionScore(post.schema().task())
                : OodScore.parse(score);
        if (Files.exists(RejectionFile.of(model)) && !force) {
            throw new CliException(RejectionFile.of(model) + " exists; --force replaces it");
        }
        Dataset rows = Tables.forModel(fitReject, post.schema(), TargetMode.IGNORED, seed);
        OodScorer.Scored scored = scorer.score(rows, List.of(s));
        if (scored.unavailable().containsKey(s)) {
            throw new CliException("--score: " + scored.unavailable().get(s)
                    + (s == OodScore.MAHALANOBIS ? " (--train SRC)" : ""));
        }
        RejectionRule rule;
        try {
            rule = RejectionRule.fit(s, scored.scores().get(s), rate);
        } catch (IllegalArgumentException e) {
            throw new CliException("--fit-reject " + fitReject + ": " + e.getMessage());
        }
        RejectionFile.write(model, rule, scorer, fitReject);
        if (!json) {
            o.printf(Locale.ROOT, "rejection rule: refuse rows whose %s exceeds %.6g (accepts at least %.1f%% of"
                    + " in-distribution rows; fitted on %d rows of %s); saved to %s%n", s.cliName(), rule.threshold(),
                    100 * rate, rows.rows(), fitReject, RejectionFile.of(model));
        }
        JsonObject j = rule.toJson();
        j.addProperty("fittedOn", fitReject);
        return j;
    }

    /**
     * The score of a rejection rule unless told otherwise: the total predictive uncertainty, which every
     * method has (entropy for classification, variance for regression).
     */
    static OodScore defaultRejectionScore(Task task) {
        return task == Task.CLASSIFICATION ? OodScore.ENTROPY : OodScore.VARIANCE;
    }

    private void evaluate(Posterior post, OodScorer scorer, List<OodScore> wanted, JsonObject out, PrintWriter o) {
        Dataset inRows = Tables.forModel(in, post.schema(), TargetMode.OPTIONAL, seed);
        int[] labels = inRows.hasTargets() && post.schema().task() == Task.CLASSIFICATION ? inRows.labels() : null;
        report(post.method() + " model", scorer.score(inRows, wanted), labels, wanted, src -> {
            Dataset outRows = Tables.forModel(src, post.schema(), TargetMode.IGNORED, seed);
            if (outRows.rows() == 0) {
                throw new CliException("--ood " + src + ": has no rows");
            }
            return scores -> scorer.score(outRows, scores);
        }, out, o);
    }

    /** {@code --predictions}: the scores of files of predictions made elsewhere. */
    private int fromPredictions() {
        if (in == null) {
            throw new CliException("--predictions needs --in FILE.csv with --ood FILE.csv");
        }
        PredictionFiles.Read inRead = PredictionFiles.read(Path.of(in), target, scores, null);
        Task task = inRead.predictive() instanceof ClassificationPredictive ? Task.CLASSIFICATION : Task.REGRESSION;
        List<OodScore> wanted = chosenScores(task);
        List<String> classes = inRead.predictive() instanceof ClassificationPredictive c ? c.classNames() : null;
        JsonObject out = new JsonObject();
        out.addProperty("predictions", in);
        PrintWriter o = spec.commandLine().getOut();
        report("predictions", OodScorer.ofPredictions(inRead.predictive(), inRead.logits(), wanted), inRead.labels(),
                wanted, src -> {
                    PredictionFiles.Read r = PredictionFiles.read(Path.of(src), target, scores, classes);
                    return s -> OodScorer.ofPredictions(r.predictive(), r.logits(), s);
                }, out, o);
        if (json) {
            o.println(Json.GSON.toJson(out));
        }
        o.flush();
        return 0;
    }

    /**
     * The table (or JSON) of every OOD set x score and, with labels, selective prediction.
     *
     * @param labels the in-distribution rows' class labels, or null
     * @param outSets the scorer of each {@code --ood} source
     */
    private void report(String what, OodScorer.Scored inScored, int[] labels, List<OodScore> wanted,
            java.util.function.Function<String, java.util.function.Function<List<OodScore>, OodScorer.Scored>> outSets,
            JsonObject out, PrintWriter o) {
        List<OodScore> scores = available(inScored, wanted);
        JsonObject results = new JsonObject();
        List<Map<String, Object>> table = new ArrayList<>();
        for (String src : ood) {
            OodScorer.Scored outScored = outSets.apply(src).apply(scores);
            JsonObject perScore = new JsonObject();
            for (OodScore s : scores) {
                OodEvaluation e = OodEvaluation.of(inScored.scores().get(s), outScored.scores().get(s), bootstrap,
                        level, seed);
                perScore.add(s.cliName(), json(e));
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("ood", src);
                row.put("score", s.cliName());
                row.put("auroc", withInterval(e.auroc()));
                row.put("aupr_in", withInterval(e.auprIn()));
                row.put("aupr_out", withInterval(e.auprOut()));
                row.put("fpr95", withInterval(e.fpr95()));
                table.add(row);
            }
            results.add(src, perScore);
        }
        int inRows = inScored.predictive().size();
        out.addProperty("in", in);
        out.addProperty("in_rows", inRows);
        out.add("results", results);
        JsonObject unavailable = new JsonObject();
        inScored.unavailable().forEach((s, why) -> unavailable.addProperty(s.cliName(), why));
        out.add("unavailable", unavailable);
        List<Map<String, Object>> selective = selective(inScored, labels, scores, out);
        if (!json) {
            o.printf(Locale.ROOT, "%s, %d in-distribution rows of %s; intervals: %d bootstrap replicates, level %s%n",
                    what, inRows, in, bootstrap, level);
            o.print(Tables.format(table));
            if (!selective.isEmpty()) {
                o.println();
                o.println("selective prediction on the in-distribution rows (refusing the highest scores first):");
                o.print(Tables.format(selective));
            }
            inScored.unavailable().forEach((s, why) -> o.println("not computed: " + why));
        }
    }

    /** The scores that could be computed; a score named alone that cannot is an error. */
    private List<OodScore> available(OodScorer.Scored scored, List<OodScore> wanted) {
        if (wanted.size() == 1 && !scored.unavailable().isEmpty()) {
            throw new CliException("--score: " + scored.unavailable().values().iterator().next()
                    + (wanted.get(0) == OodScore.MAHALANOBIS ? " (--train SRC)" : ""));
        }
        return wanted.stream().filter(scored.scores()::containsKey).toList();
    }

    /** AURC and accuracy at 80% coverage per score, when the in-distribution rows are labelled (classification). */
    private static List<Map<String, Object>> selective(OodScorer.Scored scored, int[] labels, List<OodScore> scores,
            JsonObject out) {
        if (labels == null || !(scored.predictive() instanceof ClassificationPredictive c)) {
            return List.of();
        }
        int[] pred = c.predictions();
        boolean[] correct = new boolean[pred.length];
        for (int i = 0; i < pred.length; i++) {
            correct[i] = pred[i] == labels[i];
        }
        List<Map<String, Object>> table = new ArrayList<>();
        JsonObject j = new JsonObject();
        for (OodScore s : scores) {
            double[] confidence = scored.scores().get(s).clone();
            for (int i = 0; i < confidence.length; i++) {
                confidence[i] = -confidence[i];
            }
            double aurc = SelectiveMetrics.aurc(confidence, correct);
            double acc80 = SelectiveMetrics.accuracyAtCoverage(confidence, correct, 0.8);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("score", s.cliName());
            row.put("aurc", aurc);
            row.put("sel_acc80", acc80);
            table.add(row);
            JsonObject e = new JsonObject();
            e.addProperty("aurc", aurc);
            e.addProperty("sel_acc80", acc80);
            j.add(s.cliName(), e);
        }
        out.add("selective", j);
        return table;
    }

    private static String withInterval(OodEvaluation.Estimate e) {
        return Double.isNaN(e.lower()) ? String.format(Locale.ROOT, "%.4f", e.value())
                : String.format(Locale.ROOT, "%.4f [%.4f, %.4f]", e.value(), e.lower(), e.upper());
    }

    private static JsonObject json(OodEvaluation e) {
        JsonObject j = new JsonObject();
        put(j, "auroc", e.auroc());
        put(j, "aupr_in", e.auprIn());
        put(j, "aupr_out", e.auprOut());
        put(j, "fpr95", e.fpr95());
        j.addProperty("in_rows", e.inRows());
        j.addProperty("ood_rows", e.outRows());
        return j;
    }

    private static void put(JsonObject j, String key, OodEvaluation.Estimate e) {
        j.addProperty(key, e.value());
        if (!Double.isNaN(e.lower())) {
            JsonArray ci = new JsonArray();
            ci.add(e.lower());
            ci.add(e.upper());
            j.add(key + "_ci", ci);
        }
    }
}
