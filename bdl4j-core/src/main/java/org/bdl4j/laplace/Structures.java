package org.bdl4j.laplace;

import ai.djl.ndarray.NDManager;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.bdl4j.curvature.CurvatureAccumulator;
import org.bdl4j.curvature.DiagCurvature;
import org.bdl4j.curvature.FullCurvature;
import org.bdl4j.curvature.KronCurvature;
import org.bdl4j.curvature.AffineLayer;

/**
 * The one dispatch point from {@link HessianStructure} to its curvature accumulator and posterior
 * (an {@code EnumMap}; subset and curvature type are independent axes handled by the caller).
 */
final class Structures {
    /** How to build, finish and reload one structure. */
    record Structure(Function<List<AffineLayer>, CurvatureAccumulator> accumulator,
            BiFunction<CurvatureAccumulator, NDManager, PosteriorPrecision> posterior,
            Loader loader) {}

    @FunctionalInterface
    interface Loader {
        PosteriorPrecision load(List<AffineLayer> layers, Function<String, float[]> arrays, NDManager manager);
    }

    private static final Map<HessianStructure, Structure> BY_STRUCTURE = new EnumMap<>(HessianStructure.class);

    static {
        BY_STRUCTURE.put(HessianStructure.FULL, new Structure(FullCurvature::new,
                (acc, m) -> new FullPrecision(((FullCurvature) acc).layers(), ((FullCurvature) acc).matrix(), m),
                FullPrecision::load));
        BY_STRUCTURE.put(HessianStructure.DIAG, new Structure(DiagCurvature::new,
                (acc, m) -> DiagPrecision.of(((DiagCurvature) acc).layers(), ((DiagCurvature) acc).diagonal(), m),
                DiagPrecision::load));
        BY_STRUCTURE.put(HessianStructure.KRON, new Structure(KronCurvature::new,
                (acc, m) -> KronPrecision.of((KronCurvature) acc, m), KronPrecision::load));
    }

    private Structures() {}

    static Structure of(HessianStructure h) {
        return BY_STRUCTURE.get(h);
    }
}
