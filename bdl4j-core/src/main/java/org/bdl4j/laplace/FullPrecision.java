package org.bdl4j.laplace;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.bdl4j.curvature.AffineLayer;
import org.bdl4j.curvature.LayerTaps;
import org.bdl4j.curvature.LinearLayer;
import org.bdl4j.linalg.BlockLogDet;
import org.bdl4j.linalg.Cholesky;
import org.bdl4j.linalg.Kronecker;
import org.bdl4j.linalg.Matrices;
import org.bdl4j.linalg.SymmetricEigen;

/**
 * Full-covariance Laplace over P parameters ({@link LaplaceWeights}): whole Linear and Conv2d layers,
 * or a subnetwork (Daxberger et al. 2021).
 *
 * <p>Evidence terms. With a scalar prior, log det(H + λI) and its λ-derivatives, the moments
 * tr Σ and tr Σ² of Σ = (H + λI)⁻¹, come from the eigenvalues e of H when P ≤
 * {@value #SPECTRUM_LIMIT} (computed once, after which every λ costs O(P)): log det = Σ_i log(e_i + λ).
 * Above that the eigenvalues cost about as much as the whole marginal-likelihood search (0.5–1.2 s at
 * P = 2,570 in the engine, 6.7 s in EJML, against about 1.2 s for the search; 2 cores), and the
 * search's inverse at the final λ serves as the covariance, so each λ is evaluated directly in the
 * engine: the log-determinant by block Schur complements ({@link BlockLogDet}), the moments from
 * (H + λI)⁻¹ (tr Σ² = ‖Σ‖²_F, Σ symmetric); the Newton search of {@link MarginalLikelihood} needs
 * about four such evaluations. With one λ_l per layer, log det(H + diag(λ)) and the per-layer
 * covariance traces come from a Cholesky factor of H + diag(λ) (kept for the last λ asked for), or
 * from the engine above the same size. The eigenvalue
 * route clamps the round-off negative eigenvalues of H (its float32 per-batch products make them
 * about 1e-7 of its norm) at 0, the factorisations cannot: at equal λ_l the two differ by
 * Σ log(1 + e_i/λ) over those e_i &lt; 0.
 *
 * <p>Σ = (H + diag(λ))⁻¹ by the engine's inverse in double precision, formed on the first prediction; a
 * {@link #sweep} over many scalar λ instead decomposes H once ({@link FullSweep}).
 * One whole Linear layer: its Jacobian is g ⊗ ãᵀ, so (J Σ Jᵀ)_{cc'} = Σ_{oo'} g_co g_c'o' ãᵀ Σ_{oo'} ã
 * without forming J; several layers (or a convolution): J rows vec M_c are formed and J Σ Jᵀ multiplied
 * out; a subnetwork: only its S Jacobian columns are formed.
 */
final class FullPrecision implements PosteriorPrecision {
    /** The largest P whose spectrum is computed (0.15 s at 1,024 in the engine, 2 cores). */
    static final int SPECTRUM_LIMIT = 1024;
    /**
     * Values (doubles, 16 MiB) of the product of a chunk of rows with one whole layer's covariance, [rows,
     * out·(in + 1)] for variances, [rows, out²·(in + 1)] for covariances. Larger products ran slower per
     * value (likely the caches, and above glibc's 32 MiB mmap threshold pages mapped afresh for each; not
     * verified): at 100 classes and 65 inputs the variances of 2,000 rows took 0.072 s in chunks of 1,024
     * rows against 0.029 s in chunks of 322, linear in the classes from 10 to 400 (2 cores, Intel Xeon,
     * 2 MiB of L2 cache a core).
     */
    static final long PRODUCT_VALUES = 1L << 21;
    /** Rounds of the nearest-Kronecker power iteration for the search's start (a start, not an answer). */
    private static final int NEAREST_KRONECKER_ITERATIONS = 2;

    private final LaplaceWeights weights;
    private final int size;
    private final int[] groups;
    private final double[] curvature;
    private double[] eigenvalues; // of H, computed on the first scalar log-determinant
    private final NDManager manager;
    private final int spectrumLimit;
    private NDArray covariance;
    private NDArray diagonalBlocks; // one whole layer only
    private double[] lambdas;
    private double[] factorLambdas;
    private Cholesky factor; // of H + diag(factorLambdas)
    private NDArray keptInverse; // (H + λI)⁻¹ of the last large-P trace evaluation, at keptInverseLambda
    private double keptInverseLambda;

    /** Over {@code weights}; takes over {@code curvature} (P x P, rounded to float32 in place). */
    FullPrecision(LaplaceWeights weights, double[] curvature, NDManager manager) {
        this(weights, curvature, manager, SPECTRUM_LIMIT);
    }

    private FullPrecision(LaplaceWeights weights, double[] curvature, NDManager manager, int spectrumLimit) {
        this.weights = weights;
        this.groups = weights.groupSizes();
        this.size = (int) weights.parameterCount();
        this.curvature = PosteriorPrecision.roundedToFloat(curvature);
        this.manager = manager;
        this.spectrumLimit = spectrumLimit;
    }

    /** Over whole layers; takes over {@code curvature} (P x P, rounded to float32 in place). */
    FullPrecision(List<? extends AffineLayer> layers, double[] curvature, NDManager manager) {
        this(layers, curvature, manager, SPECTRUM_LIMIT);
    }

    /** With the largest P whose spectrum is used given (tests compare both evaluations). */
    FullPrecision(List<? extends AffineLayer> layers, double[] curvature, NDManager manager, int spectrumLimit) {
        this(LaplaceWeights.wholeLayers(layers), curvature, manager, spectrumLimit);
    }

    static FullPrecision load(List<? extends AffineLayer> layers, Function<String, float[]> arrays, NDManager manager) {
        return load(LaplaceWeights.wholeLayers(layers), arrays, manager);
    }

    static FullPrecision load(LaplaceWeights weights, Function<String, float[]> arrays, NDManager manager) {
        return new FullPrecision(weights, PosteriorPrecision.toDouble(arrays.apply("full")), manager);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int[] groupSizes() {
        return groups.clone();
    }

    /** By a Cholesky factor of H + diag(λ), kept for the traces at the same λ; large P in the engine. */
    @Override
    public double logDet(double[] lambdas) {
        if (size > spectrumLimit) {
            try (NDManager tmp = manager.newSubManager()) {
                return BlockLogDet.of(tmp.create(precisionMatrix(lambdas), new Shape(size, size)));
            }
        }
        return factorAt(lambdas).logDet();
    }

    /** Σ_i log(e_i + λ) from the eigenvalues of H, computed once; large P in the engine. */
    @Override
    public double logDet(double lambda) {
        if (size > spectrumLimit) {
            return logDet(uniform(lambda));
        }
        double s = 0;
        for (double e : spectrum()) {
            s += Math.log(Math.max(e, 0) + lambda);
        }
        return s;
    }

    /** Large P: from (H + λI)⁻¹, which is kept to serve as the covariance if λ is then set to this value. */
    @Override
    public double[] traceMoments(double lambda) {
        if (size > spectrumLimit) {
            dropKeptInverse();
            try (NDManager tmp = manager.newSubManager()) {
                NDArray inv = tmp.create(precisionMatrix(uniform(lambda)), new Shape(size, size)).inverse();
                NDArray diagonal = inv.reshape(-1).get("::" + (size + 1)); // the engine has no trace
                double[] moments = {diagonal.sum().getDouble(), inv.square().sum().getDouble()};
                inv.attach(manager);
                keptInverse = inv;
                keptInverseLambda = lambda;
                return moments;
            }
        }
        return PosteriorPrecision.inverseTraces(spectrum(), lambda);
    }

    /**
     * One whole layer above the spectrum limit: the evidence maximiser of the nearest Kronecker
     * product G ⊗ A to H ({@link Kronecker#nearestProduct}, two power rounds, 0.07 s at P = 2,570; its
     * spectrum is g_i a_j). On the W1 last layer it lands within a few percent of the full structure's
     * λ, where the MAP's λ can be 3x away, which saves the Newton search's first, costly steps.
     */
    @Override
    public double evidenceStart(double thetaSquaredNorm, double low, double high) {
        Optional<LinearLayer> whole = weights.wholeLinearLayer();
        if (whole.isEmpty() || size <= spectrumLimit) {
            return Double.NaN;
        }
        LinearLayer layer = whole.get();
        int out = layer.out();
        int in1 = layer.in() + 1;
        double[][] ga = Kronecker.nearestProduct(curvature, out, in1, NEAREST_KRONECKER_ITERATIONS);
        double[] g = SymmetricEigen.valuesOf(ga[0], out);
        double[] a = SymmetricEigen.valuesOf(ga[1], in1);
        return MarginalLikelihood.maximise(size, thetaSquaredNorm, l -> Kronecker.inverseTracesShifted(g, a, l), low,
                high, Math.sqrt(low * high));
    }

    private void dropKeptInverse() {
        if (keptInverse != null) {
            keptInverse.close();
            keptInverse = null;
        }
    }

    @Override
    public double[] covarianceTraces(double[] lambdas) {
        double[] d;
        if (size > spectrumLimit) {
            try (NDManager tmp = manager.newSubManager()) {
                NDArray inv = tmp.create(precisionMatrix(lambdas), new Shape(size, size)).inverse();
                d = inv.reshape(-1).get("::" + (size + 1)).toDoubleArray();
            }
        } else {
            d = factorAt(lambdas).inverseDiagonal();
        }
        double[] out = new double[groups.length];
        int k = 0;
        for (int l = 0; l < groups.length; l++) {
            for (int i = 0; i < groups[l]; i++) {
                out[l] += d[k++];
            }
        }
        return out;
    }

    private double[] spectrum() {
        if (eigenvalues == null) {
            eigenvalues = SymmetricEigen.valuesOf(curvature, size);
        }
        return eigenvalues;
    }

    private double[] uniform(double lambda) {
        double[] at = new double[groups.length];
        Arrays.fill(at, lambda);
        return at;
    }

    private Cholesky factorAt(double[] at) {
        if (factor == null || !Arrays.equals(at, factorLambdas)) {
            factor = Cholesky.factor(precisionMatrix(at), size);
            factorLambdas = at.clone();
        }
        return factor;
    }

    /** H + diag(λ) with λ_l repeated over its group. */
    private double[] precisionMatrix(double[] at) {
        return Matrices.addDiagonal(curvature, size, PosteriorPrecision.perParameter(at, groups));
    }

    /** Records λ; Σ is formed on the first prediction (a search may set λ and only read the evidence). */
    @Override
    public void setPriorPrecision(double[] lambdas) {
        releaseCovariance();
        this.lambdas = lambdas.clone();
    }

    /** Σ = (H + diag(λ))⁻¹, symmetrised, in the layouts {@link #logitCovariance} reads. */
    private void prepareCovariance() {
        try (NDManager tmp = manager.newSubManager()) {
            NDArray inv;
            if (keptInverse != null && Arrays.equals(lambdas, uniform(keptInverseLambda))) {
                inv = keptInverse; // the last evaluation of the evidence search was at this λ
                keptInverse = null;
                inv.attach(tmp);
            } else {
                NDArray precision = tmp.create(precisionMatrix(lambdas), new Shape(size, size));
                inv = precision.inverse();
                precision.close(); // each P x P array is freed as soon as the next is made: fewer at once
            }
            NDArray sym = inv.add(inv.transpose());
            inv.close();
            sym.divi(2.0);
            Optional<LinearLayer> whole = weights.wholeLinearLayer();
            if (whole.isPresent()) {
                LinearLayer l = whole.get();
                int in1 = l.in() + 1;
                NDArray blocks = sym.reshape(l.out(), in1, l.out(), in1);
                // Σ[(o,i),(o',j)] rearranged to [i, (o, o', j)] for the one-layer formula
                NDArray rearranged = blocks.transpose(1, 0, 2, 3).reshape(in1, (long) l.out() * l.out() * in1);
                // the diagonal blocks Σ_oo as [i, (o, j)], for output variances alone
                NDList diag = new NDList();
                for (int o = 0; o < l.out(); o++) {
                    diag.add(blocks.get(o + ",:," + o + ",:"));
                }
                diagonalBlocks = NDArrays.stack(diag, 1).reshape(in1, (long) l.out() * in1);
                diagonalBlocks.attach(manager);
                diag.close();
                blocks.close();
                sym.close();
                sym = rearranged;
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
        Optional<LinearLayer> whole = weights.wholeLinearLayer();
        if (whole.isPresent()) { // one whole Linear layer: rank-one per-sample Jacobians g ãᵀ
            LayerTaps.Tap t = jacobian.get(0);
            LinearLayer l = whole.get();
            NDArray x = t.inputs();
            NDArray g = t.grads() == null ? null : t.grads().transpose(1, 0, 2); // [B, C, out]
            long b = x.getShape().get(0);
            long perRow = (long) l.out() * (g == null && diagonalOnly ? 1 : l.out()) * (l.in() + 1);
            long rows = rowsPerProduct(perRow);
            if (b <= rows) {
                return wholeLayer(l, x, g, diagonalOnly);
            }
            try (NDList parts = new NDList()) {
                for (long from = 0; from < b; from += rows) {
                    String range = from + ":" + Math.min(b, from + rows);
                    try (NDManager chunk = x.getManager().newSubManager()) {
                        NDArray xs = x.get(range);
                        xs.attach(chunk);
                        NDArray gs = null;
                        if (g != null) {
                            gs = g.get(range);
                            gs.attach(chunk);
                        }
                        NDArray part = wholeLayer(l, xs, gs, diagonalOnly);
                        part.attach(x.getManager());
                        parts.add(part);
                    }
                }
                return NDArrays.concat(parts, 0);
            }
        }
        NDArray j = weights.jacobian(jacobian); // [B, C, P]
        long b = j.getShape().get(0);
        long c = j.getShape().get(1);
        NDArray js = j.reshape(b * c, size).matMul(covariance).reshape(b, c, size);
        return diagonalOnly ? js.mul(j).sum(new int[] {2}) : js.batchMatMul(j.transpose(0, 2, 1));
    }

    /**
     * Rows whose product with the covariance, {@code valuesPerRow} doubles a row, stays within
     * {@value #PRODUCT_VALUES} values.
     */
    static long rowsPerProduct(long valuesPerRow) {
        return Math.max(1, PRODUCT_VALUES / valuesPerRow);
    }

    /**
     * (J Σ Jᵀ) of one whole Linear layer for the rows of {@code x} (ã, [B, in + 1]) and {@code g}
     * ([B, C, out], or null when the layer's outputs are the logits): ãᵀ Σ_oo' ã contracted with g.
     */
    private NDArray wholeLayer(LinearLayer l, NDArray x, NDArray g, boolean diagonalOnly) {
        long b = x.getShape().get(0);
        int in1 = l.in() + 1;
        if (g == null && diagonalOnly) { // (J Σ Jᵀ)_cc = ãᵀ Σ_cc ã
            return x.matMul(diagonalBlocks).reshape(b, l.out(), in1).mul(x.reshape(b, 1, in1)).sum(new int[] {2});
        }
        NDArray y = x.matMul(covariance).reshape(b, l.out(), l.out(), in1);
        NDArray inner = y.mul(x.reshape(b, 1, 1, in1)).sum(new int[] {3}); // [B, out, out]
        if (g == null) {
            return inner;
        }
        NDArray full = g.batchMatMul(inner).batchMatMul(g.transpose(0, 2, 1));
        return diagonalOnly ? diagonal(full) : full;
    }

    /** The diagonals [B, C] of [B, C, C]. */
    private static NDArray diagonal(NDArray full) {
        long b = full.getShape().get(0);
        long c = full.getShape().get(1);
        NDArray eye = full.getManager().eye((int) c, (int) c, 0, full.getDataType());
        return full.mul(eye.reshape(1, c, c)).sum(new int[] {2}).reshape(b, c);
    }

    /** All λ_k from one eigendecomposition of H ({@link FullSweep}: each row's Jacobian rotated once). */
    @Override
    public Sweep sweep(double[] lambdas) {
        return new FullSweep(weights, curvature, size, manager, lambdas);
    }

    /** Δθ = L⁻ᵀ ε with H + diag(λ) = L Lᵀ, so that Cov Δθ = (L Lᵀ)⁻¹. */
    @Override
    public double[] sample(java.util.SplittableRandom rng) {
        Cholesky l = factorAt(lambdas);
        double[] eps = new double[size];
        for (int i = 0; i < size; i++) {
            eps[i] = rng.nextGaussian();
        }
        return l.solveTransposed(eps);
    }

    @Override
    public Map<String, float[]> arrays() {
        return Map.of("full", PosteriorPrecision.toFloat(curvature));
    }

    @Override
    public void close() {
        releaseCovariance();
        dropKeptInverse();
    }

    private void releaseCovariance() {
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
