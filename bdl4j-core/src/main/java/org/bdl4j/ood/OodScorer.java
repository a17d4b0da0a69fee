package org.bdl4j.ood;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.ModelSchema;
import org.bdl4j.Posterior;
import org.bdl4j.Predictive;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.Task;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.FeatureHead;
import org.bdl4j.nn.PointNetworks;

/**
 * Computes {@link OodScore}s of a posterior's predictions on a set of rows; the predictive, the logits
 * and the features are each computed at most once per call, whatever the number of scores.
 *
 * <p>Predictive scores work for every posterior. {@link OodScore.Source#LOGITS} scores need a
 * {@link PointNetworks} posterior (MAP, deep ensemble, Laplace; or such a posterior over the last
 * layer of a frozen network, a {@link FeatureHead}, whose networks read that network's features) and use
 * the mean of its networks' logits; {@link OodScore#MAHALANOBIS} also needs training rows ({@link #withTrainingRows}), from
 * which each network gets its own {@link MahalanobisDetector}, the score being the mean over the
 * networks.
 */
public final class OodScorer {
    private final Posterior posterior;
    private final List<MahalanobisDetector> detectors; // one per network, or empty

    private OodScorer(Posterior posterior, List<MahalanobisDetector> detectors) {
        this.posterior = Objects.requireNonNull(posterior, "posterior");
        this.detectors = detectors;
    }

    /** Predictive and logit scores of {@code posterior} (not owned). */
    public static OodScorer of(Posterior posterior) {
        return new OodScorer(posterior, List.of());
    }

    /**
     * Also the Mahalanobis score, fitted on {@code train}'s features and labels (a classification set
     * conformed to the posterior's schema) when the posterior has {@link PointNetworks}; otherwise as
     * {@link #of}.
     */
    public static OodScorer withTrainingRows(Posterior posterior, Dataset train) {
        if (pointNetworks(posterior) == null || posterior.schema().task() != Task.CLASSIFICATION) {
            return of(posterior);
        }
        if (!train.hasTargets()) {
            throw new IllegalArgumentException("the training rows for the Mahalanobis score need their labels");
        }
        Dataset x = networkUnits(train, posterior);
        List<MahalanobisDetector> fitted = new ArrayList<>();
        for (Network net : pointNetworks(posterior).pointNetworks()) {
            int width = NetworkActivations.featureWidth(net);
            float[] z = NetworkActivations.lastHidden(net, x.features(), x.featureShape(), x.rows());
            fitted.add(MahalanobisDetector.fit(z, width, train.labels(), posterior.schema().numClasses()));
        }
        return new OodScorer(posterior, List.copyOf(fitted));
    }

    /**
     * The fitted feature-space statistics, to save with a rejection rule: for network m the arrays
     * {@code mahalanobis-m-lower} and {@code mahalanobis-m-means}; empty without {@link #withTrainingRows}.
     */
    public Map<String, float[]> featureStatistics() {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (int m = 0; m < detectors.size(); m++) {
            for (Map.Entry<String, float[]> e : detectors.get(m).arrays().entrySet()) {
                out.put("mahalanobis-" + m + "-" + e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /**
     * A scorer with the feature-space statistics of {@link #featureStatistics()} (possibly empty), for the
     * posterior they were fitted with.
     *
     * @throws IllegalArgumentException if the statistics do not match the posterior's networks
     */
    public static OodScorer withFeatureStatistics(Posterior posterior, Map<String, float[]> statistics) {
        if (statistics.isEmpty()) {
            return of(posterior);
        }
        PointNetworks p = pointNetworks(posterior);
        if (p == null) {
            throw new IllegalArgumentException("feature statistics need a map, ensemble or laplace model, found "
                    + posterior.method());
        }
        List<MahalanobisDetector> loaded = new ArrayList<>();
        for (Network net : p.pointNetworks()) {
            int m = loaded.size();
            float[] lower = statistics.get("mahalanobis-" + m + "-lower");
            float[] means = statistics.get("mahalanobis-" + m + "-means");
            if (lower == null || means == null) {
                throw new IllegalArgumentException("no Mahalanobis statistics for network " + m);
            }
            int width = NetworkActivations.featureWidth(net);
            if (lower.length != width * width) {
                throw new IllegalArgumentException("Mahalanobis statistics of network " + m + " are for " +
                        Math.round(Math.sqrt(lower.length)) + " features, the network has " + width);
            }
            loaded.add(MahalanobisDetector.fromArrays(lower, means));
        }
        return new OodScorer(posterior, List.copyOf(loaded));
    }

    /** The scores of the rows of one set, the predictive they came from, and why others were left out. */
    public record Scored(Predictive predictive, Map<OodScore, double[]> scores, Map<OodScore, String> unavailable) {
        public Scored {
            scores = Collections.unmodifiableMap(new LinkedHashMap<>(scores));
            unavailable = Collections.unmodifiableMap(new LinkedHashMap<>(unavailable));
        }
    }

    /**
     * The requested scores of {@code rows} (targets ignored). A score of another task, or one this
     * posterior cannot give, is listed in {@link Scored#unavailable()} with the reason instead.
     */
    public Scored score(Dataset rows, List<OodScore> wanted) {
        Predictive predictive = posterior.predict(rows);
        Map<OodScore, double[]> scores = new EnumMap<>(OodScore.class);
        Map<OodScore, String> unavailable = new EnumMap<>(OodScore.class);
        double[] logits = null;
        float[][] features = null;
        ModelSchema schema = posterior.schema();
        Dataset x = null;
        for (OodScore s : wanted) {
            String reason = reasonUnavailable(s, predictive);
            if (reason != null) {
                unavailable.put(s, reason);
                continue;
            }
            switch (s.source()) {
                case PREDICTIVE -> scores.put(s, s.task() == Task.CLASSIFICATION
                        ? s.scores(predictive.asClassification()) : s.scores(predictive.asRegression()));
                case LOGITS -> {
                    if (logits == null) {
                        x = x == null ? networkUnits(rows, posterior) : x;
                        logits = NetworkActivations.meanLogits(networks(), x.features(), x.featureShape(), x.rows());
                    }
                    scores.put(s, s == OodScore.MAX_LOGIT ? LogitScores.negativeMaxLogit(logits, schema.numClasses())
                            : LogitScores.energy(logits, schema.numClasses()));
                }
                case FEATURES -> {
                    if (features == null) {
                        x = x == null ? networkUnits(rows, posterior) : x;
                        List<Network> nets = networks();
                        features = new float[nets.size()][];
                        for (int m = 0; m < nets.size(); m++) {
                            features[m] = NetworkActivations.lastHidden(nets.get(m), x.features(), x.featureShape(),
                                    x.rows());
                        }
                    }
                    double[] mean = new double[rows.rows()];
                    for (int m = 0; m < detectors.size(); m++) {
                        double[] d = detectors.get(m).scores(features[m]);
                        for (int i = 0; i < mean.length; i++) {
                            mean[i] += d[i] / detectors.size();
                        }
                    }
                    scores.put(s, mean);
                }
                default -> throw new AssertionError(s);
            }
        }
        return new Scored(predictive, scores, unavailable);
    }

    /**
     * The requested scores of predictions made elsewhere, one a row (a file of probabilities or logits, or
     * of means and variances): the predictive scores, and the logit scores when {@code logits} (n x C, as
     * the model gave them) are known. The scores of the spread of posterior samples (mutual information,
     * expected entropy, variation ratio, epistemic variance) and the feature score cannot be had from
     * them and are listed in {@link Scored#unavailable()}.
     *
     * @param logits the logits behind a classification predictive, row-major n x C, or null
     */
    public static Scored ofPredictions(Predictive predictive, double[] logits, List<OodScore> wanted) {
        Map<OodScore, double[]> scores = new EnumMap<>(OodScore.class);
        Map<OodScore, String> unavailable = new EnumMap<>(OodScore.class);
        Task task = predictive instanceof ClassificationPredictive ? Task.CLASSIFICATION : Task.REGRESSION;
        for (OodScore s : wanted) {
            if (s.task() != task) {
                unavailable.put(s, s.cliName() + " is a score of " + s.task().cliName() + " models; these are "
                        + task.cliName() + " predictions");
            } else if (s.source() == OodScore.Source.FEATURES) {
                unavailable.put(s, s.cliName() + " needs the network's features, which predictions do not have");
            } else if (s.source() == OodScore.Source.LOGITS && logits == null) {
                unavailable.put(s, s.cliName() + " needs the logits; these predictions are probabilities");
            } else if (s == OodScore.MUTUAL_INFORMATION || s == OodScore.EXPECTED_ENTROPY
                    || s == OodScore.VARIATION_RATIO || s == OodScore.EPISTEMIC_VARIANCE) {
                unavailable.put(s, s.cliName() + " needs the spread of posterior samples, which one prediction a row"
                        + " does not have");
            } else if (s.source() == OodScore.Source.LOGITS) {
                int c = predictive.asClassification().numClasses();
                scores.put(s, s == OodScore.MAX_LOGIT ? LogitScores.negativeMaxLogit(logits, c)
                        : LogitScores.energy(logits, c));
            } else {
                scores.put(s, task == Task.CLASSIFICATION ? s.scores(predictive.asClassification())
                        : s.scores(predictive.asRegression()));
            }
        }
        return new Scored(predictive, scores, unavailable);
    }

    /**
     * Why {@code s} cannot be computed for this posterior (its predictive given, or null when unknown
     * yet), or null when it can.
     */
    public String reasonUnavailable(OodScore s, Predictive predictive) {
        Task task = posterior.schema().task();
        if (s.task() != task) {
            return s.cliName() + " is a score of " + s.task().cliName() + " models; this model is a " + task.cliName();
        }
        if (s.source() != OodScore.Source.PREDICTIVE && pointNetworks(posterior) == null) {
            return s.cliName() + " needs the " + (s.source() == OodScore.Source.LOGITS ? "logits" : "last hidden layer")
                    + " of the networks behind the posterior, which only map, ensemble and laplace models have (this is"
                    + " a " + posterior.method() + " model)";
        }
        if (s.source() == OodScore.Source.FEATURES && detectors.isEmpty()) {
            return s.cliName() + " needs the training rows to fit its class means and covariance";
        }
        if (s == OodScore.VARIATION_RATIO && predictive instanceof ClassificationPredictive c
                && c.variationRatio().isEmpty()) {
            return s.cliName() + " needs the votes of posterior samples, which the " + posterior.method()
                    + " predictive does not have";
        }
        return null;
    }

    private List<Network> networks() {
        return pointNetworks(posterior).pointNetworks();
    }

    /**
     * The networks behind {@code p}: its own, or for a posterior over a frozen network's last layer
     * ({@link FeatureHead}) its head's, which read that network's features; null if none.
     */
    private static PointNetworks pointNetworks(Posterior p) {
        Posterior owner = p instanceof FeatureHead h ? h.head() : p;
        return owner instanceof PointNetworks n ? n : null;
    }

    /** {@code rows} (the user's units) as the networks of {@link #pointNetworks} read them. */
    private static Dataset networkUnits(Dataset rows, Posterior p) {
        Dataset x = rows.hasTargets() ? rows.withoutTargets() : rows;
        if (p instanceof FeatureHead h) {
            return h.head().schema().toNetworkUnits(h.features(x));
        }
        return p.schema().toNetworkUnits(x);
    }
}
