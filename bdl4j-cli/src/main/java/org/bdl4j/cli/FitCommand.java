package org.bdl4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.bdl4j.Posterior;
import org.bdl4j.data.Task;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.Methods;
import org.bdl4j.method.PosteriorMethod;
import org.bdl4j.method.Posteriors;
import org.bdl4j.method.RequestOptions;
import org.bdl4j.nn.NetworkOptions;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.options.InvalidOptionException;
import org.bdl4j.options.OptionDescriptor;
import org.bdl4j.options.OptionValues;
import org.bdl4j.train.HeaderPosterior;
import org.bdl4j.train.MapPosterior;
import org.bdl4j.train.TrainingOptions;
import org.bdl4j.usermodel.UserModel;
import org.bdl4j.usermodel.UserModelEnsemble;
import org.bdl4j.usermodel.UserModelFit;
import org.bdl4j.ensemble.EnsembleMethod;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code bdl4j fit}: fits one method's posterior and saves it as a model directory. The method and
 * its options come from the method registry ({@link DescriptorOptions}); nothing here knows a method.
 */
@Command(name = "fit", mixinStandardHelpOptions = true, sortOptions = false, modelTransformer = DescriptorOptions.class,
        description = "Fit a posterior on a data set and save it to a model directory.")
final class FitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TrainingSource source;

    @Option(names = "--method", defaultValue = "map", paramLabel = "NAME",
            description = "The method, one of the list below (default: ${DEFAULT-VALUE}).")
    String method;

    @Mixin
    ModelOutput output;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Option(names = "--from", paramLabel = "MODEL",
            description = "Start a post-hoc method from this saved map model instead of training one (its network"
                    + " and standardisation are used; --prior-precision applies to the method).")
    Path from;

    @Mixin
    UserModelSource userModel;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        output.check();
        PosteriorMethod m = Methods.get(method);
        OptionValues given = DescriptorOptions.given(spec);
        DescriptorOptions.checkApplicable(given, List.of(m));
        long seed = given.get(RequestOptions.SEED);
        userModel.checkAlone(spec);
        if (userModel.given()) {
            return fitUserModel(m, given, seed);
        }
        MapPosterior base = from == null ? null : loadBase(m, given);
        try {
            TrainingData td = base == null ? source.load(seed)
                    : TrainingData.forModel(source.data, base.schema(), seed);
            FitRequest.Builder b = FitRequest.fromOptions(td.train(), null, given);
            if (base != null) {
                b.base(base).likelihood(base.likelihood());
            }
            if (!quiet) {
                b.progress(new TrainingProgress("fit " + m.name(), System.err));
            }
            FitRequest request = b.build();
            NetworkSpec net = base != null ? base.network().spec() : request.network().withOutputs(
                    request.likelihood().outputs(td.train().numClasses()));
            return fitAndSave(request, td, "network " + net.describe(), r -> Methods.fit(m, r));
        } finally {
            if (base != null) {
                base.close();
            }
        }
    }

    /**
     * The {@code --from} model: a map model, for a method that starts from one. The options that
     * shape or train that network no longer apply and are refused; {@code --prior-precision} applies
     * to the method.
     */
    private MapPosterior loadBase(PosteriorMethod m, OptionValues given) {
        for (OptionDescriptor<?> d : FitRequest.OPTIONS) {
            boolean trains = NetworkOptions.ALL.contains(d) || TrainingOptions.ALL.contains(d)
                    || d == RequestOptions.NOISE || d == RequestOptions.STANDARDIZE;
            if (trains && d != TrainingOptions.PRIOR_PRECISION && given.isSet(d)) {
                throw new InvalidOptionException(d.name(), "{" + d.name() + "} does not apply with --from (the map"
                        + " model is trained already)");
            }
        }
        if (!m.startsFromMap()) {
            throw new CliException("--from applies to the methods that start from a map model ("
                    + String.join(", ", Methods.all().stream().filter(PosteriorMethod::startsFromMap)
                            .map(PosteriorMethod::name).toList()) + "), found --method " + m.name());
        }
        Posterior loaded = Posteriors.load(from);
        if (loaded instanceof MapPosterior map) {
            return map;
        }
        String found = loaded.method();
        loaded.close();
        throw new CliException("--from " + from + ": " + m.name() + " starts from a map model, found a " + found
                + " model");
    }

    /** {@code --model-file}: the method fits the last layer of the user's network. */
    private int fitUserModel(PosteriorMethod m, OptionValues given, long seed) throws java.io.IOException {
        if (from != null) {
            throw new CliException("give --from or --model-file, not both");
        }
        userModel.checkApplicable(given);
        TrainingData td = source.load(seed);
        FitRequest.Builder b = FitRequest.fromOptions(td.train(), null, given, false);
        if (!quiet) {
            b.progress(new TrainingProgress("fit " + m.name(), System.err));
        }
        FitRequest request = b.build();
        if (userModel.several()) {
            if (!(m instanceof EnsembleMethod)) {
                throw new CliException("several --model-file make an ensemble of those networks: give --method"
                        + " ensemble, found --method " + m.name());
            }
            List<UserModel> members = userModel.loadAll();
            try {
                return fitAndSave(request, td, "networks " + userModel.describe(), r -> UserModelEnsemble.of(members, r));
            } finally {
                members.forEach(UserModel::close);
            }
        }
        try (UserModel model = userModel.load()) {
            return fitAndSave(request, td, "network " + userModel.describe(), r -> UserModelFit.fit(model, m, r));
        }
    }

    /**
     * @param network the network in words for the output line (bdl4j's, or the user's file)
     */
    private int fitAndSave(FitRequest request, TrainingData td, String network, Function<FitRequest, Posterior> fit)
            throws java.io.IOException {
        PrintWriter o = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        try (Posterior post = fit.apply(request)) {
            double seconds = (System.nanoTime() - t0) / 1e9;
            post.save(output.out);
            PrintWriter err = spec.commandLine().getErr();
            post.provenance().warnings().forEach(w -> err.println("bdl4j: warning: " + w));
            String described = network;
            if (post instanceof HeaderPosterior h && h.likelihood() != request.likelihood()) {
                err.println("bdl4j: " + post.method() + " chose the " + h.likelihood().cliName()
                        + " likelihood on the validation rows (--noise fixes it)");
                described = "network " + h.header().network().describe(); // its outputs follow the likelihood
            }
            err.flush();
            o.printf(Locale.ROOT, "fitted %s on %s: %s, %s, task %s; %s; %.1f s; saved to %s%n", post.method(),
                    td.source(), TrainingData.describeRows(request), post.schema().task() == Task.CLASSIFICATION
                            ? post.schema().numClasses() + " classes" : "target '" + post.schema().targetName() + "'",
                    td.task().describe(), described, seconds, output.out);
        }
        return 0;
    }
}
