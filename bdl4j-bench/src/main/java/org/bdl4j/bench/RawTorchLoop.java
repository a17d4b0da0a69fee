package org.bdl4j.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.SplittableRandom;
import org.bdl4j.data.Dataset;
import org.bdl4j.nn.Inputs;

/**
 * The W1 training loop written directly on engine ops, without bdl4j's network, trainer or DJL's
 * block machinery: x·W1 + b1, ReLU, dropout, x·W2 + b2, ReLU, dropout, x·W3 + b3, log-softmax NLL,
 * backward, and the same fused native Adam update with coupled weight decay. It is the closest this
 * JVM gets to "plain libtorch" for the same loop, and the baseline bdl4j's per-epoch time is quoted
 * against (a ratio measured in the same run).
 */
final class RawTorchLoop {
    private RawTorchLoop() {}

    /** Mean seconds per epoch over {@code epochs} epochs of batch 128 on {@code train}. */
    static double secondsPerEpoch(Dataset train, int epochs, long seed) {
        Engine.getInstance().setRandomSeed((int) seed);
        int n = train.rows();
        int d = train.featureCount();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray[] params = {
                uniform(m, d, 256), m.zeros(new Shape(256)),
                uniform(m, 256, 256), m.zeros(new Shape(256)),
                uniform(m, 256, 10), m.zeros(new Shape(10))};
            for (NDArray p : params) {
                p.setRequiresGradient(true);
            }
            Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f))
                    .optWeightDecays(5e-4f).build();
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            SplittableRandom rng = new SplittableRandom(seed);
            long total = 0;
            for (int e = 0; e < epochs; e++) {
                for (int i = n - 1; i > 0; i--) {
                    int j = rng.nextInt(i + 1);
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
                long t0 = System.nanoTime();
                for (int from = 0; from < n; from += 128) {
                    int to = Math.min(n, from + 128);
                    try (NDManager b = m.newSubManager()) {
                        NDArray x = Inputs.gather(b, train.features(), new int[] {d}, order, from, to);
                        NDArray y = Inputs.labels(b, train.labels(), order, from, to);
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            NDArray h = dropout(x.matMul(params[0]).add(params[1]).getNDArrayInternal().relu());
                            h = dropout(h.matMul(params[2]).add(params[3]).getNDArrayInternal().relu());
                            NDArray logits = h.matMul(params[4]).add(params[5]);
                            NDArray loss = logits.logSoftmax(1).gather(y.reshape(-1, 1), 1).mean().neg();
                            gc.backward(loss);
                        }
                        for (int k = 0; k < params.length; k++) {
                            NDArray g = params[k].getGradient();
                            g.attach(b);
                            adam.update("p" + k, params[k], g);
                        }
                    }
                }
                total += System.nanoTime() - t0;
                if (Boolean.getBoolean("bdl4j.bench.verbose")) {
                    System.err.printf("raw epoch %d: %.3f s%n", e + 1, (System.nanoTime() - t0) / 1e9);
                }
            }
            return total / 1e9 / epochs;
        }
    }

    private static NDArray dropout(NDArray h) {
        NDList out = h.getNDArrayInternal().dropout(h, 0.1f, true);
        return out.singletonOrThrow();
    }

    private static NDArray uniform(NDManager m, int in, int out) {
        float bound = (float) (1 / Math.sqrt(in));
        return m.randomUniform(-bound, bound, new Shape(in, out));
    }
}
