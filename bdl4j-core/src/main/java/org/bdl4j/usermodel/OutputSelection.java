package org.bdl4j.usermodel;

import java.util.OptionalInt;

/**
 * Which of a user model's outputs are its predictions and which its penultimate features. A model
 * returning {@code (logits, features)} has predictions 0 and features 1.
 *
 * <p>A feature extractor whose last layer is given separately ({@link #featuresOnly}) has no predictions
 * output: its predictions are that layer applied to its features.
 *
 * @param predictions the output holding the logits (classification) or the mean (regression), or
 *     {@value #FROM_LAST_LAYER} for a feature extractor
 * @param features the output holding the features the last layer reads; empty to take the other
 *     output of a model with exactly two
 */
public record OutputSelection(int predictions, OptionalInt features) {
    /** The predictions' index of a feature extractor: they come from the last layer given with it. */
    public static final int FROM_LAST_LAYER = -1;

    public OutputSelection {
        if (predictions < 0 && !(predictions == FROM_LAST_LAYER && features.isPresent())) {
            throw new IllegalArgumentException("the predictions' output index must be >= 0, found " + predictions);
        }
        if (features.isPresent() && (features.getAsInt() < 0 || features.getAsInt() == predictions)) {
            throw new IllegalArgumentException("the features' output index must be >= 0 and differ from the"
                    + " predictions' (" + predictions + "), found " + features.getAsInt());
        }
    }

    /** A feature extractor's features in output {@code features}; the predictions come from its last layer. */
    public static OutputSelection featuresOnly(int features) {
        return new OutputSelection(FROM_LAST_LAYER, OptionalInt.of(features));
    }

    /** Whether the network returns features only, its last layer given separately. */
    public boolean isFeaturesOnly() {
        return predictions == FROM_LAST_LAYER;
    }

    /** Predictions in output 0, features in output 1. */
    public static OutputSelection firstTwo() {
        return new OutputSelection(0, OptionalInt.of(1));
    }

    /** The features' index for a model with {@code outputs} outputs. */
    int featuresIndex(int outputs) {
        if (features.isPresent()) {
            return features.getAsInt();
        }
        if (outputs == 2) {
            return 1 - predictions;
        }
        throw new IllegalArgumentException("the model returns " + outputs + " output" + (outputs == 1 ? "" : "s")
                + ": say which holds the penultimate features (a model returning (logits, features) has 1)");
    }
}
