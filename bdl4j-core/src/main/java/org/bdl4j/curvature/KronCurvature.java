package org.bdl4j.curvature;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;

/**
 * Kronecker-factored curvature (KFAC; Martens &amp; Grosse 2015, Ritter et al. 2018), per Linear
 * layer in the augmented layout [out, in + 1]:
 *
 * <pre>
 *   A = Σ_n ã_n ã_nᵀ                 ((in+1) x (in+1), a sum)
 *   G = (1/N) Σ_n Σ_k g_nk g_nkᵀ     (out x out, a mean)
 *   H_l ≈ G ⊗ A                      (≈ Σ_n (Σ_k g_nk g_nkᵀ) ⊗ ã_n ã_nᵀ, the exact block)
 * </pre>
 *
 * The sum-times-mean scaling keeps G ⊗ A on the scale of the summed curvature, and makes it equal
 * the exact block when N = 1. Layers are independent (block-diagonal).
 */
public final class KronCurvature implements CurvatureAccumulator {
    private final List<LinearLayer> layers;
    private final List<double[]> a = new ArrayList<>();
    private final List<double[]> g = new ArrayList<>();
    private long rows;

    public KronCurvature(List<LinearLayer> layers) {
        this.layers = List.copyOf(layers);
        for (LinearLayer l : layers) {
            a.add(new double[(l.in() + 1) * (l.in() + 1)]);
            g.add(new double[l.out() * l.out()]);
        }
    }

    @Override
    public void add(List<LayerTaps.Tap> taps) {
        rows += taps.get(0).inputs().getShape().get(0);
        for (int l = 0; l < taps.size(); l++) {
            LayerTaps.Tap t = taps.get(l);
            NDArray x = t.inputs();
            Arrays64.addInto(a.get(l), x.transpose().matMul(x));
            if (t.hessian() != null) {
                Arrays64.addInto(g.get(l), t.hessian().sum());
            } else {
                NDArray gg = t.grads().reshape(-1, t.layer().out());
                Arrays64.addInto(g.get(l), gg.transpose().matMul(gg));
            }
        }
    }

    public List<LinearLayer> layers() {
        return layers;
    }

    /** The number of data points N summed so far. */
    public long rows() {
        return rows;
    }

    /** A of layer l, row-major (a copy). */
    public double[] a(int l) {
        return a.get(l).clone();
    }

    /** G of layer l = (1/N) Σ g gᵀ, row-major. */
    public double[] g(int l) {
        double[] out = g.get(l).clone();
        for (int i = 0; i < out.length; i++) {
            out[i] /= rows;
        }
        return out;
    }
}
