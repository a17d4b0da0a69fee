package org.bdl4j.curvature;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.SplittableRandom;
import org.bdl4j.Likelihood;
import org.bdl4j.data.Dataset;
import org.bdl4j.nn.ActiveOutputs;
import org.bdl4j.nn.Inputs;
import org.bdl4j.nn.Network;

/**
 * One pass over a training set in network units: taps each batch, feeds the curvature
 * accumulators, and returns the summed log-likelihood log p(D | θ) at the current weights.
 */
public final class CurvatureSweep {
    private CurvatureSweep() {}

    /** The sweep below with {@link FisherSamples#DEFAULT} (used only by the Monte Carlo Fisher). */
    public static double run(Network net, List<? extends AffineLayer> layers, Dataset data, Likelihood likelihood,
            double sigma, CurvatureType type, int batchSize, CurvatureAccumulator... sinks) {
        return run(net, layers, data, likelihood, sigma, type, FisherSamples.DEFAULT, batchSize, sinks);
    }

    /**
     * @param layers the tapped layers (the weight subset), in network order
     * @param sigma the Gaussian noise σ in network units (ignored for categorical)
     * @param samples the labels drawn per row by the {@link CurvatureType#MC_FISHER Monte Carlo Fisher}
     *     (ignored by the other types)
     * @param batchSize rows per batch
     */
    public static double run(Network net, List<? extends AffineLayer> layers, Dataset data, Likelihood likelihood,
            double sigma, CurvatureType type, FisherSamples samples, int batchSize, CurvatureAccumulator... sinks) {
        return run(net, null, layers, data, likelihood, sigma, type, samples, batchSize, sinks);
    }

    /**
     * The sweep of the classifier whose likelihood sees only {@code head}'s logits (one task's head of a
     * multi-head network, {@link ActiveOutputs}; null for all): the cotangents and log-likelihood are
     * those of the logits with the inactive ones set off, whose Jacobian is the network's.
     */
    public static double run(Network net, ActiveOutputs head, List<? extends AffineLayer> layers, Dataset data,
            Likelihood likelihood, double sigma, CurvatureType type, FisherSamples samples, int batchSize,
            CurvatureAccumulator... sinks) {
        OutputCotangents.check(likelihood, sigma);
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be > 0, found " + batchSize);
        }
        int n = data.rows();
        boolean lastOnly = head == null && LayerTaps.isLastLayerOnly(net, layers);
        SplittableRandom rng = new SplittableRandom(samples.seed());
        double logLik = 0;
        try {
            for (int from = 0; from < n; from += batchSize) {
                int to = Math.min(n, from + batchSize);
                try (NDManager m = net.manager().newSubManager()) {
                    NDArray x = Inputs.rows(m, data.features(), data.featureShape(), from, to);
                    NDArray y = Inputs.truth(m, likelihood, data, null, from, to);
                    LayerTaps.Batch batch;
                    if (type == CurvatureType.GGN && lastOnly) {
                        batch = LayerTaps.lastLayerHessians(net, x, likelihood, sigma);
                    } else {
                        LayerTaps.Cotangents v = switch (type) {
                            case GGN -> OutputCotangents.ggn(likelihood, sigma);
                            case EF -> OutputCotangents.empirical(likelihood, sigma, y);
                            case MC_FISHER -> OutputCotangents.monteCarloFisher(likelihood, sigma, samples.count(),
                                    rng);
                        };
                        batch = LayerTaps.collect(net, layers, x, head == null ? v : f -> v.apply(head.apply(f)));
                    }
                    for (CurvatureAccumulator s : sinks) {
                        s.add(batch.taps());
                    }
                    NDArray f = head == null ? batch.outputs() : head.apply(batch.outputs());
                    logLik += OutputCotangents.logLikelihood(likelihood, sigma, f, y);
                }
            }
        } finally {
            for (CurvatureAccumulator s : sinks) {
                s.flush();
            }
        }
        return logLik;
    }

    /** The number K of cotangents per row that {@code type} back-propagates, for C outputs. */
    public static int cotangentsPerRow(CurvatureType type, FisherSamples samples, Likelihood likelihood, int outputs) {
        return switch (type) {
            case GGN -> likelihood == Likelihood.CATEGORICAL ? outputs : 1;
            case EF -> 1;
            case MC_FISHER -> samples.count();
        };
    }
}
