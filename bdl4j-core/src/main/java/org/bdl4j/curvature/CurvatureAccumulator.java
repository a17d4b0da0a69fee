package org.bdl4j.curvature;

import java.util.List;

/** A curvature structure summed batch by batch from {@link LayerTaps}. */
public interface CurvatureAccumulator {
    /** Adds one batch's contribution Σ_b Σ_k (J_bᵀ v_k)(J_bᵀ v_k)ᵀ in this structure. */
    void add(List<LayerTaps.Tap> taps);
}
