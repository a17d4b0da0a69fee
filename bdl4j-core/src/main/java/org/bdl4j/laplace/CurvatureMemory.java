package org.bdl4j.laplace;

import java.util.List;
import java.util.Locale;
import org.bdl4j.curvature.AffineLayer;
import org.bdl4j.curvature.FullCurvature;
import org.bdl4j.options.InvalidOptionException;

/**
 * The memory a curvature structure needs, checked before anything is allocated, so that a request
 * too large for the machine is refused in one line that names the estimate and the cheaper
 * structures (laplace-torch users have met a 7 TB request for a diagonal fit and 15 GB for 3,100
 * classes only when the allocation failed).
 *
 * <p>Per structure, in doubles: full P² (the dense precision, kept only up to
 * {@link FullCurvature#MAX_PARAMETERS} weights); KFAC Σ_l (in_l + 1)² + out_l² (the Kronecker
 * factors of each layer); diagonal P. The posterior's own factors (eigendecompositions, the inverse)
 * are of the same size again, so a structure is refused when twice its estimate exceeds the JVM's
 * heap limit.
 */
final class CurvatureMemory {
    private CurvatureMemory() {}

    /** The bytes of the curvature of {@code hessian} over whole {@code layers}. */
    static double bytes(HessianStructure hessian, List<? extends AffineLayer> layers) {
        double p = 0;
        double kron = 0;
        for (AffineLayer l : layers) {
            p += l.size();
            kron += Math.pow(l.in() + 1.0, 2) + Math.pow(l.out(), 2);
        }
        return 8 * switch (hessian) {
            case FULL -> p * p;
            case KRON -> kron;
            case DIAG -> p;
        };
    }

    /**
     * Refuses {@code hessian} over {@code layers} when it cannot be held.
     *
     * @param heapBytes the JVM's heap limit ({@link Runtime#maxMemory()})
     * @throws InvalidOptionException naming the structure, the estimate and the cheaper structures
     */
    static void check(HessianStructure hessian, List<? extends AffineLayer> layers, String where, long heapBytes) {
        long p = 0;
        for (AffineLayer l : layers) {
            p += l.size();
        }
        double need = bytes(hessian, layers);
        boolean tooManyForFull = hessian == HessianStructure.FULL && p > FullCurvature.MAX_PARAMETERS;
        if (!tooManyForFull && 2 * need <= heapBytes) {
            return;
        }
        StringBuilder cheaper = new StringBuilder();
        for (HessianStructure h : List.of(HessianStructure.KRON, HessianStructure.DIAG)) {
            double b = bytes(h, layers);
            if (h != hessian && b < need && 2 * b <= heapBytes) {
                cheaper.append(cheaper.length() == 0 ? "use {hessian} " : " or ").append(h.cliName())
                        .append(" (").append(size(b)).append(')');
            }
        }
        String limit = tooManyForFull ? String.format(Locale.ROOT, "bdl4j keeps at most %,d weights dense (%s)",
                FullCurvature.MAX_PARAMETERS, size(8.0 * FullCurvature.MAX_PARAMETERS * FullCurvature.MAX_PARAMETERS))
                : "twice that exceeds the JVM's heap of " + size(heapBytes);
        throw new InvalidOptionException("hessian", String.format(Locale.ROOT,
                "{hessian} %s over the %,d weights of %s needs %s; %s: %s", hessian.cliName(), p, where, size(need),
                limit, cheaper.length() == 0 ? "use fewer weights (a smaller subset or network)" : cheaper
                        + (tooManyForFull ? "" : ", or a larger -Xmx")));
    }

    /** Bytes as "4.1 MB", "2.11 TB". */
    static String size(double bytes) {
        String[] units = {"B", "kB", "MB", "GB", "TB", "PB"};
        int u = 0;
        while (bytes >= 1000 && u < units.length - 1) {
            bytes /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, bytes >= 100 || u == 0 ? "%.0f %s" : "%.3g %s", bytes, units[u]);
    }
}
