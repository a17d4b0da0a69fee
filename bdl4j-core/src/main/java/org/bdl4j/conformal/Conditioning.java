package org.bdl4j.conformal;

/**
 * What the coverage guarantee of a split conformal classifier conditions on.
 *
 * <ul>
 *   <li>{@link #MARGINAL}: one threshold from all n calibration scores; P(y ∈ C(x)) &gt;= 1 - α over
 *       calibration and test draws.
 *   <li>{@link #CLASS_CONDITIONAL}: Mondrian conformal prediction (Vovk et al. 2005, §4.5; Sadinle et
 *       al. 2019): one threshold per class k from the n_k calibration scores with label k;
 *       P(y ∈ C(x) | y = k) &gt;= 1 - α for every class. A class with n_k &lt; 1/α - 1 calibration
 *       points (none at all included) gets threshold +∞ and is in every set.
 * </ul>
 */
public enum Conditioning {
    MARGINAL,
    CLASS_CONDITIONAL
}
