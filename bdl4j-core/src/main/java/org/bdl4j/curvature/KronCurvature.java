package org.bdl4j.curvature;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;

/**
 * Kronecker-factored curvature (KFAC; Martens &amp; Grosse 2015, Ritter et al. 2018), per layer in
 * the augmented layout [out, in + 1], with T output positions sharing the weights (T = 1 for a
 * Linear layer; for a Conv2d layer the height x width of its output, ã_nt the patch at position t):
 *
 * <pre>
 *   A = Σ_n Σ_t ã_nt ã_ntᵀ                     ((in+1) x (in+1), a sum)
 *   G = (1/(N·T)) Σ_n Σ_t Σ_k g_ntk g_ntkᵀ     (out x out, a mean over data points and positions)
 *   H_l ≈ G ⊗ A
 * </pre>
 *
 * For a Linear layer this approximates the exact block Σ_n (Σ_k g_nk g_nkᵀ) ⊗ ã_n ã_nᵀ, and the
 * sum-times-mean scaling keeps G ⊗ A on the scale of the summed curvature and makes it equal the exact
 * block when N = 1. For a convolution it is the KFC "expand" approximation of Grosse &amp; Martens
 * (2016), whose spatial homogeneity and spatially uncorrelated derivatives turn
 * Σ_n Σ_{t,t'} (g_nt g_nt'ᵀ) ⊗ (ã_nt ã_nt'ᵀ) into Σ_n Σ_t ã ãᵀ times a mean over t of g gᵀ. The
 * overall 1/(N·T) is laplace-torch's convention with the ASDL backend (A averaged over positions and
 * divided by N there, G summed; only the product G ⊗ A matters, so the factor is put on G here, as
 * for Linear layers). Layers are independent (block-diagonal).
 */
public final class KronCurvature implements CurvatureAccumulator {
    private final List<AffineLayer> layers;
    private final List<double[]> a = new ArrayList<>();
    private final List<double[]> g = new ArrayList<>();
    private final List<GramSum> aSums = new ArrayList<>();
    private final List<GramSum> gSums = new ArrayList<>();
    private long rows;

    public KronCurvature(List<? extends AffineLayer> layers) {
        this.layers = List.copyOf(layers);
        for (AffineLayer l : layers) {
            a.add(new double[(l.in() + 1) * (l.in() + 1)]);
            g.add(new double[l.out() * l.out()]);
            aSums.add(new GramSum(a.get(a.size() - 1), l.in() + 1));
            gSums.add(new GramSum(g.get(g.size() - 1), l.out()));
        }
    }

    @Override
    public void add(List<LayerTaps.Tap> taps) {
        rows += taps.get(0).inputs().getShape().get(0);
        for (int l = 0; l < taps.size(); l++) {
            LayerTaps.Tap t = taps.get(l);
            NDArray x = t.inputs().reshape(-1, t.layer().in() + 1); // rows (n, t)
            aSums.get(l).add(x);
            if (t.hessian() != null) {
                gSums.get(l).addFormed(t.hessian().sum());
            } else {
                gSums.get(l).add(t.grads().reshape(-1, t.layer().out())); // rows (k, n, t)
            }
        }
    }

    @Override
    public void flush() {
        aSums.forEach(GramSum::flush);
        gSums.forEach(GramSum::flush);
    }

    /** The raw sums: Σ ã ãᵀ of each layer, Σ g gᵀ of each layer, then {N}. */
    @Override
    public List<double[]> sums() {
        flush();
        List<double[]> out = new ArrayList<>();
        a.forEach(x -> out.add(x.clone()));
        g.forEach(x -> out.add(x.clone()));
        out.add(new double[] {rows});
        return out;
    }

    @Override
    public void addSums(List<double[]> other) {
        flush();
        List<double[]> mine = new ArrayList<>(a);
        mine.addAll(g);
        double[] n = {0};
        mine.add(n);
        CurvatureAccumulator.addInto(mine, other);
        rows += (long) n[0];
    }

    public List<AffineLayer> layers() {
        return layers;
    }

    /** The number of data points N summed so far. */
    public long rows() {
        return rows;
    }

    /** A of layer l, row-major (a copy). */
    public double[] a(int l) {
        flush();
        return a.get(l).clone();
    }

    /** G of layer l = (1/(N·T)) Σ g gᵀ, row-major. */
    public double[] g(int l) {
        flush();
        double[] out = g.get(l).clone();
        double count = (double) rows * layers.get(l).positions();
        for (int i = 0; i < out.length; i++) {
            out[i] /= count;
        }
        return out;
    }
}
