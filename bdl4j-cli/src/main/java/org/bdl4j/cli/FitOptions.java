package org.bdl4j.cli;

import java.util.Locale;
import org.bdl4j.Likelihood;
import org.bdl4j.Task;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.Architecture;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.train.MapTrainer;
import org.bdl4j.train.OptimizerKind;
import picocli.CommandLine.Option;

/** The model and training options shared by {@code fit}, {@code compare} and {@code demo}. */
final class FitOptions {
    @Option(names = "--hidden", defaultValue = "64,64", paramLabel = "SIZES",
            description = "Hidden layer widths, comma-separated; 'none' = a linear model (default: ${DEFAULT-VALUE}).")
    String hidden;

    @Option(names = "--arch", defaultValue = "auto", paramLabel = "mlp|cnn|auto",
            description = "Network family; auto = cnn for image data, else mlp (default: ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = "--activation", defaultValue = "relu", description = "relu, tanh, gelu or sigmoid (default: ${DEFAULT-VALUE}).")
    String activation;

    @Option(names = "--dropout", defaultValue = "0", paramLabel = "P", description = "Dropout rate after each hidden layer (default: ${DEFAULT-VALUE}).")
    double dropout;

    @Option(names = "--epochs", defaultValue = "100", paramLabel = "N", description = "Training epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "64", paramLabel = "N", description = "Minibatch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--lr", defaultValue = "1e-3", paramLabel = "X", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--optimizer", defaultValue = "adam", description = "adam or sgd (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--prior-precision", paramLabel = "X",
            description = "Precision λ of the Gaussian prior N(0, 1/λ) on every weight (default 1); weight decay = λ/N.")
    Double priorPrecision;

    @Option(names = "--weight-decay", paramLabel = "X", description = "Per-example weight decay instead of --prior-precision (λ = X·N).")
    Double weightDecay;

    @Option(names = "--noise", defaultValue = "homoscedastic", paramLabel = "homoscedastic|heteroscedastic",
            description = "Regression noise model (default: ${DEFAULT-VALUE}).")
    String noise;

    @Option(names = "--validation-fraction", defaultValue = "0", paramLabel = "F",
            description = "Hold out this fraction of the training rows: validation NLL (reported, --patience, laplace --prior-optimize gridsearch) (default: ${DEFAULT-VALUE}).")
    double validationFraction;

    @Option(names = "--patience", defaultValue = "0", paramLabel = "N",
            description = "Early stopping: stop after N epochs without validation improvement (needs --validation-fraction).")
    int patience;

    @Option(names = "--standardize", defaultValue = "auto", paramLabel = "auto|none",
            description = "auto: standardise features (and regression targets) on the training split (default: ${DEFAULT-VALUE}).")
    String standardize;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
    long seed;

    /** Validates the combination of options; messages name the option and the value. */
    void validate() {
        if (!(dropout >= 0 && dropout < 1)) {
            throw new CliException("--dropout must be in [0, 1), found " + dropout);
        }
        if (epochs <= 0) {
            throw new CliException("--epochs must be > 0, found " + epochs);
        }
        if (batchSize <= 0) {
            throw new CliException("--batch-size must be > 0, found " + batchSize);
        }
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new CliException("--lr must be > 0, found " + lr);
        }
        if (priorPrecision != null && weightDecay != null) {
            throw new CliException("give --prior-precision or --weight-decay, not both");
        }
        if (priorPrecision != null && !(priorPrecision >= 0 && Double.isFinite(priorPrecision))) {
            throw new CliException("--prior-precision must be >= 0, found " + priorPrecision);
        }
        if (weightDecay != null && !(weightDecay >= 0 && Double.isFinite(weightDecay))) {
            throw new CliException("--weight-decay must be >= 0, found " + weightDecay);
        }
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new CliException("--validation-fraction must be in [0, 1), found " + validationFraction);
        }
        if (patience < 0) {
            throw new CliException("--patience must be >= 0, found " + patience);
        }
        if (patience > 0 && validationFraction == 0) {
            throw new CliException("--patience needs a validation split: add --validation-fraction F");
        }
        standardize();
        hiddenSizes();
        optimizerKind();
        try {
            Activation.parse(activation);
        } catch (IllegalArgumentException e) {
            throw new CliException("--" + e.getMessage());
        }
    }

    boolean standardize() {
        switch (standardize.toLowerCase(Locale.ROOT)) {
            case "auto":
                return true;
            case "none":
                return false;
            default:
                throw new CliException("--standardize must be 'auto' or 'none', found '" + standardize + "'");
        }
    }

    int[] hiddenSizes() {
        String h = hidden.trim();
        if (h.equalsIgnoreCase("none") || h.isEmpty()) {
            return new int[0];
        }
        String[] parts = h.split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                out[i] = -1;
            }
            if (out[i] <= 0) {
                throw new CliException("--hidden must be positive integers separated by commas or 'none', found '"
                        + hidden + "'");
            }
        }
        return out;
    }

    OptimizerKind optimizerKind() {
        try {
            return OptimizerKind.parse(optimizer);
        } catch (IllegalArgumentException e) {
            throw new CliException("--" + e.getMessage());
        }
    }

    Likelihood likelihood(Task task) {
        if (task == Task.CLASSIFICATION) {
            return Likelihood.CATEGORICAL;
        }
        switch (noise.toLowerCase(Locale.ROOT)) {
            case "homoscedastic":
                return Likelihood.GAUSSIAN;
            case "heteroscedastic":
                return Likelihood.HETEROSCEDASTIC_GAUSSIAN;
            default:
                throw new CliException("--noise must be 'homoscedastic' or 'heteroscedastic', found '" + noise + "'");
        }
    }

    /** The network for inputs of {@code shape}; outputs are set by the likelihood when fitting. */
    NetworkSpec network(int[] shape) {
        Activation act = Activation.parse(activation);
        Architecture a;
        switch (arch.toLowerCase(Locale.ROOT)) {
            case "auto":
                a = shape.length == 3 && shape[1] >= 12 && shape[2] >= 12 ? Architecture.CNN : Architecture.MLP;
                break;
            case "mlp":
                a = Architecture.MLP;
                break;
            case "cnn":
                a = Architecture.CNN;
                if (shape.length != 3) {
                    throw new CliException("--arch cnn needs image data (channels x height x width), the data has "
                            + shape.length + "-d rows");
                }
                break;
            default:
                throw new CliException("--arch must be mlp, cnn or auto, found '" + arch + "'");
        }
        if (a == Architecture.CNN) {
            return new NetworkSpec(Architecture.CNN, shape, hiddenSizes().length == 0 ? new int[] {120, 84}
                    : hiddenSizes(), new int[] {6, 16}, act, (float) dropout, 1);
        }
        return NetworkSpec.mlp(shape, hiddenSizes(), act, (float) dropout, 1);
    }

    /** The MAP trainer; {@code adversarialEpsilon} > 0 adds fast-gradient-sign training (ensembles). */
    MapTrainer trainer(org.bdl4j.train.TrainingListener listener, double adversarialEpsilon) {
        MapTrainer.Builder b = MapTrainer.builder().optEpochs(epochs).optBatchSize(batchSize).optLearningRate(lr)
                .optOptimizer(optimizerKind()).optSeed(seed).optPatience(patience);
        if (weightDecay != null) {
            b.optWeightDecay(weightDecay);
        } else {
            b.optPriorPrecision(priorPrecision == null ? 1.0 : priorPrecision);
        }
        if (listener != null) {
            b.addListener(listener);
        }
        if (adversarialEpsilon > 0) {
            b.optAdversarialEpsilon(adversarialEpsilon);
        }
        return b.build();
    }
}
