package org.bdl4j.laplace;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.bdl4j.curvature.AffineLayer;
import org.bdl4j.curvature.CurvatureAccumulator;
import org.bdl4j.curvature.CurvatureSweep;
import org.bdl4j.curvature.CurvatureType;
import org.bdl4j.curvature.DiagCurvature;
import org.bdl4j.curvature.FisherSamples;
import org.bdl4j.curvature.LayerTaps;
import org.bdl4j.curvature.LinearLayer;
import org.bdl4j.data.Dataset;
import org.bdl4j.io.ModelHeader;
import org.bdl4j.nn.Network;
import org.bdl4j.train.MapPosterior;

/**
 * The fit of a Laplace posterior (Daxberger et al. 2021, "Laplace Redux"): the weights are fixed on the
 * MAP's network ({@link LaplaceWeights}), one curvature pass at θ* over the training set accumulates
 * H = Σ_n J_nᵀ Λ_n J_n (GGN; or the empirical or Monte Carlo Fisher) in the chosen structure and gives
 * log p(D | θ*), and the structure becomes the {@link PosteriorPrecision}; λ is left unset.
 */
final class LaplaceFit {
    /** Rows per curvature batch when only the last layer is used (no back-propagation). */
    static final int LAST_LAYER_BATCH = 16384;
    /** Rows per curvature batch with back-propagation (each row is tiled K times). */
    static final int BACKPROP_BATCH = 256;

    private LaplaceFit() {}

    /** Runs the curvature pass on {@code trainN} (network units) and builds the structure; λ is unset. */
    static LaplacePosterior fit(ModelHeader header, MapPosterior map, boolean ownsMap, LaplaceWeights.Choice choice,
            Laplace.Settings settings, Dataset trainN) {
        LaplaceWeights weights = choice.on(map, settings, trainN);
        CurvatureAccumulator acc = weights.accumulator(settings.hessian());
        double logLik = sweep(map, weights, settings, trainN, acc);
        return build(header, map, ownsMap, settings, weights, acc, logLik, trainN.rows());
    }

    /** The curvature pass on {@code rowsN} (network units) alone: one partition's share of a fit. */
    static CurvatureSums sums(MapPosterior map, LaplaceWeights weights, Laplace.Settings settings, Dataset rowsN) {
        CurvatureAccumulator acc = weights.accumulator(settings.hessian());
        double logLik = sweep(map, weights, settings, rowsN, acc);
        return new CurvatureSums(acc.sums(), logLik, rowsN.rows());
    }

    /** The posterior from the sums over all training rows; λ is unset. */
    static LaplacePosterior fromSums(ModelHeader header, MapPosterior map, boolean ownsMap, LaplaceWeights weights,
            Laplace.Settings settings, CurvatureSums total) {
        CurvatureAccumulator acc = weights.accumulator(settings.hessian());
        acc.addSums(total.sums());
        return build(header, map, ownsMap, settings, weights, acc, total.logLikelihood(),
                Math.toIntExact(total.rows()));
    }

    private static double sweep(MapPosterior map, LaplaceWeights weights, Laplace.Settings settings, Dataset rowsN,
            CurvatureAccumulator acc) {
        FisherSamples fisher = fisherSamples(settings);
        int batch = curvatureBatch(map, weights, settings.curvature(), fisher, settings.hessian());
        return CurvatureSweep.run(map.network(), weights.layers(), rowsN, map.likelihood(), settings.sigmaNoise(),
                settings.curvature(), fisher, batch, acc);
    }

    private static LaplacePosterior build(ModelHeader header, MapPosterior map, boolean ownsMap,
            Laplace.Settings settings, LaplaceWeights weights, CurvatureAccumulator acc, double logLik, int rows) {
        NDManager manager = map.network().manager().newSubManager();
        try {
            PosteriorPrecision p = weights.precision(settings.hessian(), acc, manager);
            return new LaplacePosterior(header, map, ownsMap, settings, weights, p, manager, logLik, rows);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * The S parameters of largest marginal variance under a diagonal Laplace over every Linear layer
     * ({@link LargestVarianceSubnetwork}), with the curvature type of the settings and the λ the MAP was
     * trained with (else 1).
     */
    static LaplaceWeights.Subnet largestVariance(MapPosterior map, Laplace.Settings settings, Dataset trainN,
            int size) {
        return largestVariance(map, selectionSums(map, settings, trainN), size);
    }

    /** As above, from the {@link #selectionSums} of all the training rows. */
    static LaplaceWeights.Subnet largestVariance(MapPosterior map, CurvatureSums selection, int size) {
        double lambda = map.priorPrecision() > 0 ? map.priorPrecision() : 1;
        DiagCurvature diagonal = new DiagCurvature(LinearLayer.of(map.network()));
        diagonal.addSums(selection.sums());
        return LaplaceWeights.Subnet.of(map.network(),
                LargestVarianceSubnetwork.indices(diagonal.diagonal(), lambda, size));
    }

    /**
     * The diagonal curvature of every Linear layer (augmented layout, layer by layer) on {@code rowsN},
     * of the settings' curvature type: what a largest-variance subnetwork is chosen from.
     */
    static CurvatureSums selectionSums(MapPosterior map, Laplace.Settings settings, Dataset rowsN) {
        LaplaceWeights all = new LaplaceWeights.AllLayers(List.copyOf(LinearLayer.of(map.network())));
        CurvatureAccumulator acc = all.accumulator(HessianStructure.DIAG);
        FisherSamples fisher = fisherSamples(settings);
        double logLik = CurvatureSweep.run(map.network(), all.layers(), rowsN, map.likelihood(),
                settings.sigmaNoise(), settings.curvature(), fisher,
                curvatureBatch(map, all, settings.curvature(), fisher, HessianStructure.DIAG), acc);
        return new CurvatureSums(acc.sums(), logLik, rowsN.rows());
    }

    /** The labels of the Monte Carlo Fisher: M per row, drawn with the settings' seed. */
    private static FisherSamples fisherSamples(Laplace.Settings settings) {
        return new FisherSamples(settings.fisherSamples(), settings.seed());
    }

    /**
     * Rows per curvature batch, so that the doubles per batch stay within 2²⁴ (128 MB): per row the
     * per-sample Λ_b (last layer alone, GGN: C², or the P of the scaled inputs if more, for full; C
     * otherwise) or K x C cotangents with the convolutions' taps, and K x S subnetwork Jacobian columns.
     */
    private static int curvatureBatch(MapPosterior map, LaplaceWeights weights, CurvatureType type,
            FisherSamples fisher, HessianStructure hessian) {
        Network net = map.network();
        int c = net.spec().outputs();
        List<AffineLayer> layers = weights.layers();
        boolean lastOnly = LayerTaps.isLastLayerOnly(net, layers);
        boolean ggn = type == CurvatureType.GGN;
        int k = CurvatureSweep.cotangentsPerRow(type, fisher, map.likelihood(), c);
        // last layer, full: Λ_b (C²) and the scaled inputs u ⊗ ã of the product (P floats of the whole layer)
        long perRow = lastOnly && ggn ? (hessian == HessianStructure.FULL ? Math.max((long) c * c,
                layerParameters(layers)) : c) : (long) k * c + weights.convolutionTapValues(k);
        perRow = Math.max(perRow, weights.jacobianColumnValues(k));
        int base = lastOnly ? LAST_LAYER_BATCH : BACKPROP_BATCH;
        return (int) Math.max(1, Math.min(base, (1L << 24) / perRow));
    }

    /** The parameters of the whole {@code layers} (for a subnetwork, more than its S). */
    private static long layerParameters(List<AffineLayer> layers) {
        long p = 0;
        for (AffineLayer l : layers) {
            p += l.size();
        }
        return p;
    }
}
