package org.bdl4j.mcmc;

import java.util.List;
import org.bdl4j.data.Dataset;
import org.bdl4j.math.Softmax;
import org.bdl4j.metrics.PredictiveReports;
import org.bdl4j.nn.Network;
import org.bdl4j.train.MapPosterior;
import org.bdl4j.train.SampledPredictive;

/**
 * Watanabe's widely applicable information criterion (Watanabe, JMLR 2010; Gelman, Hwang &amp;
 * Vehtari, Statistics and Computing 2014): an estimate, from posterior samples and the training rows
 * alone, of the expected log predictive density on new rows,
 *
 * <pre>
 *   elpd_WAIC = Σ_i [ log (1/S) Σ_s p(y_i | x_i, θ_s)  −  Var_s log p(y_i | x_i, θ_s) ],
 * </pre>
 *
 * the training fit (log pointwise predictive density) less a penalty, the posterior variance of each
 * row's log-likelihood, that grows when the samples fit the rows in ways the data do not pin down.
 * Unlike the marginal likelihood it is defined for singular models such as neural networks. Used by
 * {@link SamplerPrior} to compare priors when there are no validation rows.
 */
final class Waic {
    private Waic() {}

    /** −elpd_WAIC / n, an estimate of the NLL per new row, from S x n per-sample row NLLs −log p(y_i | θ_s). */
    static double nllPerRow(double[][] sampleRowNll) {
        int s = sampleRowNll.length;
        if (s < 2) {
            throw new IllegalArgumentException("WAIC needs at least 2 samples, found " + s);
        }
        int n = sampleRowNll[0].length;
        double total = 0;
        double[] logLik = new double[s];
        for (int i = 0; i < n; i++) {
            double mean = 0;
            for (int k = 0; k < s; k++) {
                logLik[k] = -sampleRowNll[k][i];
                mean += logLik[k] / s;
            }
            double var = 0;
            for (int k = 0; k < s; k++) {
                var += (logLik[k] - mean) * (logLik[k] - mean) / (s - 1);
            }
            total += Softmax.logSumExp(logLik) - Math.log(s) - var;
        }
        return -total / n;
    }

    /**
     * −elpd_WAIC / n of {@code samples} on {@code rows} (user units, with targets), computed with
     * {@code net}; NaN for fewer than 2 samples (no variance to estimate).
     */
    static double nllPerRow(MapPosterior map, Network net, List<float[]> samples, Dataset rows) {
        if (samples.size() < 2) {
            return Double.NaN;
        }
        double[][] nll = new double[samples.size()][];
        for (int k = 0; k < samples.size(); k++) {
            float[] theta = samples.get(k);
            nll[k] = PredictiveReports.rowNll(SampledPredictive.predict(net, map.likelihood(), map.schema(),
                    map.sigmaNoise(), rows, 1, s -> theta), rows);
        }
        return nllPerRow(nll);
    }
}
