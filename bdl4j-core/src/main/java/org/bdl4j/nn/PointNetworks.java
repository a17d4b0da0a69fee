package org.bdl4j.nn;

import java.util.List;

/**
 * A posterior whose predictions rest on one or more deterministic networks with the same architecture:
 * a MAP network, the members of a deep ensemble, the MAP at the centre of a Laplace approximation. Their
 * logits and last hidden features define the OOD scores that need more than a predictive
 * ({@code org.bdl4j.ood.OodScorer}). The networks stay owned by the posterior.
 */
public interface PointNetworks {
    /** The networks, at least one, evaluated without dropout. */
    List<Network> pointNetworks();
}
