package org.bdl4j.curvature;

import java.util.List;
import java.util.SplittableRandom;
import org.bdl4j.data.Dataset;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.Architecture;
import org.bdl4j.nn.ConvPadding;
import org.bdl4j.nn.DropoutMode;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.NetworkSpec;

/**
 * The tiny CNN of the convolution tests: the LeNet shape of {@code Networks} at its smallest, 1x12x12
 * input; conv 2 channels 5x5 pad 2, tanh, max-pool 2; conv 2 channels 5x5, tanh, max-pool 2; flatten;
 * linear to the outputs (163 parameters for 3 outputs; the convolutions have 144 and 4 output
 * positions). Random weights: exactness needs no training.
 */
public final class TinyCnn {
    private TinyCnn() {}

    public static NetworkSpec spec(int outputs) {
        return new NetworkSpec(Architecture.CNN, new int[] {1, 12, 12}, new int[0], new int[] {2, 2},
                Activation.TANH, 0f, outputs);
    }

    /**
     * The "same"-padded three-convolution shape of uncertainty-baselines' LeNet-5 at its smallest: 1x12x12
     * input; conv 2 channels pad 2, tanh, max-pool 2; conv 2 pad 2, tanh, max-pool 2; conv 2 pad 2, tanh
     * (no pool); flatten (2x3x3); linear to the outputs (313 parameters for 3 outputs; the convolutions
     * have 144, 36 and 9 output positions).
     */
    public static NetworkSpec sameSpec(int outputs) {
        return new NetworkSpec(Architecture.CNN, new int[] {1, 12, 12}, new int[0], new int[] {2, 2, 2},
                ConvPadding.SAME, Activation.TANH, 0f, outputs);
    }

    public static Network network(int outputs, long seed) {
        return Network.create(spec(outputs), DropoutMode.STANDARD, seed);
    }

    /** n images with uniform [0, 1) pixels and labels 0..2. */
    public static Dataset images(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = pixels(n, rng);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(3);
        }
        return Dataset.classification(x, n, new int[] {1, 12, 12}, Dataset.defaultFeatureNames(144), y,
                List.of("a", "b", "c"), "y");
    }

    /** n images with uniform [0, 1) pixels and standard normal targets. */
    public static Dataset regressionImages(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = pixels(n, rng);
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = (float) rng.nextGaussian();
        }
        return Dataset.regression(x, n, new int[] {1, 12, 12}, Dataset.defaultFeatureNames(144), y, "y");
    }

    private static float[] pixels(int n, SplittableRandom rng) {
        float[] x = new float[n * 144];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextDouble();
        }
        return x;
    }
}
