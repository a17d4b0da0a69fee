package org.bdl4j.usermodel;

import java.util.Locale;
import org.bdl4j.linalg.Cholesky;
import org.bdl4j.linalg.Matrices;

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
        return mismatch(run, 0, run.rows());
    }

    /** {@link #mismatch(UserModel.Outputs)} on rows [{@code from}, {@code to}). */
    public double mismatch(UserModel.Outputs run, int from, int to) {
        if (run.featureWidth() != inputs || run.predictionWidth() != outputs) {
            return Double.POSITIVE_INFINITY;
        }
        double worst = 0;
        double scale = 0;
        float[] phi = run.features();
        float[] f = run.predictions();
        for (int r = from; r < to; r++) {
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

    /**
     * The layer f = W φ + b that fits {@code run}'s predictions from its features on rows
     * [{@code from}, {@code to}) by least squares: [Φ 1]ᵀ[Φ 1] B = [Φ 1]ᵀ F in double precision, with a
     * ridge of 1e-12 of the mean diagonal so that features constant over the rows (a dead unit) leave
     * the system solvable. For a model whose formats hide its parameters (ONNX); {@link #mismatch} on
     * other rows tells whether the layer is the model's.
     */
    static LinearLayer leastSquares(UserModel.Outputs run, int from, int to) {
        int d = run.featureWidth();
        int c = run.predictionWidth();
        int k = d + 1;
        double[] gram = new double[k * k];
        double[][] rhs = new double[c][k];
        double[] row = new double[k];
        for (int r = from; r < to; r++) {
            for (int i = 0; i < d; i++) {
                row[i] = run.features()[r * d + i];
            }
            row[d] = 1;
            for (int i = 0; i < k; i++) {
                for (int j = i; j < k; j++) {
                    gram[i * k + j] += row[i] * row[j];
                }
                for (int o = 0; o < c; o++) {
                    rhs[o][i] += row[i] * run.predictions()[r * c + o];
                }
            }
        }
        double trace = 0;
        for (int i = 0; i < k; i++) {
            trace += gram[i * k + i];
            for (int j = 0; j < i; j++) {
                gram[i * k + j] = gram[j * k + i];
            }
        }
        Cholesky chol;
        try {
            chol = Cholesky.factor(Matrices.addDiagonal(gram, k, 1e-12 * trace / k), k);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the features do not determine a last layer (a singular system)", e);
        }
        float[] weight = new float[c * d];
        float[] bias = new float[c];
        for (int o = 0; o < c; o++) {
            double[] b = chol.solve(rhs[o]);
            for (int i = 0; i < d; i++) {
                weight[o * d + i] = (float) b[i];
            }
            bias[o] = (float) b[d];
        }
        return new LinearLayer("last layer (least squares)", weight, bias, c, d);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s (%d x %d)", name.isEmpty() ? "linear layer" : name, outputs, inputs);
    }
}
