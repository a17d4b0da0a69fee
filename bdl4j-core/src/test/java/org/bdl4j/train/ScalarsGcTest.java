package org.bdl4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.bdl4j.Likelihood;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.DropoutMode;
import org.bdl4j.nn.FlatParameters;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.NetworkSpec;
import org.junit.jupiter.api.Test;

/**
 * Regression test for DJL 0.36's scalar-buffer autograd bug (docs/design.md): a garbage collection between
 * forward and backward must not change the gradients of the losses. Expected gradients come from the
 * closed form of the Gaussian NLL of a linear model, computed here in double precision.
 */
class ScalarsGcTest {

    @Test
    void gaussianLossGradientsSurviveForcedGc() {
        float[] xs = {0.5f, -1.0f, 2.0f, 0.25f};
        float[] ys = {1.0f, -0.5f, 2.5f, 0.0f};
        float w = 0.7f;
        float b = -0.2f;
        float logSigma = 0.3f;
        // closed form: L = log s + mean((y - f)^2) / (2 s^2) + log(2 pi)/2, f = w x + b
        // dL/dw = -mean((y - f) x) / s^2, dL/db = -mean(y - f) / s^2, dL/dlog s = 1 - mean((y - f)^2) / s^2
        double s2 = Math.exp(2 * logSigma);
        double gw = 0;
        double gb = 0;
        double msq = 0;
        for (int i = 0; i < xs.length; i++) {
            double r = ys[i] - (w * xs[i] + b);
            gw += -r * xs[i] / xs.length / s2;
            gb += -r / xs.length / s2;
            msq += r * r / xs.length;
        }
        double gls = 1 - msq / s2;

        NetworkSpec spec = NetworkSpec.mlp(new int[] {1}, new int[0], Activation.RELU, 0f, 1);
        try (Network net = Network.create(spec, DropoutMode.STANDARD, 1)) {
            net.setParameters(new float[] {w, b});
            List<NDArray> params = FlatParameters.arrays(net.block());
            for (int trial = 0; trial < 25; trial++) {
                try (NDManager m = net.manager().newSubManager()) {
                    NDArray x = m.create(xs).reshape(4, 1);
                    NDArray y = m.create(ys);
                    NDArray ls = m.full(new Shape(), logSigma, DataType.FLOAT32);
                    ls.setRequiresGradient(true);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray loss = Losses.meanNll(Likelihood.GAUSSIAN, net.forward(x, true), y, ls);
                        churnAndCollect();
                        gc.backward(loss);
                    }
                    NDArray gW = params.get(0).getGradient();
                    NDArray gB = params.get(1).getGradient();
                    assertThat((double) gW.getFloat(0, 0)).isCloseTo(gw, within(1e-5));
                    assertThat((double) gB.getFloat(0)).isCloseTo(gb, within(1e-5));
                    assertThat((double) ls.getGradient().getFloat()).isCloseTo(gls, within(1e-5));
                    gW.subi(gW);
                    gB.subi(gB);
                }
            }
        }
    }

    @Test
    void heteroscedasticLossGradientsSurviveForcedGc() {
        // L = mean(0.5 log v + (y - m)^2 / (2 v)) + c with v = softplus(s) + 1e-6; output = (m, s)
        // from a 1-in 2-out linear layer with W = [[a], [c]], bias = [p, q], input x.
        float[] xs = {0.5f, -1.0f, 2.0f};
        float[] ys = {1.0f, -0.5f, 2.5f};
        float a = 0.4f;
        float c = -0.3f;
        float p = 0.1f;
        float q = 0.2f;
        double ga = 0;
        double gc2 = 0;
        for (int i = 0; i < xs.length; i++) {
            double m = a * xs[i] + p;
            double s = c * xs[i] + q;
            double v = Math.log1p(Math.exp(s)) + 1e-6;
            double dv = 1 / (1 + Math.exp(-s));
            double r = ys[i] - m;
            ga += (-r / v) * xs[i] / xs.length;
            gc2 += (0.5 / v - r * r / (2 * v * v)) * dv * xs[i] / xs.length;
        }
        NetworkSpec spec = NetworkSpec.mlp(new int[] {1}, new int[0], Activation.RELU, 0f, 2);
        try (Network net = Network.create(spec, DropoutMode.STANDARD, 1)) {
            net.setParameters(new float[] {a, c, p, q});
            List<NDArray> params = FlatParameters.arrays(net.block());
            for (int trial = 0; trial < 25; trial++) {
                try (NDManager m = net.manager().newSubManager()) {
                    NDArray x = m.create(xs).reshape(3, 1);
                    NDArray y = m.create(ys);
                    try (GradientCollector g = Engine.getInstance().newGradientCollector()) {
                        NDArray loss = Losses.meanNll(Likelihood.HETEROSCEDASTIC_GAUSSIAN, net.forward(x, true), y, null);
                        churnAndCollect();
                        g.backward(loss);
                    }
                    NDArray gW = params.get(0).getGradient();
                    assertThat((double) gW.getFloat(0, 0)).isCloseTo(ga, within(1e-5));
                    assertThat((double) gW.getFloat(1, 0)).isCloseTo(gc2, within(1e-5));
                    gW.subi(gW);
                    NDArray gB = params.get(1).getGradient();
                    gB.subi(gB);
                }
            }
        }
    }

    /** Allocates garbage and asks for collections, the situation in which the DJL bug shows. */
    static void churnAndCollect() {
        byte[][] junk = new byte[64][];
        for (int i = 0; i < junk.length; i++) {
            junk[i] = new byte[64 * 1024];
        }
        junk[0][0] = 1;
        System.gc();
        System.runFinalization();
        System.gc();
    }
}
