package org.bdl4j.curvature;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;

/**
 * The diagonal of the curvature, per layer in the augmented layout [out, in + 1]:
 * diag_{o,i} = Σ_b Σ_k g_{bko}² ã_{bi}², the exact diagonal of {@link FullCurvature}.
 */
public final class DiagCurvature implements CurvatureAccumulator {
    private final List<LinearLayer> layers;
    private final List<double[]> diagonals = new ArrayList<>();

    public DiagCurvature(List<LinearLayer> layers) {
        this.layers = List.copyOf(layers);
        for (LinearLayer l : layers) {
            diagonals.add(new double[l.size()]);
        }
    }

    @Override
    public void add(List<LayerTaps.Tap> taps) {
        for (int l = 0; l < taps.size(); l++) {
            LayerTaps.Tap t = taps.get(l);
            NDArray g2 = t.hessian() != null ? t.hessian().diagonals() : t.grads().square().sum(new int[] {0});
            Arrays64.addInto(diagonals.get(l), g2.transpose().matMul(t.inputs().square()));
        }
    }

    public List<LinearLayer> layers() {
        return layers;
    }

    /** The diagonal over all layers, concatenated in layer order (augmented layout). */
    public double[] diagonal() {
        int p = 0;
        for (double[] d : diagonals) {
            p += d.length;
        }
        double[] out = new double[p];
        int off = 0;
        for (double[] d : diagonals) {
            System.arraycopy(d, 0, out, off, d.length);
            off += d.length;
        }
        return out;
    }
}
