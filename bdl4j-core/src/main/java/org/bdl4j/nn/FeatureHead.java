package org.bdl4j.nn;

import org.bdl4j.Posterior;
import org.bdl4j.data.Dataset;

/**
 * A posterior over the last layer of a frozen network: its predictions are those of {@link #head()} at
 * the network's penultimate features. Code that needs the networks behind a posterior (their logits or
 * last hidden layer, e.g. the OOD scores) finds them in the head, on the features.
 */
public interface FeatureHead {
    /** The posterior over the last layer, whose inputs are the features. */
    Posterior head();

    /** The frozen network's features of {@code rows} (the user's units), as rows the head reads. */
    Dataset features(Dataset rows);
}
