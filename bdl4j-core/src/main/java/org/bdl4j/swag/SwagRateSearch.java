package org.bdl4j.swag;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.bdl4j.data.Dataset;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.SmallestValidationNll;
import org.bdl4j.metrics.PredictiveReports;
import org.bdl4j.train.MapPosterior;

/**
 * SWAG's learning rate when the user gives none and validation rows exist: the rates η, η/4 and η/16 in
 * turn, η the automatic rate of {@link Swag} (half the stability limit at the MAP's largest curvature,
 * at most 0.01), keeping the first whose SWAG predictive has a mean validation NLL no larger than the
 * MAP's, else the one of smallest validation NLL.
 *
 * <p>Why: SWAG's SGD continues on the training objective from a MAP that early stopping chose on the
 * validation rows. At η the iterates can leave that point in two ways, both seen on the battery's sets:
 * they bounce (the SWA mean fits the training rows worse than the MAP: sine-homo-n2000, train NLL 0.168
 * against 0.107) or they keep descending into over-fitting (lower train NLL, higher validation NLL:
 * blobs-n2000-d50-c20, 0.112 against 0.174 on training, 0.689 against 0.634 on validation). A smaller
 * rate keeps the iterates, and so the SWA mean and its Gaussian, nearer the early-stopped weights. The
 * largest rate that does not predict the held-out rows worse than the MAP keeps as much of SWAG's spread
 * (Maddox et al. 2019's rate) as the data allow; where SWAG at η already predicts the validation rows as
 * well as the MAP, nothing more is trained.
 */
final class SwagRateSearch {
    /** Each rate tried is the previous one divided by this. */
    static final double STEP = 4;
    /** The rates tried: η, η/4, η/16. */
    static final int RATES = 3;

    private SwagRateSearch() {}

    /** SWAG on {@code request}'s MAP at the rate the search keeps; the search is recorded in its diagnostics. */
    static SwagPosterior fit(FitRequest request) {
        MapPosterior map = request.map();
        Dataset validation = request.validation().orElseThrow();
        double mapNll = PredictiveReports.meanNll(map.predict(validation), validation);
        JsonArray tried = new JsonArray();
        try (SmallestValidationNll<SwagPosterior> choice = new SmallestValidationNll<>(validation)) {
            Double rate = null;
            for (int k = 0; k < RATES; k++) {
                Swag swag = SwagMethod.swag(rate == null ? request.options()
                        : request.options().with(SwagMethod.LEARNING_RATE, rate), request.seed());
                SwagPosterior candidate = swag.fit(map, request.train());
                double used = candidate.learningRate();
                double nll = choice.offer(candidate);
                JsonObject t = new JsonObject();
                t.addProperty("learningRate", used);
                t.addProperty("validationNll", nll);
                tried.add(t);
                if (nll <= mapNll) {
                    break;
                }
                rate = used / STEP;
            }
            JsonObject search = new JsonObject();
            search.addProperty("rule", "the first of eta, eta/4, eta/16 whose validation NLL is at most the MAP's,"
                    + " else the smallest");
            search.addProperty("mapValidationNll", mapNll);
            search.add("tried", tried);
            SwagPosterior best = choice.take();
            best.recordRateSearch(search);
            return best;
        }
    }
}
