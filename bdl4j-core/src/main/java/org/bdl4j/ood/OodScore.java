package org.bdl4j.ood;

import java.util.Arrays;
import java.util.List;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.RegressionPredictive;
import org.bdl4j.data.Task;
import org.bdl4j.metrics.RankingMetrics;
import org.bdl4j.options.EnumNames;

/**
 * Scores for out-of-distribution detection; every score is oriented so that a higher value means
 * "more likely OOD", which is the positive class of {@link RankingMetrics#auroc(double[], double[])}.
 *
 * <p>Three sources: the predictive of any posterior ({@link Source#PREDICTIVE}), the logits of the
 * deterministic networks behind a posterior ({@link Source#LOGITS}: MAP, ensembles, Laplace's MAP), and
 * the features of the last hidden layer ({@link Source#FEATURES}, fitted on training rows). The last two
 * are computed by {@link OodScorer}; the predictive ones also by {@link #scores(ClassificationPredictive)}
 * and {@link #scores(RegressionPredictive)}.
 */
public enum OodScore implements EnumNames.Named {
    /** 1 − max_k p_k: the maximum softmax probability baseline (Hendrycks &amp; Gimpel, ICLR 2017). */
    MSP("msp", Task.CLASSIFICATION, Source.PREDICTIVE),
    /** The predictive entropy H[E_θ p] (total uncertainty). */
    ENTROPY("entropy", Task.CLASSIFICATION, Source.PREDICTIVE),
    /** The mutual information H[E_θ p] − E_θ H[p] (epistemic; 0 for a point estimate; Houlsby et al. 2011). */
    MUTUAL_INFORMATION("mi", Task.CLASSIFICATION, Source.PREDICTIVE),
    /** The expected entropy E_θ H[p] (aleatoric; the entropy itself for a point estimate). */
    EXPECTED_ENTROPY("expected_entropy", Task.CLASSIFICATION, Source.PREDICTIVE),
    /**
     * The variation ratio 1 − f_m / S, where f_m counts the S posterior samples whose arg-max is the most
     * frequent class (Freeman 1965; Gal 2016, section 3.3.1); 0 for a point estimate, and unavailable for
     * a closed-form predictive without samples.
     */
    VARIATION_RATIO("variation_ratio", Task.CLASSIFICATION, Source.PREDICTIVE),
    /**
     * −max_k f_k of the logits f (averaged over the networks of an ensemble): the max-logit score of
     * Hendrycks et al. (ICML 2022), which keeps the scale that the softmax discards.
     */
    MAX_LOGIT("max_logit", Task.CLASSIFICATION, Source.LOGITS),
    /** The free energy E(x) = −log Σ_k exp f_k of the (averaged) logits (Liu et al., NeurIPS 2020). */
    ENERGY("energy", Task.CLASSIFICATION, Source.LOGITS),
    /**
     * min_c (z − μ_c)ᵀ Σ⁻¹ (z − μ_c) over the classes, z the last hidden layer's features, μ_c the class
     * means and Σ the shared covariance fitted on training rows (Lee et al., NeurIPS 2018, without input
     * pre-processing); see {@link MahalanobisDetector}.
     */
    MAHALANOBIS("mahalanobis", Task.CLASSIFICATION, Source.FEATURES),
    /** The predictive variance σ²_alea + σ²_epi of a regression (total uncertainty). */
    VARIANCE("variance", Task.REGRESSION, Source.PREDICTIVE),
    /** The epistemic variance of a regression (spread of the mean over the posterior). */
    EPISTEMIC_VARIANCE("epistemic_variance", Task.REGRESSION, Source.PREDICTIVE);

    /** Where a score's values come from. */
    public enum Source {
        /** From a {@link org.bdl4j.Predictive} alone. */
        PREDICTIVE,
        /** From the logits of the posterior's deterministic networks ({@link org.bdl4j.nn.PointNetworks}). */
        LOGITS,
        /** From the last hidden layer's features and statistics of training rows. */
        FEATURES
    }

    private final String key;
    private final Task task;
    private final Source source;

    OodScore(String key, Task task, Source source) {
        this.key = key;
        this.task = task;
        this.source = source;
    }

    /** The name on the command line and in JSON: msp, entropy, mi, ... */
    @Override
    public String cliName() {
        return key;
    }

    /** The task whose models have this score. */
    public Task task() {
        return task;
    }

    public Source source() {
        return source;
    }

    /** The scores of a task, in declaration order. */
    public static List<OodScore> forTask(Task task) {
        return Arrays.stream(values()).filter(s -> s.task == task).toList();
    }

    /**
     * The score named {@code name} ({@link #cliName()}, case-insensitive).
     *
     * @throws org.bdl4j.options.InvalidOptionException "score must be msp, ... or epistemic_variance, found 'x'"
     */
    public static OodScore parse(String name) {
        return EnumNames.parse(OodScore.class, name, "score");
    }

    /**
     * The score of each row of a classification predictive.
     *
     * @throws IllegalArgumentException for a score of another source or task, or {@link #VARIATION_RATIO}
     *     on a predictive without samples
     */
    public double[] scores(ClassificationPredictive p) {
        requirePredictive(Task.CLASSIFICATION);
        switch (this) {
            case MSP: {
                double[] c = p.confidence();
                for (int i = 0; i < c.length; i++) {
                    c[i] = 1 - c[i];
                }
                return c;
            }
            case ENTROPY:
                return p.entropy();
            case MUTUAL_INFORMATION:
                return p.mutualInformation();
            case EXPECTED_ENTROPY:
                return p.expectedEntropy();
            case VARIATION_RATIO:
                return p.variationRatio().orElseThrow(() -> new IllegalArgumentException(
                        "variation_ratio needs the votes of the posterior's samples; this method's predictive has none"
                        + " (a closed-form predictive such as Laplace's probit link)"));
            default:
                throw new AssertionError(this);
        }
    }

    /** The score of each row of a regression predictive. */
    public double[] scores(RegressionPredictive p) {
        requirePredictive(Task.REGRESSION);
        return this == VARIANCE ? p.totalVariance() : p.epistemicVariance();
    }

    /** AUROC of this predictive score with the OOD rows as positives. */
    public double auroc(ClassificationPredictive inDistribution, ClassificationPredictive outOfDistribution) {
        return RankingMetrics.auroc(scores(inDistribution), scores(outOfDistribution));
    }

    private void requirePredictive(Task t) {
        if (source != Source.PREDICTIVE || task != t) {
            throw new IllegalArgumentException(key + " is not a score of a " + t.cliName() + " predictive");
        }
    }
}
