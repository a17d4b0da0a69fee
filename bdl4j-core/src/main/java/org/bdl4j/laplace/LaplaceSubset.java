package org.bdl4j.laplace;

/**
 * Which weights a Laplace posterior covers, as a user names them: the last layer, all layers, or a
 * subnetwork (given by size or by a mask).
 */
public enum LaplaceSubset {
    LAST_LAYER,
    ALL,
    SUBNETWORK
}
