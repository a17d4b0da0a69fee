package org.bdl4j.curvature;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;

/**
 * The diagonal of the curvature, per layer in the augmented layout [out, in + 1]:
 * diag_{o,i} = Σ_b Σ_k M_{bk}[o, i]² with the per-sample Jacobians M_{bk} = Σ_t g_{bkt} ã_{bt}ᵀ, the
 * exact diagonal of {@link FullCurvature}. For a Linear layer (one position) this is
 * Σ_b Σ_k g_{bko}² ã_{bi}², computed without forming M; for a convolution M is formed per sample
 * (the sum over positions sits inside the square).
 */
public final class DiagCurvature implements CurvatureAccumulator {
    private final List<AffineLayer> layers;
    private final List<double[]> diagonals = new ArrayList<>();
    private final List<EngineSum> engineSums = new ArrayList<>();

    public DiagCurvature(List<? extends AffineLayer> layers) {
        this.layers = List.copyOf(layers);
        for (AffineLayer l : layers) {
            diagonals.add(new double[l.size()]);
            engineSums.add(new EngineSum(diagonals.get(diagonals.size() - 1)));
        }
    }

    @Override
    public void add(List<LayerTaps.Tap> taps) {
        for (int l = 0; l < taps.size(); l++) {
            LayerTaps.Tap t = taps.get(l);
            NDArray sum = t.hessian() != null ? t.hessian().diagonals().transpose().matMul(t.inputs().square())
                    : t.layer().squaredJacobianSum(t.inputs(), t.grads());
            engineSums.get(l).add(sum);
        }
    }

    @Override
    public void flush() {
        engineSums.forEach(EngineSum::flush);
    }

    /** The diagonal of each layer. */
    @Override
    public List<double[]> sums() {
        flush();
        List<double[]> out = new ArrayList<>();
        diagonals.forEach(d -> out.add(d.clone()));
        return out;
    }

    @Override
    public void addSums(List<double[]> other) {
        flush();
        CurvatureAccumulator.addInto(diagonals, other);
    }

    public List<AffineLayer> layers() {
        return layers;
    }

    /** The diagonal over all layers, concatenated in layer order (augmented layout). */
    public double[] diagonal() {
        flush();
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
