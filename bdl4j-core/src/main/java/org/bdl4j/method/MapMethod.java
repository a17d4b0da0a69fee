package org.bdl4j.method;

import com.google.gson.JsonObject;
import java.util.EnumSet;
import java.util.Map;
import org.bdl4j.Likelihood;
import org.bdl4j.Posterior;
import org.bdl4j.data.Dataset;
import org.bdl4j.io.ModelDirectory;
import org.bdl4j.io.ModelHeader;
import org.bdl4j.nn.DropoutMode;
import org.bdl4j.nn.Network;
import org.bdl4j.train.MapPosterior;
import org.bdl4j.train.TrainingResult;

/**
 * The maximum a posteriori network ({@link MapPosterior}), trained by {@link #train}: the schema
 * (and standardisation) is fitted on the training rows, the network built from the request's spec with
 * weights seeded by the request's seed, and the request's trainer minimises the negative log joint.
 * It is also the start of every post-hoc method ({@link Methods#fit} trains it once for them).
 */
public final class MapMethod extends RegisteredMethod {
    /** A copy of the request's MAP (trained by {@link Methods#fit} unless given as the base). */
    public MapMethod() {
        super(MapPosterior.METHOD, "the MAP network: a point mass, no epistemic uncertainty", EnumSet.allOf(Likelihood.class), true, 0);
    }

    @Override
    public Posterior fit(FitRequest request) {
        return request.map().copy();
    }

    @Override
    public Posterior load(ModelDirectory directory) {
        return MapPosterior.load(directory);
    }

    /**
     * Trains a MAP network end to end on the request: fits the schema (and standardisation, if asked)
     * on the training rows, builds the network with the likelihood's output width and weights seeded by
     * the request's seed (or set to the request's {@linkplain FitRequest#initialParameters initial
     * weights}, a warm start), and runs the request's trainer (early stopping on the validation rows, if
     * any). The caller owns the result.
     */
    public static MapPosterior train(FitRequest request) {
        Dataset train = request.train();
        Likelihood likelihood = request.likelihood();
        FitRequest.NetworkTables t = request.networkTables();
        Network net = Network.create(t.network(), DropoutMode.STANDARD, request.seed());
        try {
            request.initialParameters().ifPresent(theta -> {
                if (theta.length != net.parameterCount()) {
                    throw new IllegalArgumentException("the initial weights have " + theta.length
                            + " values, the network " + net.parameterCount());
                }
                net.setParameters(theta);
            });
            TrainingResult result = request.trainer().train(net, likelihood, t.train(), t.validation());
            JsonObject info = new JsonObject();
            info.addProperty("priorPrecision", result.priorPrecision());
            info.addProperty("weightDecay", result.weightDecay());
            info.addProperty("epochs", result.epochs().size());
            info.addProperty("bestEpoch", result.bestEpoch());
            info.addProperty("trainRows", train.rows());
            info.addProperty("trainNll", result.epochs().get(result.epochs().size() - 1).trainNll());
            ModelHeader header = ModelHeader.fitted(MapPosterior.METHOD, likelihood, t.schema(), t.network(),
                    request.seed(), train, request.trainer().settings(), Map.of()).withWarnings(request.sizeWarnings());
            return new MapPosterior(net, header, result.sigmaNoise(), info);
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
    }
}
