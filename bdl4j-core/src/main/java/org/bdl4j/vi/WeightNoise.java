package org.bdl4j.vi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The standard-normal draws ε of one weight sample W = μ + σ ⊙ ε (and b = μ_b + σ_b ⊙ ε_b) of one
 * layer for one step, drawn from the engine generator on first use into the step's manager. The
 * estimator and a Monte Carlo KL share it: under reparameterisation and Flipout the KL is evaluated
 * at the weights the forward pass used; local reparameterisation never asks for it, so a Monte Carlo
 * KL then draws a weight sample for the KL term alone (still unbiased, its noise independent of the
 * NLL's).
 */
final class WeightNoise {
    private final MeanFieldLayer layer;
    private final NDManager manager;
    private NDArray weight;
    private NDArray bias;

    WeightNoise(MeanFieldLayer layer, NDManager manager) {
        this.layer = layer;
        this.manager = manager;
    }

    NDArray weight() {
        if (weight == null) {
            weight = manager.randomNormal(layer.weightMean.getShape());
        }
        return weight;
    }

    NDArray bias() {
        if (bias == null) {
            bias = manager.randomNormal(layer.biasMean.getShape());
        }
        return bias;
    }
}
