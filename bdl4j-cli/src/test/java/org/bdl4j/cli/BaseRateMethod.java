package org.bdl4j.cli;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.Likelihood;
import org.bdl4j.ModelSchema;
import org.bdl4j.Posterior;
import org.bdl4j.Predictive;
import org.bdl4j.Provenance;
import org.bdl4j.RegressionPredictive;
import org.bdl4j.data.Dataset;
import org.bdl4j.io.ModelDirectory;
import org.bdl4j.io.ModelHeader;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.RegisteredMethod;
import org.bdl4j.options.OptionDescriptor;
import org.bdl4j.options.OptionValues;
import org.bdl4j.options.Rule;

/**
 * A method that exists only in this module's tests (registered by its test service file), to show
 * that a method outside bdl4j plugs into the command line, {@code compare}, saving and loading with no
 * change to them: the base rate, which ignores the inputs and predicts the training class frequencies
 * with a pseudo-count a, p_k = (n_k + a)/(n + C a), or for regression N(ȳ, s²) of the training
 * targets.
 */
public final class BaseRateMethod extends RegisteredMethod {
    static final String NAME = "base-rate";
    static final OptionDescriptor<Double> PSEUDO_COUNT = OptionDescriptor.number("pseudo-count", 1.0)
            .withRule(Rule.atLeast(0.0)).withLabel("A").withHelp("Base rate: the pseudo-count added to every class.");

    public BaseRateMethod() {
        super(NAME, "training class frequencies or target moments, whatever the input",
                EnumSet.of(Likelihood.CATEGORICAL, Likelihood.GAUSSIAN), false, 1000, PSEUDO_COUNT);
    }

    @Override
    public Posterior fit(FitRequest request) {
        Dataset train = request.train();
        double a = request.options().get(PSEUDO_COUNT);
        ModelSchema schema = ModelSchema.of(train, false);
        double[] rates;
        if (request.likelihood() == Likelihood.CATEGORICAL) {
            rates = new double[train.numClasses()];
            for (int y : train.labels()) {
                rates[y]++;
            }
            for (int k = 0; k < rates.length; k++) {
                rates[k] = (rates[k] + a) / (train.rows() + rates.length * a);
            }
        } else {
            double mean = 0;
            for (float t : train.targets()) {
                mean += t / train.rows();
            }
            double var = 0;
            for (float t : train.targets()) {
                var += (t - mean) * (t - mean) / train.rows();
            }
            rates = new double[] {mean, var};
        }
        Map<String, String> options = OptionValues.empty().with(PSEUDO_COUNT, a).describe();
        return new BaseRate(ModelHeader.fitted(NAME, request.likelihood(), schema, null, request.seed(), train,
                Map.of(), options), rates);
    }

    @Override
    public Posterior load(ModelDirectory directory) {
        float[] stored = directory.array("rates");
        double[] rates = new double[stored.length];
        for (int i = 0; i < rates.length; i++) {
            rates[i] = stored[i];
        }
        return new BaseRate(ModelHeader.read(directory), rates);
    }

    /** The fitted base rate: class probabilities, or mean and variance. */
    record BaseRate(ModelHeader header, double[] rates) implements Posterior {
        @Override
        public String method() {
            return header.method();
        }

        @Override
        public ModelSchema schema() {
            return header.schema();
        }

        @Override
        public Provenance provenance() {
            return header.provenance();
        }

        @Override
        public Predictive predict(Dataset inputs) {
            int n = inputs.rows();
            if (header.likelihood() == Likelihood.CATEGORICAL) {
                double[][] p = new double[n][];
                Arrays.setAll(p, i -> rates.clone());
                return ClassificationPredictive.ofPoint(p, schema().classNames());
            }
            double[] mean = new double[n];
            double[] var = new double[n];
            Arrays.fill(mean, rates[0]);
            Arrays.fill(var, rates[1]);
            return new RegressionPredictive(mean, var, new double[n]);
        }

        @Override
        public void save(Path directory) throws IOException {
            JsonObject m = header.manifest();
            m.add("hyperparameters", new JsonObject());
            float[] stored = new float[rates.length];
            for (int i = 0; i < stored.length; i++) {
                stored[i] = (float) rates[i];
            }
            ModelDirectory.write(directory, m, Map.of("rates", stored));
        }

        @Override
        public void close() {}
    }
}
