package org.bdl4j.laplace;

import java.util.Arrays;
import java.util.Objects;
import org.bdl4j.data.Dataset;
import org.bdl4j.options.InvalidOptionException;

/**
 * How the prior precision of N(0, diag(λ)⁻¹) over the Laplace weights is chosen:
 *
 * <ul>
 *   <li>{@link #fixed}: one given λ for every weight;
 *   <li>{@link #marginalLikelihood}: the scalar λ maximising the Laplace estimate of the log marginal
 *       likelihood ({@link MarginalLikelihood}), searched over log λ in [low, high];
 *   <li>{@link #marginalLikelihoodPerLayer}: one λ_l per tapped layer (over the Laplace weights of that
 *       layer), maximising the log marginal likelihood by projected BFGS ascent on log λ with its exact
 *       gradient ½(P_l - λ_l‖θ*_l‖² - λ_l tr_l Σ), started from the scalar optimum (so it is never
 *       worse: the scalar prior is one of its candidates);
 *   <li>{@link #gridSearch}: the scalar λ of a log-uniform grid whose predictive (the posterior's own:
 *       GLM with its link, or NN sampling) has the smallest negative log-likelihood on a validation
 *       table (laplace-torch's {@code optimize_prior_precision(method='gridsearch')});
 *   <li>{@link #checkedMarginalLikelihood}: the marginal likelihood's λ, checked on validation rows
 *       against the grid search's and replaced by it when it predicts those rows significantly worse.
 * </ul>
 *
 * Each choice carries its rule ({@link #choose}); a posterior supplies the {@link Search} it needs.
 */
public sealed interface PriorPrecision {

    /**
     * What a prior precision is chosen from: a fitted Laplace posterior at a given noise σ (for
     * regression; the fit's otherwise).
     */
    interface Search {
        /** L, the number of prior groups (tapped layers); a scalar prior repeats its λ L times. */
        int groups();

        /**
         * The scalar λ in [low, high] maximising the Laplace log marginal likelihood (Immer et al. 2021;
         * Newton on log λ, see {@link MarginalLikelihood#maximise(int, double, java.util.function.DoubleFunction,
         * double, double, double)}).
         */
        double evidenceMaximum(double low, double high);

        /**
         * One λ_l per group in [low, high] maximising the log marginal likelihood, by projected BFGS
         * from the scalar maximum ({@link MarginalLikelihood#maximisePerLayer}).
         */
        double[] evidenceMaximumPerLayer(double low, double high);

        /**
         * The negative log-likelihood of each row of {@code validation} (user units, with targets) under
         * the posterior's own predictive with every λ_l = {@code lambdas[k]}, as [k][row]
         * ({@link org.bdl4j.metrics.PredictiveReports#rowNll}). All λ_k at once, so that a posterior can
         * share their λ-independent work; its prior precision afterwards is unspecified.
         */
        double[][] validationRowNll(double[] lambdas, Dataset validation);
    }

    /** The λ_l of each of the {@link Search#groups} prior groups that this choice gives. */
    double[] choose(Search search);

    /** The range searched, {@code [low, high]}, or null for a fixed λ. */
    default double[] searchRange() {
        return null;
    }

    /** How this choice reads in a model file, e.g. {@code marglik in [1.0E-4, 1000000.0]}. */
    String describe();

    /** A fixed λ > 0. */
    static PriorPrecision fixed(double lambda) {
        if (!(lambda > 0) || !Double.isFinite(lambda)) {
            throw InvalidOptionException.mustBe("prior-precision", "> 0", lambda);
        }
        return new Fixed(lambda);
    }

    /** λ maximising the log marginal likelihood over [1e-4, 1e6]. */
    static PriorPrecision marginalLikelihood() {
        return marginalLikelihood(1e-4, 1e6);
    }

    /** λ maximising the log marginal likelihood over [low, high]. */
    static PriorPrecision marginalLikelihood(double low, double high) {
        checkRange(low, high);
        return new Optimized(low, high);
    }

    /** One λ_l per layer maximising the log marginal likelihood, each in [1e-4, 1e6]. */
    static PriorPrecision marginalLikelihoodPerLayer() {
        return marginalLikelihoodPerLayer(1e-4, 1e6);
    }

    /** One λ_l per layer maximising the log marginal likelihood, each in [low, high]. */
    static PriorPrecision marginalLikelihoodPerLayer(double low, double high) {
        checkRange(low, high);
        return new PerLayerOptimized(low, high);
    }

    /** λ of 21 log-uniform points in [1e-4, 1e4] with the smallest NLL on {@code validation}. */
    static PriorPrecision gridSearch(Dataset validation) {
        return gridSearch(validation, 1e-4, 1e4, 21);
    }

    /**
     * The marginal likelihood's λ (over [1e-4, 1e6]) checked against the best λ of {@code grid} on the
     * grid's validation rows: with d_i the NLL at the marginal likelihood's λ minus that at the grid's
     * on validation row i, the grid's λ replaces it when the mean of d exceeds twice its standard error
     * (a paired comparison: the evidence is kept unless the held-out rows clearly disagree). The
     * evidence (MacKay 1992) is the Bayesian choice; it can be far off when the network's curvature
     * misleads it, e.g. an under-confident multi-class predictive, and the held-out rows catch that.
     */
    static PriorPrecision checkedMarginalLikelihood(GridSearch grid) {
        return new CheckedEvidence((Optimized) marginalLikelihood(), Objects.requireNonNull(grid, "grid"));
    }

    /**
     * λ of {@code points} log-uniform points in [low, high] with the smallest mean NLL on
     * {@code validation} (the user's units, with targets); ties go to the smaller λ.
     */
    static PriorPrecision gridSearch(Dataset validation, double low, double high, int points) {
        Objects.requireNonNull(validation, "validation");
        if (!validation.hasTargets()) {
            throw new IllegalArgumentException("the grid-search validation table has no target column");
        }
        if (validation.rows() == 0) {
            throw new IllegalArgumentException("the grid-search validation table has no rows");
        }
        checkRange(low, high);
        if (points < 2) {
            throw new IllegalArgumentException("the prior-precision grid needs at least 2 points, found " + points);
        }
        return new GridSearch(validation, low, high, points);
    }

    private static void checkRange(double low, double high) {
        if (!(low > 0) || !(high > low) || !Double.isFinite(high)) {
            throw new IllegalArgumentException("the prior-precision search range must satisfy 0 < low < high, found ["
                    + low + ", " + high + "]");
        }
    }

    /** λ for each of {@code groups} prior groups. */
    private static double[] repeated(int groups, double lambda) {
        double[] out = new double[groups];
        Arrays.fill(out, lambda);
        return out;
    }

    /** A fixed prior precision. */
    record Fixed(double lambda) implements PriorPrecision {
        @Override
        public String describe() {
            return "fixed " + lambda;
        }

        @Override
        public double[] choose(Search search) {
            return repeated(search.groups(), lambda);
        }
    }

    /** Chosen by the marginal likelihood within a range. */
    record Optimized(double low, double high) implements PriorPrecision {
        @Override
        public double[] searchRange() {
            return new double[] {low, high};
        }

        @Override
        public String describe() {
            return "marglik in [" + low + ", " + high + "]";
        }

        @Override
        public double[] choose(Search search) {
            return repeated(search.groups(), search.evidenceMaximum(low, high));
        }
    }

    /** One per layer, chosen by the marginal likelihood within a range. */
    record PerLayerOptimized(double low, double high) implements PriorPrecision {
        @Override
        public double[] searchRange() {
            return new double[] {low, high};
        }

        @Override
        public String describe() {
            return "marglik-layerwise in [" + low + ", " + high + "]";
        }

        @Override
        public double[] choose(Search search) {
            return search.evidenceMaximumPerLayer(low, high);
        }
    }

    /** The marginal likelihood's λ unless the grid search's predicts the validation rows clearly better. */
    record CheckedEvidence(Optimized evidence, GridSearch grid) implements PriorPrecision {
        @Override
        public double[] searchRange() {
            return evidence.searchRange();
        }

        @Override
        public String describe() {
            return evidence.describe() + ", checked against the " + grid.describe();
        }

        @Override
        public double[] choose(Search search) {
            double lambda = PriorGridSearch.checked(search.evidenceMaximum(evidence.low(), evidence.high()), grid,
                    l -> search.validationRowNll(l, grid.validation()));
            return repeated(search.groups(), lambda);
        }
    }

    /** Chosen by the validation NLL over a log-uniform grid ({@link PriorGridSearch}). */
    record GridSearch(Dataset validation, double low, double high, int points) implements PriorPrecision {
        @Override
        public double[] searchRange() {
            return new double[] {low, high};
        }

        @Override
        public String describe() {
            return "gridsearch of " + points + " points in [" + low + ", " + high + "] on " + validation.rows()
                    + " validation rows";
        }

        @Override
        public double[] choose(Search search) {
            return repeated(search.groups(), PriorGridSearch.choose(this,
                    lambdas -> search.validationRowNll(lambdas, validation)));
        }

        /** The grid λ_k = exp(log low + k (log high - log low)/(points - 1)), k = 0..points-1. */
        public double[] grid() {
            double[] out = new double[points];
            double lo = Math.log(low);
            double step = (Math.log(high) - lo) / (points - 1);
            for (int k = 0; k < points; k++) {
                out[k] = Math.exp(lo + k * step);
            }
            out[0] = low;
            out[points - 1] = high;
            return out;
        }
    }
}
