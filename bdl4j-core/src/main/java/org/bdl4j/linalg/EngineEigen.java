package org.bdl4j.linalg;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.bdl4j.io.EngineScript;

/**
 * The symmetric eigendecomposition in the engine: {@code torch.linalg.eigh} (LAPACK's divide-and-conquer
 * {@code syevd} in libtorch's oneMKL, on the engine's intra-op threads) or {@code torch.linalg.eigvalsh},
 * in float64. DJL's Java API offers no eigensolver, so the call goes through a TorchScript module shipped
 * as a resource ({@code symmetric_eigen.pt}, written by {@code scripts/torchscript/symmetric_eigen.py})
 * and loaded once per JVM by {@link EngineScript}.
 *
 * <p>Used from {@value #MIN_SIZE} rows on. Measured on 2 cores (AMD EPYC), 2 intra-op threads, against
 * EJML's symmetric QR algorithm on one thread: n = 500 0.19 s against 0.48 s, n = 1,500 0.61 s against
 * 4.9 s, n = 2,570 3.8 s against 25.6 s (docs/benchmarks.md); below a few hundred rows the call's
 * overhead is comparable with EJML's whole work.
 */
final class EngineEigen {
    /** The size from which {@link SymmetricEigen} decomposes in the engine. */
    static final int MIN_SIZE = 256;
    private static final String NAME = "symmetric_eigen";

    private EngineEigen() {}

    /**
     * The eigenvalues (ascending) of the symmetric row-major n x n matrix {@code sym}, and with
     * {@code vectors} the orthonormal eigenvectors as the columns of a row-major n x n matrix (else
     * {@code null}).
     */
    static double[][] decompose(double[] sym, int n, boolean vectors) {
        Model m = module();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDList out = m.getBlock().forward(new ParameterStore(manager, false),
                    new NDList(manager.create(sym, new Shape(n, n)), manager.create(vectors ? 1L : 0L)), false);
            double[] values = out.get(0).toDoubleArray();
            return new double[][] {values, vectors ? out.get(1).toDoubleArray() : null};
        }
    }

    private static Model module() {
        return EngineScript.load(EngineEigen.class, NAME, "eigensolver");
    }
}
