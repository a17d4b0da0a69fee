package org.bdl4j.cli;

import org.bdl4j.Likelihood;
import org.bdl4j.data.Dataset;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.train.MapPosterior;
import org.bdl4j.train.MapTrainer;

/**
 * Everything a method needs to fit a posterior from the command line.
 *
 * @param train training rows in the user's units
 * @param validation validation rows in the user's units, or null
 * @param likelihood the observation model
 * @param network the network structure (outputs are set from the likelihood)
 * @param standardize whether to standardise features and regression targets on {@code train}
 * @param trainer MAP training settings (for methods that train networks)
 * @param options the method-specific options (samples, members, ...)
 * @param laplace the options of the Laplace method
 * @param seed the seed of every random choice
 * @param base a MAP model loaded from disk ({@code --from}) that post-hoc methods start from instead of
 *     training one, or null; {@link #fitMap} hands it over to the caller
 */
record FitRequest(Dataset train, Dataset validation, Likelihood likelihood, NetworkSpec network, boolean standardize,
        MapTrainer trainer, MethodOptions options, LaplaceOptions laplace, long seed, MapPosterior base) {

    /** A request that trains its MAP network. */
    FitRequest(Dataset train, Dataset validation, Likelihood likelihood, NetworkSpec network, boolean standardize,
            MapTrainer trainer, MethodOptions options, LaplaceOptions laplace, long seed) {
        this(train, validation, likelihood, network, standardize, trainer, options, laplace, seed, null);
    }

    /** The MAP network every post-hoc method starts from: the loaded one, else trained now. */
    MapPosterior fitMap() {
        return base != null ? base : MapPosterior.fit(train, validation, likelihood, network, standardize, trainer, seed);
    }
}
