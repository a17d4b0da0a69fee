package org.bdl4j.vi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import org.bdl4j.nn.TrainingDropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bdl4j.nn.AlwaysOnDropout;
import org.bdl4j.nn.Network;

/**
 * The Bayesian counterpart of a network built from a {@link org.bdl4j.nn.NetworkSpec} (MLP or small
 * CNN): its children run in order, each Linear replaced by a {@link MeanFieldLinear} and each Conv2d
 * by a {@link MeanFieldConv2d}; parameter-free children (activations, pooling, flatten) run as they
 * are; dropout is left out (the variational noise replaces it). The variational parameters are read
 * from and written to flat vectors in the network's {@link org.bdl4j.nn.FlatParameters} order, so
 * μ is a weight vector of the same network.
 *
 * <p>The structure network's blocks are used, not copied: it must stay open while this is in use.
 */
final class BayesianNetwork {
    /** One child: a Bayesian layer, or a parameter-free block. */
    private record Stage(MeanFieldLayer layer, Block block) {}

    /** A sampled forward pass and the KL term of the same step (closed form or its one-draw estimate). */
    record Pass(NDArray output, NDArray kl) {}

    private final List<Stage> stages;
    private final List<MeanFieldLayer> layers;
    private final ParameterStore store;

    private BayesianNetwork(List<Stage> stages, ParameterStore store) {
        this.stages = stages;
        this.store = store;
        this.layers = stages.stream().map(Stage::layer).filter(l -> l != null).toList();
    }

    /**
     * The Bayesian layers of {@code structure} with means {@code mean} and standard deviations
     * {@code std} (flat vectors of the network's parameter count), leaves in {@code manager}.
     */
    static BayesianNetwork of(Network structure, float[] mean, float[] std, NDManager manager) {
        int count = structure.parameterCount();
        if (mean.length != count || std.length != count) {
            throw new IllegalArgumentException("the network has " + count + " parameters, the mean has "
                    + mean.length + " and the std " + std.length);
        }
        List<Stage> stages = new ArrayList<>();
        int offset = 0;
        for (Pair<String, Block> child : structure.block().getChildren()) {
            Block b = child.getValue();
            List<Parameter> params = b.getParameters().values();
            if (params.isEmpty()) {
                if (!(b instanceof TrainingDropout || b instanceof AlwaysOnDropout)) {
                    stages.add(new Stage(null, b));
                }
                continue;
            }
            if (params.size() != 2 || !params.get(0).getName().equals("weight")
                    || !params.get(1).getName().equals("bias")) {
                throw new IllegalArgumentException("VI needs layers with a weight and a bias, found " + child.getKey());
            }
            Shape kernel = params.get(0).getArray().getShape();
            int w = Math.toIntExact(kernel.size());
            int o = Math.toIntExact(kernel.get(0));
            float[] wMean = Arrays.copyOfRange(mean, offset, offset + w);
            float[] wRho = rho(std, offset, offset + w);
            float[] bMean = Arrays.copyOfRange(mean, offset + w, offset + w + o);
            float[] bRho = rho(std, offset + w, offset + w + o);
            offset += w + o;
            MeanFieldLayer layer;
            if (b instanceof Linear) {
                layer = new MeanFieldLinear(manager, (int) kernel.get(1), o, wMean, wRho, bMean, bRho);
            } else if (b instanceof Conv2d c) {
                if (c.getGroups() != 1) {
                    throw new IllegalArgumentException("VI supports convolutions of one group, found " + c.getGroups());
                }
                layer = new MeanFieldConv2d(manager, kernel, c.getStride(), c.getPadding(), c.getDilation(), wMean,
                        wRho, bMean, bRho);
            } else {
                throw new IllegalArgumentException("VI turns Linear and Conv2d layers into Bayesian layers, found "
                        + b.getClass().getSimpleName() + " (" + child.getKey() + ")");
            }
            stages.add(new Stage(layer, null));
        }
        return new BayesianNetwork(List.copyOf(stages), structure.parameterStore());
    }

    private static float[] rho(float[] std, int from, int to) {
        float[] r = new float[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = MeanFieldLayer.softplusInverse(std[from + i]);
        }
        return r;
    }

    /** The Bayesian layers, in order. */
    List<MeanFieldLayer> layers() {
        return layers;
    }

    /** A forward pass sampled by {@code estimator}, with the KL against {@code prior}; noise in {@code noise}. */
    Pass sample(NDArray x, Estimator estimator, Prior prior, NDManager noise) {
        NDArray h = x;
        NDArray kl = null;
        for (Stage s : stages) {
            if (s.layer() == null) {
                h = s.block().forward(store, new NDList(h), false).singletonOrThrow();
            } else {
                WeightNoise eps = new WeightNoise(s.layer(), noise);
                h = estimator.forward(s.layer(), h, eps, noise);
                NDArray k = s.layer().kl(prior, eps);
                kl = kl == null ? k : kl.add(k);
            }
        }
        return new Pass(h, kl);
    }

    /** The network at the means μ (deterministic). */
    NDArray meanForward(NDArray x) {
        NDArray h = x;
        for (Stage s : stages) {
            h = s.layer() == null ? s.block().forward(store, new NDList(h), false).singletonOrThrow()
                    : s.layer().meanForward(h);
        }
        return h;
    }

    /** μ as a flat vector. */
    float[] mean() {
        List<NDArray> parts = new ArrayList<>();
        for (MeanFieldLayer l : layers) {
            parts.add(l.weightMean);
            parts.add(l.biasMean);
        }
        return flat(parts);
    }

    /** σ = softplus(ρ) as a flat vector. */
    float[] std() {
        try (NDManager tmp = layers.get(0).weightRho.getManager().newSubManager()) {
            List<NDArray> parts = new ArrayList<>();
            for (MeanFieldLayer l : layers) {
                NDArray w = l.weightSigma();
                NDArray b = l.biasSigma();
                w.attach(tmp);
                b.attach(tmp);
                parts.add(w);
                parts.add(b);
            }
            return flat(parts);
        }
    }

    private static float[] flat(List<NDArray> parts) {
        long n = 0;
        for (NDArray a : parts) {
            n += a.size();
        }
        float[] out = new float[Math.toIntExact(n)];
        int offset = 0;
        for (NDArray a : parts) {
            int k = Math.toIntExact(a.size());
            a.toByteBuffer().order(ByteOrder.nativeOrder()).asFloatBuffer().get(out, offset, k);
            offset += k;
        }
        return out;
    }
}
