package org.bdl4j.laplace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.bdl4j.Likelihood;
import org.bdl4j.TestTables;
import org.bdl4j.curvature.AffineLayer;
import org.bdl4j.curvature.LinearLayer;
import org.bdl4j.data.Dataset;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.Methods;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.options.InvalidOptionException;
import org.bdl4j.options.OptionValues;
import org.junit.jupiter.api.Test;

/**
 * Curvature too large to hold is refused before anything is allocated, in one line with the
 * estimate (counted here by hand) and the cheaper structures.
 */
class CurvatureMemoryTest {
    /** The last layer of a 512-feature, 1,000-class network: P = 513,000. */
    private static final List<AffineLayer> HEAD = List.of(layer(512, 1000));

    @Test
    void estimatesByStructure() {
        assertEquals(8.0 * 513_000 * 513_000, CurvatureMemory.bytes(HessianStructure.FULL, HEAD));
        assertEquals(8.0 * (513 * 513 + 1000 * 1000), CurvatureMemory.bytes(HessianStructure.KRON, HEAD));
        assertEquals(8.0 * 513_000, CurvatureMemory.bytes(HessianStructure.DIAG, HEAD));
    }

    @Test
    void aFullHessianOverHalfAMillionWeightsIsRefusedWithTheCheaperStructures() {
        InvalidOptionException e = assertThrows(InvalidOptionException.class, () -> CurvatureMemory.check(
                HessianStructure.FULL, HEAD, "the last layer", 4_000_000_000L));
        assertEquals("hessian", e.option());
        assertEquals("hessian full over the 513,000 weights of the last layer needs 2.11 TB; bdl4j keeps at most"
                + " 8,192 weights dense (537 MB): use hessian kron (10.1 MB) or diag (4.10 MB)", e.getMessage());
    }

    @Test
    void kfacBeyondTheHeapIsRefusedTooAndFitsWithinIt() {
        InvalidOptionException e = assertThrows(InvalidOptionException.class, () -> CurvatureMemory.check(
                HessianStructure.KRON, HEAD, "the last layer", 16_000_000L));
        assertEquals("hessian kron over the 513,000 weights of the last layer needs 10.1 MB; twice that exceeds the"
                + " JVM's heap of 16.0 MB: use hessian diag (4.10 MB), or a larger -Xmx", e.getMessage());
        CurvatureMemory.check(HessianStructure.KRON, HEAD, "the last layer", 21_000_000L);
    }

    /**
     * Through the method: refused in validate, before the MAP is trained. Layers 4-100-100-3: P = 500 +
     * 10,100 + 303; KFAC (5² + 100²) + (101² + 100²) + (101² + 3²) = 40,436 doubles.
     */
    @Test
    void laplaceRefusesBeforeTraining() {
        Dataset data = TestTables.blobs(40, 4, 3, 1);
        NetworkSpec wide = NetworkSpec.mlp(new int[] {4}, new int[] {100, 100}, Activation.TANH, 0f, 3);
        FitRequest r = FitRequest.builder(data).network(wide).likelihood(Likelihood.CATEGORICAL)
                .options(OptionValues.empty().with(LaplaceMethod.HESSIAN, HessianStructure.FULL)
                        .with(LaplaceMethod.SUBSET, LaplaceSubset.ALL)).build();
        InvalidOptionException e = assertThrows(InvalidOptionException.class, () -> Methods.get("laplace").validate(r));
        assertEquals("hessian full over the 10,903 weights of all layers needs 951 MB; bdl4j keeps at most 8,192"
                + " weights dense (537 MB): use hessian kron (323 kB) or diag (87.2 kB)", e.getMessage());
    }

    private static AffineLayer layer(int in, int out) {
        return new LinearLayer(0, in, out, 0, in * out);
    }
}
