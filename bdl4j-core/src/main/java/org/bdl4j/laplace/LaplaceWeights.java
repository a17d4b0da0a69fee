package org.bdl4j.laplace;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.bdl4j.curvature.AffineLayer;
import org.bdl4j.curvature.CurvatureAccumulator;
import org.bdl4j.curvature.LayerTaps;
import org.bdl4j.curvature.LinearLayer;
import org.bdl4j.curvature.Subnetwork;
import org.bdl4j.curvature.SubnetworkCurvature;
import org.bdl4j.data.Dataset;
import org.bdl4j.nn.Network;
import org.bdl4j.train.MapPosterior;

/**
 * The weights a Laplace posterior treats as random, fixed on the MAP's network; every other weight
 * stays at θ*. One of three strategies:
 *
 * <ul>
 *   <li>{@link LastLayer}: the last Linear layer, weights and bias (the network below is a fixed
 *       feature map);
 *   <li>{@link AllLayers}: every Linear and Conv2d layer;
 *   <li>{@link Subnet}: S chosen parameters of the Linear layers (Daxberger et al. 2021, "Bayesian deep
 *       learning via subnetwork inference"), always with the full structure, its curvature built from
 *       the chosen Jacobian columns only ({@link SubnetworkCurvature}).
 * </ul>
 *
 * Each knows the layers to tap, the θ index of each of its P parameters in the curvature's order (layers
 * in turn, each in the augmented layout [out, in + 1]), how its curvature is accumulated and turned into
 * a {@link PosteriorPrecision} (whole layers: by {@link HessianStructure}, see {@link Structures}), the
 * Jacobian rows of its parameters, and what it adds to a batch's size. The user's choice is
 * {@link SubsetOfWeights} or {@link SubnetworkSelection}; {@link Laplace.Builder} maps it here.
 */
sealed interface LaplaceWeights permits LaplaceWeights.WholeLayers, LaplaceWeights.Subnet {

    /**
     * The weights as the builder was told, fixed on the MAP's network when the fit starts (a
     * largest-variance subnetwork after a diagonal curvature pass of its own).
     */
    @FunctionalInterface
    interface Choice {
        LaplaceWeights on(MapPosterior map, Laplace.Settings settings, Dataset trainN);
    }

    /** {@code subset}'s whole layers among the network's Linear and Conv2d layers. */
    static Choice choice(SubsetOfWeights subset) {
        return (map, settings, trainN) -> of(subset, AffineLayer.of(map.network()));
    }

    /** The subnetwork of {@code selection}: given indices, or the largest variances of a diagonal Laplace. */
    static Choice choice(SubnetworkSelection selection) {
        if (selection instanceof SubnetworkSelection.Given g) {
            int[] indices = g.indices();
            return (map, settings, trainN) -> Subnet.of(map.network(), indices);
        }
        int size = ((SubnetworkSelection.LargestVariance) selection).size();
        return (map, settings, trainN) -> LaplaceFit.largestVariance(map, settings, trainN, size);
    }

    /** The whole layers of {@code subset}, from all of a network's Linear and Conv2d layers. */
    static LaplaceWeights of(SubsetOfWeights subset, List<? extends AffineLayer> all) {
        List<AffineLayer> layers = subset.select(all);
        return subset == SubsetOfWeights.LAST_LAYER ? new LastLayer(layers.get(0)) : new AllLayers(layers);
    }

    /**
     * Whole layers given as a list (as a curvature lists them): one layer is treated as the last layer
     * alone, several as all layers; the structures see only the layers.
     */
    static LaplaceWeights wholeLayers(List<? extends AffineLayer> layers) {
        return layers.size() == 1 ? new LastLayer(layers.get(0)) : new AllLayers(List.copyOf(layers));
    }

    /** The subset name saved in the manifest and shown to the user (ALL for a subnetwork: its index space). */
    SubsetOfWeights subset();

    /** The layers to tap, in network order. */
    List<AffineLayer> layers();

    /** The prior groups: P_l, the Laplace parameters of each of {@link #layers} (Σ_l P_l = P). */
    int[] groupSizes();

    /** The θ index of each Laplace parameter, in the curvature's order. */
    int[] flatIndices();

    /** The subnetwork, for {@link Subnet}. */
    default Optional<Subnetwork> subnetwork() {
        return Optional.empty();
    }

    /** The one whole Linear layer these weights are, if so (its Jacobian is rank one per sample: g ⊗ ãᵀ). */
    default Optional<LinearLayer> wholeLinearLayer() {
        return Optional.empty();
    }

    /** The accumulator of the curvature pass with the structure {@code hessian}. */
    CurvatureAccumulator accumulator(HessianStructure hessian);

    /** The posterior precision from a finished {@link #accumulator}, its arrays in {@code manager}. */
    PosteriorPrecision precision(HessianStructure hessian, CurvatureAccumulator accumulator, NDManager manager);

    /** The posterior precision from saved arrays ({@link PosteriorPrecision#arrays}). */
    PosteriorPrecision load(HessianStructure hessian, Function<String, float[]> arrays, NDManager manager);

    /**
     * The Jacobian rows [B, C, P] of these weights from a batch's float64 Jacobian taps (cotangents
     * e_1..e_C).
     */
    NDArray jacobian(List<LayerTaps.Tap> taps);

    /**
     * Values per batch row, with K cotangents per row, beyond the taps of whole layers: a subnetwork's
     * K x S Jacobian columns; 0 for whole layers.
     */
    default long jacobianColumnValues(int k) {
        return 0;
    }

    /**
     * The values per row of the taps of the convolutions among {@link #layers} with K cotangents:
     * patches T·(in+1), output gradients K·T·out and per-sample Jacobians K·out·(in+1).
     */
    default long convolutionTapValues(int k) {
        long s = 0;
        for (AffineLayer l : layers()) {
            if (l.positions() > 1) {
                s += (long) l.positions() * (l.in() + 1) + (long) k * l.positions() * l.out() + (long) k * l.size();
            }
        }
        return s;
    }

    /** P, the number of Laplace parameters. */
    default long parameterCount() {
        long p = 0;
        for (int n : groupSizes()) {
            p += n;
        }
        return p;
    }

    /** Whole layers: the curvature of {@link HessianStructure} over each, by {@link Structures}. */
    sealed interface WholeLayers extends LaplaceWeights permits LastLayer, AllLayers {
        @Override
        default int[] groupSizes() {
            List<AffineLayer> layers = layers();
            int[] out = new int[layers.size()];
            for (int l = 0; l < out.length; l++) {
                out[l] = layers.get(l).size();
            }
            return out;
        }

        /** Each layer's augmented entries (o, i), i ≤ in, in turn. */
        @Override
        default int[] flatIndices() {
            int[] out = new int[(int) parameterCount()];
            int k = 0;
            for (AffineLayer l : layers()) {
                for (int o = 0; o < l.out(); o++) {
                    for (int i = 0; i <= l.in(); i++) {
                        out[k++] = l.flatIndex(o, i);
                    }
                }
            }
            return out;
        }

        @Override
        default Optional<LinearLayer> wholeLinearLayer() {
            List<AffineLayer> layers = layers();
            return layers.size() == 1 && layers.get(0) instanceof LinearLayer l ? Optional.of(l) : Optional.empty();
        }

        @Override
        default CurvatureAccumulator accumulator(HessianStructure hessian) {
            return Structures.of(hessian).accumulator().apply(layers());
        }

        @Override
        default PosteriorPrecision precision(HessianStructure hessian, CurvatureAccumulator acc, NDManager manager) {
            return Structures.of(hessian).posterior().apply(acc, manager);
        }

        @Override
        default PosteriorPrecision load(HessianStructure hessian, Function<String, float[]> arrays,
                NDManager manager) {
            return Structures.of(hessian).loader().load(layers(), arrays, manager);
        }

        /** The per-sample Jacobians of every tap, flattened and concatenated. */
        @Override
        default NDArray jacobian(List<LayerTaps.Tap> taps) {
            NDList parts = new NDList();
            long b = taps.get(0).inputs().getShape().get(0);
            long c = taps.get(0).grads().getShape().get(0);
            for (LayerTaps.Tap t : taps) {
                parts.add(t.jacobians().transpose(1, 0, 2, 3).reshape(b, c, t.layer().size()));
            }
            return NDArrays.concat(parts, 2);
        }
    }

    /** The last Linear layer alone. */
    record LastLayer(AffineLayer layer) implements WholeLayers {
        @Override
        public SubsetOfWeights subset() {
            return SubsetOfWeights.LAST_LAYER;
        }

        @Override
        public List<AffineLayer> layers() {
            return List.of(layer);
        }
    }

    /** Every Linear and Conv2d layer. */
    record AllLayers(List<AffineLayer> layers) implements WholeLayers {
        public AllLayers {
            layers = List.copyOf(layers);
        }

        @Override
        public SubsetOfWeights subset() {
            return SubsetOfWeights.ALL;
        }
    }

    /**
     * A subnetwork of the Linear layers. Its structure is always FULL (the builder rejects any other), so
     * the {@code hessian} arguments are not read.
     */
    record Subnet(Subnetwork chosen) implements LaplaceWeights {
        /** The subnetwork of {@code indices} over every Linear layer of {@code net}. */
        static Subnet of(Network net, int[] indices) {
            return new Subnet(Subnetwork.of(LinearLayer.of(net), indices));
        }

        @Override
        public SubsetOfWeights subset() {
            return SubsetOfWeights.ALL;
        }

        @Override
        public List<AffineLayer> layers() {
            return List.copyOf(chosen.layers());
        }

        @Override
        public int[] groupSizes() {
            return chosen.groupSizes();
        }

        @Override
        public int[] flatIndices() {
            return chosen.flatIndices();
        }

        @Override
        public Optional<Subnetwork> subnetwork() {
            return Optional.of(chosen);
        }

        @Override
        public CurvatureAccumulator accumulator(HessianStructure hessian) {
            return new SubnetworkCurvature(chosen);
        }

        @Override
        public PosteriorPrecision precision(HessianStructure hessian, CurvatureAccumulator acc, NDManager manager) {
            return new FullPrecision(this, ((SubnetworkCurvature) acc).matrix(), manager);
        }

        @Override
        public PosteriorPrecision load(HessianStructure hessian, Function<String, float[]> arrays,
                NDManager manager) {
            return FullPrecision.load(this, arrays, manager);
        }

        /** Only the S chosen columns, [B, C, S]. */
        @Override
        public NDArray jacobian(List<LayerTaps.Tap> taps) {
            return chosen.columns(taps).transpose(1, 0, 2);
        }

        @Override
        public long jacobianColumnValues(int k) {
            return (long) k * chosen.size();
        }
    }
}
