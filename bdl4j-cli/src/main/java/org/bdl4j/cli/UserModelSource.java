package org.bdl4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.RequestOptions;
import org.bdl4j.nn.NetworkOptions;
import org.bdl4j.options.InvalidOptionException;
import org.bdl4j.options.OptionDescriptor;
import org.bdl4j.options.OptionValues;
import org.bdl4j.usermodel.LastLayerFile;
import org.bdl4j.usermodel.LinearLayer;
import org.bdl4j.usermodel.OutputSelection;
import org.bdl4j.usermodel.UserModel;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * A network trained elsewhere whose last layer the method fits: {@code --model-file},
 * {@code --logits-output}, {@code --features-output}, and {@code --last-layer} for a feature extractor
 * whose last layer is a file of its own.
 */
final class UserModelSource {
    @Option(names = "--model-file", paramLabel = "FILE", split = ",",
            description = "A network trained elsewhere (TorchScript, or ONNX named *.onnx): it is frozen and the method"
                    + " fits its last layer (the network options do not apply). Several files, comma-separated, with"
                    + " --method ensemble: the ensemble of those networks.")
    List<Path> files;

    @Option(names = "--logits-output", paramLabel = "N", defaultValue = "0",
            description = "With --model-file: the output (from 0) holding the logits, or the mean for regression"
                    + " (default: ${DEFAULT-VALUE}).")
    int predictions;

    @Option(names = "--features-output", paramLabel = "N",
            description = "With --model-file: the output holding the last layer's input features (default: the other"
                    + " output of a network that returns two; 0 with --last-layer).")
    Integer features;

    @Option(names = "--last-layer", paramLabel = "FILE",
            description = "With --model-file: the network is a feature extractor and this file its last layer, as"
                    + " TorchScript (the layer alone) or CSV (one row per output: its weights, then its bias).")
    Path lastLayer;

    boolean given() {
        return files != null && !files.isEmpty();
    }

    /** The file names, for messages. */
    String describe() {
        return String.join(", ", files.stream().map(f -> String.valueOf(f.getFileName())).toList());
    }

    /** Whether several files were given (an ensemble of the user's networks). */
    boolean several() {
        return given() && files.size() > 1;
    }

    /**
     * Checks the options given with {@code --model-file}: those that shape or standardise the network
     * bdl4j would train do not apply.
     */
    void checkApplicable(OptionValues given) {
        for (OptionDescriptor<?> d : FitRequest.OPTIONS) {
            if ((NetworkOptions.ALL.contains(d) || d == RequestOptions.STANDARDIZE) && given.isSet(d)) {
                throw new InvalidOptionException(d.name(), "{" + d.name() + "} does not apply with --model-file (the"
                        + " network is the file's)");
            }
        }
    }

    /** Loads the network (the one file). */
    UserModel load() {
        if (several()) {
            throw new CliException("--model-file: several files make an ensemble of the networks (fit --method"
                    + " ensemble); here give one");
        }
        return load(files.get(0));
    }

    /** Loads every file; on failure none stays open. */
    List<UserModel> loadAll() {
        List<UserModel> out = new java.util.ArrayList<>();
        try {
            for (Path f : files) {
                out.add(load(f));
            }
            return out;
        } catch (RuntimeException e) {
            out.forEach(UserModel::close);
            throw e;
        }
    }

    private UserModel load(Path file) {
        if (lastLayer != null) {
            return loadFeatureExtractor(file);
        }
        OutputSelection outputs;
        try {
            outputs = new OutputSelection(predictions, features == null ? OptionalInt.empty()
                    : OptionalInt.of(features));
        } catch (IllegalArgumentException e) {
            throw new CliException("--features-output " + features + ": " + e.getMessage());
        }
        try {
            return UserModel.load(file, outputs);
        } catch (IllegalArgumentException e) {
            throw new CliException("--model-file " + e.getMessage());
        }
    }

    private UserModel loadFeatureExtractor(Path file) {
        LinearLayer layer;
        try {
            layer = LastLayerFile.read(lastLayer);
        } catch (IllegalArgumentException e) {
            throw new CliException("--last-layer " + e.getMessage());
        }
        if (features != null && features < 0) {
            throw new CliException("--features-output " + features + ": the output index must be >= 0");
        }
        try {
            return UserModel.loadFeatureExtractor(file, features == null ? 0 : features, layer);
        } catch (IllegalArgumentException e) {
            throw new CliException("--model-file " + e.getMessage());
        }
    }

    /**
     * Complains about {@code --logits-output}/{@code --features-output}/{@code --last-layer} given without
     * a file, about {@code --logits-output} with {@code --last-layer} (the logits are the layer's), and
     * about {@code --last-layer} with several files.
     */
    void checkAlone(CommandSpec spec) {
        for (String option : List.of("--logits-output", "--features-output", "--last-layer")) {
            if (!given() && spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new CliException(option + " applies only with --model-file");
            }
        }
        if (lastLayer != null && spec.commandLine().getParseResult().hasMatchedOption("--logits-output")) {
            throw new CliException("--logits-output does not apply with --last-layer: the logits are that layer's");
        }
        if (lastLayer != null && several()) {
            throw new CliException("--last-layer goes with one --model-file, the feature extractor; found "
                    + files.size() + " files");
        }
    }
}
