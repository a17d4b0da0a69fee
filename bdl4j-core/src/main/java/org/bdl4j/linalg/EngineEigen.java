package org.bdl4j.linalg;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bdl4j.io.TemporaryDirectory;

/**
 * The symmetric eigendecomposition in the engine: {@code torch.linalg.eigh} (LAPACK's divide-and-conquer
 * {@code syevd} in libtorch's oneMKL, on the engine's intra-op threads) or {@code torch.linalg.eigvalsh},
 * in float64. DJL's Java API offers no eigensolver, so the call goes through a TorchScript module shipped
 * as a resource ({@code symmetric_eigen.pt}, written by {@code scripts/torchscript/symmetric_eigen.py}),
 * loaded once per JVM.
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
    private static Model module;

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

    private static synchronized Model module() {
        if (module == null) {
            try {
                Path dir = TemporaryDirectory.untilExit("bdl4j-linalg-");
                try (InputStream in = EngineEigen.class.getResourceAsStream(NAME + ".pt")) {
                    if (in == null) {
                        throw new IllegalStateException("the resource " + NAME + ".pt is missing from bdl4j-core");
                    }
                    Files.copy(in, dir.resolve(NAME + ".pt"));
                }
                Model loaded = Model.newInstance(NAME, Device.cpu(), "PyTorch");
                loaded.load(dir, NAME);
                module = loaded;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot load the engine's eigensolver: " + e.getMessage(), e);
            } catch (MalformedModelException e) {
                throw new IllegalStateException("cannot load the engine's eigensolver: " + e.getMessage(), e);
            }
        }
        return module;
    }
}
