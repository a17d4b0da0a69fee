package org.bdl4j.continual;

import java.util.List;
import org.bdl4j.Likelihood;
import org.bdl4j.curvature.AffineLayer;
import org.bdl4j.curvature.CurvatureSweep;
import org.bdl4j.curvature.DiagCurvature;
import org.bdl4j.data.Dataset;
import org.bdl4j.nn.ActiveOutputs;
import org.bdl4j.nn.Network;

/**
 * The diagonal of a classifier's Fisher on a task's rows, in the network's flat parameter order θ:
 *
 * <pre>
 *   F_i = Σ_n E_{ỹ ~ p(y | x_n, θ)} [ (∂ log p(ỹ | x_n, θ) / ∂θ_i)² ]
 * </pre>
 *
 * computed from per-sample gradients by the curvature package ({@link DiagCurvature}): exactly (the
 * GGN, C cotangents per row), at the observed labels (the empirical Fisher) or with sampled labels (the
 * Monte Carlo Fisher), as {@link FisherSettings} says. The square of a minibatch-mean gradient, which
 * several EWC implementations use, is not a Fisher and is not offered. Parameters outside Linear and
 * Conv2d layers get 0.
 */
public final class DiagonalFisher {
    private DiagonalFisher() {}

    /**
     * @param head the task's head (only its logits enter the likelihood), or null for every output
     */
    public static double[] of(Network net, ActiveOutputs head, Dataset rows, FisherSettings settings) {
        List<AffineLayer> layers = AffineLayer.of(net);
        DiagCurvature diag = new DiagCurvature(layers);
        CurvatureSweep.run(net, head, layers, rows, Likelihood.CATEGORICAL, 1.0, settings.type(), settings.samples(),
                settings.batchSize(), diag);
        double[] augmented = diag.diagonal();
        double[] flat = new double[net.parameterCount()];
        int k = 0;
        for (AffineLayer l : layers) {
            for (int o = 0; o < l.out(); o++) {
                for (int i = 0; i <= l.in(); i++) {
                    flat[l.flatIndex(o, i)] = augmented[k++];
                }
            }
        }
        return flat;
    }
}
