package org.bdl4j.usermodel;

import java.util.Locale;

/**
 * A linear layer f = W φ + b of a user model.
 *
 * @param name the parameters' common prefix in the model (e.g. {@code head})
 * @param weight W, [outputs, inputs] row-major
 * @param bias b, [outputs]
 */
public record LinearLayer(String name, float[] weight, float[] bias, int outputs, int inputs) {
    public LinearLayer {
        if ((long) outputs * inputs != weight.length || bias.length != outputs) {
            throw new IllegalArgumentException("a linear layer of " + outputs + " x " + inputs + " needs " + outputs * inputs
                    + " weights and " + outputs + " biases, found " + weight.length + " and " + bias.length);
        }
    }

    /** W and b in bdl4j's flat parameter order for a one-layer network: W row-major, then b. */
    public float[] theta() {
        float[] t = new float[weight.length + bias.length];
        System.arraycopy(weight, 0, t, 0, weight.length);
        System.arraycopy(bias, 0, t, weight.length, bias.length);
        return t;
    }

    /**
     * The largest |W φ + b − f| over the rows, relative to 1 + max |f|: how far this layer is from
     * reproducing {@code predictions} from {@code features}.
     */
    public double mismatch(UserModel.Outputs run) {
        if (run.featureWidth() != inputs || run.predictionWidth() != outputs) {
            return Double.POSITIVE_INFINITY;
        }
        double worst = 0;
        double scale = 0;
        float[] phi = run.features();
        float[] f = run.predictions();
        for (int r = 0; r < run.rows(); r++) {
            for (int o = 0; o < outputs; o++) {
                double z = bias[o];
                for (int i = 0; i < inputs; i++) {
                    z += (double) weight[o * inputs + i] * phi[r * inputs + i];
                }
                double target = f[r * outputs + o];
                worst = Math.max(worst, Math.abs(z - target));
                scale = Math.max(scale, Math.abs(target));
            }
        }
        return worst / (1 + scale);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s (%d x %d)", name.isEmpty() ? "linear layer" : name, outputs, inputs);
    }
}
