package org.bdl4j.laplace;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.bdl4j.curvature.LayerTaps;
import org.bdl4j.curvature.LinearLayer;
import org.bdl4j.linalg.BlockLogDet;
import org.bdl4j.linalg.Cholesky;
import org.bdl4j.linalg.Matrices;
import org.bdl4j.linalg.SymmetricEigen;

/**
 * Full-covariance Laplace over P parameters. log det(H + λI) and its λ-derivatives, the covariance
 * traces t_k = tr (H + λI)⁻ᵏ, come from the eigenvalues e of H when P ≤ {@value #SPECTRUM_LIMIT}
 * (computed once, after which every λ costs O(P)): log det = Σ_i log(e_i + λ). Above that, a dense
 * eigendecomposition costs more than the whole marginal-likelihood search (10 s at P = 2,570), so each
 * λ is evaluated directly in the engine: the log-determinant by block Schur complements
 * ({@link BlockLogDet}) and the traces from (H + λI)⁻¹ (t₂ = ‖Σ‖²_F, Σ symmetric); the Newton search
 * of {@link MarginalLikelihood} needs about four such evaluations.
 *
 * <p>Σ = (H + λI)⁻¹ by the engine's inverse in double precision. One layer: its Jacobian is
 * g ⊗ ãᵀ, so (J Σ Jᵀ)_{cc'} = Σ_{oo'} g_co g_c'o' ãᵀ Σ_{oo'} ã without forming J; several layers:
 * J rows are formed and J Σ Jᵀ multiplied out.
 */
final class FullPrecision implements PosteriorPrecision {
    /** The largest P whose spectrum is computed (EJML, about 0.7 s at 1,024). */
    static final int SPECTRUM_LIMIT = 1024;

    private final List<LinearLayer> layers;
    private final int size;
    private final double[] curvature;
    private double[] eigenvalues; // of H, computed on the first log-determinant
    private final NDManager manager;
    private final int spectrumLimit;
    private NDArray covariance;
    private NDArray diagonalBlocks; // one layer only
    private double lambda = Double.NaN;
    private Cholesky factor; // of H + λI, made on the first sample

    FullPrecision(List<LinearLayer> layers, double[] curvature, NDManager manager) {
        this(layers, curvature, manager, SPECTRUM_LIMIT);
    }

    /** With the largest P whose spectrum is used given (tests compare both evaluations). */
    FullPrecision(List<LinearLayer> layers, double[] curvature, NDManager manager, int spectrumLimit) {
        this.layers = List.copyOf(layers);
        int p = 0;
        for (LinearLayer l : layers) {
            p += l.size();
        }
        this.size = p;
        this.curvature = curvature;
        this.manager = manager;
        this.spectrumLimit = spectrumLimit;
    }

    static FullPrecision load(List<LinearLayer> layers, Function<String, float[]> arrays, NDManager manager) {
        return new FullPrecision(layers, PosteriorPrecision.toDouble(arrays.apply("full")), manager);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public double logDet(double lambda) {
        if (size > spectrumLimit) {
            try (NDManager tmp = manager.newSubManager()) {
                return BlockLogDet.of(precisionArray(tmp, lambda));
            }
        }
        double s = 0;
        for (double e : spectrum()) {
            s += Math.log(Math.max(e, 0) + lambda);
        }
        return s;
    }

    @Override
    public double[] covarianceTraces(double lambda) {
        if (size > spectrumLimit) {
            try (NDManager tmp = manager.newSubManager()) {
                NDArray inv = precisionArray(tmp, lambda).inverse();
                NDArray diagonal = inv.reshape(-1).get("::" + (size + 1)); // the engine has no trace
                return new double[] {diagonal.sum().getDouble(), inv.square().sum().getDouble()};
            }
        }
        return PosteriorPrecision.inverseTraces(spectrum(), lambda);
    }

    private double[] spectrum() {
        if (eigenvalues == null) {
            eigenvalues = SymmetricEigen.valuesOf(curvature, size);
        }
        return eigenvalues;
    }

    /** H + λI as a float64 engine array in {@code m}. */
    private NDArray precisionArray(NDManager m, double lambda) {
        return m.create(Matrices.addDiagonal(curvature, size, lambda), new Shape(size, size));
    }

    /** Records λ; Σ is formed on the first prediction (a search may set λ and only read the evidence). */
    @Override
    public void setPriorPrecision(double lambda) {
        close();
        this.lambda = lambda;
        this.factor = null;
    }

    /** Σ = (H + λI)⁻¹, symmetrised, in the layouts {@link #logitCovariance} reads. */
    private void prepareCovariance() {
        try (NDManager tmp = manager.newSubManager()) {
            NDArray inv = precisionArray(tmp, lambda).inverse();
            NDArray sym = inv.add(inv.transpose()).div(tmp.create(2.0));
            if (layers.size() == 1) {
                LinearLayer l = layers.get(0);
                int in1 = l.in() + 1;
                NDArray blocks = sym.reshape(l.out(), in1, l.out(), in1);
                // Σ[(o,i),(o',j)] rearranged to [i, (o, o', j)] for the one-layer formula
                sym = blocks.transpose(1, 0, 2, 3).reshape(in1, (long) l.out() * l.out() * in1);
                // the diagonal blocks Σ_oo as [i, (o, j)], for output variances alone
                NDList diag = new NDList();
                for (int o = 0; o < l.out(); o++) {
                    diag.add(blocks.get(o + ",:," + o + ",:"));
                }
                diagonalBlocks = NDArrays.stack(diag, 1).reshape(in1, (long) l.out() * in1);
                diagonalBlocks.attach(manager);
            }
            sym.attach(manager);
            covariance = sym;
        }
    }

    @Override
    public NDArray logitCovariance(List<LayerTaps.Tap> taps, boolean diagonalOnly) {
        if (covariance == null) {
            prepareCovariance();
        }
        List<LayerTaps.Tap> jacobian = PosteriorPrecision.inDouble(taps);
        if (layers.size() == 1) {
            LayerTaps.Tap t = jacobian.get(0);
            LinearLayer l = layers.get(0);
            long b = t.inputs().getShape().get(0);
            int in1 = l.in() + 1;
            NDArray x = t.inputs();
            if (t.grads() == null && diagonalOnly) { // (J Σ Jᵀ)_cc = ãᵀ Σ_cc ã
                return x.matMul(diagonalBlocks).reshape(b, l.out(), in1).mul(x.reshape(b, 1, in1))
                        .sum(new int[] {2});
            }
            NDArray y = x.matMul(covariance).reshape(b, l.out(), l.out(), in1);
            NDArray inner = y.mul(x.reshape(b, 1, 1, in1)).sum(new int[] {3}); // [B, out, out]
            if (t.grads() == null) {
                return inner;
            }
            NDArray g = t.grads().transpose(1, 0, 2); // [B, C, out]
            NDArray full = g.batchMatMul(inner).batchMatMul(g.transpose(0, 2, 1));
            return diagonalOnly ? diagonal(full) : full;
        }
        NDList parts = new NDList();
        long b = jacobian.get(0).inputs().getShape().get(0);
        long c = jacobian.get(0).grads().getShape().get(0);
        for (LayerTaps.Tap t : jacobian) {
            int out = t.layer().out();
            int in1 = t.layer().in() + 1;
            NDArray g = t.grads().transpose(1, 0, 2).reshape(b, c, out, 1);
            parts.add(g.mul(t.inputs().reshape(b, 1, 1, in1)).reshape(b, c, (long) out * in1));
        }
        NDArray j = NDArrays.concat(parts, 2); // [B, C, P]
        NDArray js = j.reshape(b * c, size).matMul(covariance).reshape(b, c, size);
        return diagonalOnly ? js.mul(j).sum(new int[] {2}) : js.batchMatMul(j.transpose(0, 2, 1));
    }

    /** The diagonals [B, C] of [B, C, C]. */
    private static NDArray diagonal(NDArray full) {
        long b = full.getShape().get(0);
        long c = full.getShape().get(1);
        NDArray eye = full.getManager().eye((int) c, (int) c, 0, full.getDataType());
        return full.mul(eye.reshape(1, c, c)).sum(new int[] {2}).reshape(b, c);
    }

    /** Δθ = L⁻ᵀ ε with H + λI = L Lᵀ, so that Cov Δθ = (L Lᵀ)⁻¹. */
    @Override
    public double[] sample(java.util.SplittableRandom rng) {
        if (factor == null) {
            factor = Cholesky.factor(Matrices.addDiagonal(curvature, size, lambda), size);
        }
        double[] eps = new double[size];
        for (int i = 0; i < size; i++) {
            eps[i] = rng.nextGaussian();
        }
        return factor.solveTransposed(eps);
    }

    @Override
    public Map<String, float[]> arrays() {
        return Map.of("full", PosteriorPrecision.toFloat(curvature));
    }

    @Override
    public void close() {
        if (covariance != null) {
            covariance.close();
            covariance = null;
        }
        if (diagonalBlocks != null) {
            diagonalBlocks.close();
            diagonalBlocks = null;
        }
    }
}
