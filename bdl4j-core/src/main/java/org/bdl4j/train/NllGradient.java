package org.bdl4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Objects;
import org.bdl4j.Likelihood;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.Splits;
import org.bdl4j.nn.FlatParameters;
import org.bdl4j.nn.Inputs;
import org.bdl4j.nn.Network;

/**
 * The summed negative log-likelihood of rows of a training set and its gradient with respect to the
 * flat parameter vector θ ({@link FlatParameters} order), at the network's current weights:
 *
 * <pre>
 *   E(θ) = Σ_{r ∈ rows} -log p(y_r | x_r, θ),        ∇E(θ) ∈ R^P.
 * </pre>
 *
 * The building block of the samplers and of SWAG's SGD, which do their updates on the flat vector in
 * Java. The Gaussian likelihood's noise σ is held fixed (not learnt). Gradients come from one
 * {@link GradientCollector} per call, in a sub-manager that is closed before returning; the
 * parameters' accumulated gradients are zeroed after reading (DJL's collector does not zero them).
 */
public final class NllGradient {
    private final Network net;
    private final Likelihood likelihood;
    private final Dataset data;
    private final float logSigma;
    private final boolean training;
    private final List<NDArray> params;
    private final int[] identity;

    /**
     * @param data the rows in network units (standardised where that applies)
     * @param sigmaNoise the fixed noise σ for {@link Likelihood#GAUSSIAN}, ignored otherwise
     * @param training whether the forward pass runs in training mode (dropout active)
     */
    public NllGradient(Network net, Likelihood likelihood, Dataset data, double sigmaNoise, boolean training) {
        this.net = Objects.requireNonNull(net, "net");
        this.likelihood = Objects.requireNonNull(likelihood, "likelihood");
        this.data = Objects.requireNonNull(data, "data");
        if (likelihood == Likelihood.GAUSSIAN && !(sigmaNoise > 0)) {
            throw new IllegalArgumentException("a Gaussian likelihood needs a noise sigma > 0, found " + sigmaNoise);
        }
        if (data.task() != likelihood.task()) {
            throw new IllegalArgumentException("a " + likelihood.cliName() + " likelihood needs "
                    + likelihood.task().cliName() + " targets");
        }
        this.logSigma = (float) Math.log(sigmaNoise);
        this.training = training;
        this.params = FlatParameters.arrays(net.block());
        this.identity = Splits.identity(data.rows());
    }

    /** The number of training rows N. */
    public int rows() {
        return data.rows();
    }

    /** The number of parameters P. */
    public int parameterCount() {
        return net.parameterCount();
    }

    /**
     * E over the rows {@code order[from..to)} and its gradient, written into {@code grad} (length P;
     * overwritten unless {@code accumulate}, then added).
     */
    public double sumNll(int[] order, int from, int to, float[] grad, boolean accumulate) {
        int b = to - from;
        if (b <= 0) {
            throw new IllegalArgumentException("the batch must have rows, found from " + from + " to " + to);
        }
        try (NDManager batch = net.manager().newSubManager()) {
            NDArray x = Inputs.gather(batch, data.features(), data.featureShape(), order, from, to);
            NDArray y = Inputs.truth(batch, likelihood, data, order, from, to);
            NDArray ls = likelihood == Likelihood.GAUSSIAN
                    ? batch.full(new Shape(), logSigma, DataType.FLOAT32) : null;
            double meanNll;
            try (GradientCollector gc = Inputs.gradientCollector()) {
                NDArray out = net.forward(x, training);
                NDArray loss = Losses.meanNll(likelihood, out, y, ls);
                gc.backward(loss);
                meanNll = loss.getFloat();
            }
            int offset = 0;
            for (NDArray p : params) {
                NDArray g = p.getGradient();
                g.attach(batch);
                int n = Math.toIntExact(p.size());
                FloatBuffer fb = g.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
                for (int i = 0; i < n; i++) {
                    float v = fb.get(i) * b;
                    grad[offset + i] = accumulate ? grad[offset + i] + v : v;
                }
                JniUtils.zeroGrad((PtNDArray) p);
                offset += n;
            }
            return meanNll * b;
        }
    }

    /** E over the whole data set (in chunks of {@code chunk} rows) and its full-batch gradient. */
    public double sumNll(float[] grad, int chunk) {
        if (chunk <= 0) {
            throw new IllegalArgumentException("chunk must be > 0, found " + chunk);
        }
        double total = 0;
        for (int from = 0; from < data.rows(); from += chunk) {
            total += sumNll(identity, from, Math.min(data.rows(), from + chunk), grad, from > 0);
        }
        return total;
    }
}
