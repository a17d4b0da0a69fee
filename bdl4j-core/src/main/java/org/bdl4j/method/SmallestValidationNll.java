package org.bdl4j.method;

import java.util.Objects;
import org.bdl4j.Posterior;
import org.bdl4j.data.Dataset;
import org.bdl4j.metrics.PredictiveReports;

/**
 * Of candidate posteriors fitted one after another (MC dropout's rate, the ensemble's noise model,
 * SWAG's learning rate), the one whose predictive has the smallest mean NLL on the validation rows,
 * (1/n) Σ_i −log p(y_i | x_i, D), the rule by which the defaults choose a setting from the data. Each
 * candidate is measured as it is offered and every one not kept is closed at once, so at most two hold
 * native memory; on a tie the earlier one stays. {@link #take} hands the kept one over; closing this
 * frees it when the search fails before that.
 *
 * @param <P> the candidates' type
 */
public final class SmallestValidationNll<P extends Posterior> implements AutoCloseable {
    private final Dataset validation;
    private P best;
    private double bestNll = Double.POSITIVE_INFINITY;

    /** @param validation the validation rows, in the user's units, with targets */
    public SmallestValidationNll(Dataset validation) {
        this.validation = Objects.requireNonNull(validation, "validation");
    }

    /**
     * Measures {@code candidate} (owned from here on) on the validation rows and keeps it if its mean NLL
     * is smaller than every earlier candidate's, else closes it.
     *
     * @return the candidate's mean validation NLL
     */
    public double offer(P candidate) {
        double nll;
        try {
            nll = PredictiveReports.meanNll(candidate.predict(validation), validation);
        } catch (RuntimeException e) {
            candidate.close();
            throw e;
        }
        if (best == null || nll < bestNll) {
            close();
            best = candidate;
            bestNll = nll;
        } else {
            candidate.close();
        }
        return nll;
    }

    /** The kept candidate, now the caller's to close. */
    public P take() {
        P out = Objects.requireNonNull(best, "no candidate was offered");
        best = null;
        return out;
    }

    /** Closes the kept candidate unless it was taken. */
    @Override
    public void close() {
        if (best != null) {
            best.close();
            best = null;
        }
    }
}
