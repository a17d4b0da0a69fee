package org.bdl4j.swag;

/**
 * Which weights SWAG covers on a network trained elsewhere ({@code --model-file}): its last layer (the
 * default there, fitted on the network's features) or all of its weights, by fine-tuning the whole
 * TorchScript network. On a network bdl4j trains, SWAG always covers all of its weights.
 */
public enum SwagSubset {
    LAST_LAYER,
    ALL
}
