package org.bdl4j.ensemble;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bdl4j.Likelihood;
import org.bdl4j.Predictive;
import org.bdl4j.data.Dataset;
import org.bdl4j.io.ManifestCodec;
import org.bdl4j.io.ModelDirectory;
import org.bdl4j.io.ModelHeader;
import org.bdl4j.io.ModelFileException;
import org.bdl4j.method.FitRequest;
import org.bdl4j.nn.DropoutMode;
import org.bdl4j.nn.Inputs;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.PointNetworks;
import org.bdl4j.nn.NetworkOutputs;
import org.bdl4j.nn.PredictiveMoments;
import org.bdl4j.nn.Seeds;
import org.bdl4j.train.TrainingResult;
import org.bdl4j.train.HeaderPosterior;
import org.bdl4j.train.MapTrainer;

/**
 * A deep ensemble (Lakshminarayanan et al. 2017): M networks trained to their MAP from different
 * random initialisations and data orders, read as M equally weighted samples of the posterior:
 *
 * <pre>
 *   classification   p(y | x) = (1/M) Σ_m softmax(f_m(x)),   aleatoric = (1/M) Σ_m H[softmax(f_m(x))]
 *   regression       μ = (1/M) Σ_m μ_m,   σ²_a = (1/M) Σ_m σ²_m,   σ²_e = (1/M) Σ_m (μ_m - μ)²
 * </pre>
 *
 * i.e. the mean and variance σ²_a + σ²_e of the Gaussian mixture (1/M) Σ_m N(μ_m, σ²_m). The paper's
 * regression members have a heteroscedastic head trained by Gaussian NLL
 * ({@link Likelihood#HETEROSCEDASTIC_GAUSSIAN}); a homoscedastic {@link Likelihood#GAUSSIAN} member
 * uses its own fitted σ_m. The paper's optional adversarial training is the trainer's
 * {@code optAdversarialEpsilon}. Member m is seeded with {@code Seeds.derive(seed, m)} whichever way
 * the members are trained ({@link EnsembleTraining}).
 */
public final class DeepEnsemble extends HeaderPosterior implements PointNetworks {
    /** The method name in manifests and on the command line. */
    public static final String METHOD = "ensemble";

    private final List<Network> members;
    private final double[] sigmaNoise;
    private final long[] memberSeeds;
    private final JsonObject training;

    private DeepEnsemble(List<Network> members, ModelHeader header, double[] sigmaNoise, long[] memberSeeds,
            JsonObject training) {
        super(header);
        this.members = List.copyOf(members);
        Likelihood likelihood = header.likelihood();
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one member");
        }
        if (sigmaNoise.length != members.size() || memberSeeds.length != members.size()) {
            throw new IllegalArgumentException("expected " + members.size() + " noise sigmas and seeds, found "
                    + sigmaNoise.length + " and " + memberSeeds.length);
        }
        for (Network net : members) {
            if (!net.spec().equals(header.network())) {
                throw new IllegalArgumentException("a member is " + net.spec() + ", the header says "
                        + header.network());
            }
        }
        for (double s : sigmaNoise) {
            if (likelihood == Likelihood.GAUSSIAN && !(s > 0)) {
                throw new IllegalArgumentException("a Gaussian likelihood needs noise sigmas > 0, found " + s);
            }
        }
        this.sigmaNoise = sigmaNoise.clone();
        this.memberSeeds = memberSeeds.clone();
        this.training = training.deepCopy();
    }

    /**
     * Trains an ensemble end to end on {@code request}: fits the schema (and standardisation, if
     * asked) on its training rows, then trains {@link EnsembleOptions#members()} networks of its spec
     * with its trainer's settings; member m's initialisation, data order and dropout masks are seeded
     * from {@code Seeds.derive(seed, m)} with the request's seed (the trainer's own seed is not used).
     * The request's validation rows feed the trainer's early stopping / reporting (sequential training
     * only).
     */
    public static DeepEnsemble fit(FitRequest request, EnsembleOptions options) {
        Objects.requireNonNull(options, "options");
        Likelihood likelihood = request.likelihood();
        FitRequest.NetworkTables t = request.networkTables();
        MapTrainer trainer = request.trainer();
        long seed = request.seed();
        MemberTraining.Members m = MemberTraining.train(t.network(), likelihood, t.train(), t.validation(), trainer,
                seed, options);
        return of(request, options, m.networks(), m.sigmaNoise(), m.seeds(), m.mode(), m.firstResult().priorPrecision(),
                m.firstResult().weightDecay(), m.firstResult().epochs().size(), m.seconds());
    }

    /**
     * Trains member m of the ensemble that {@link #fit} with sequential training would build from this
     * request, and nothing else: for members trained apart (one per Spark task, thread or machine) and
     * joined by {@link #assemble}, which then equals that ensemble.
     */
    public static EnsembleMember trainMember(FitRequest request, int m) {
        FitRequest.NetworkTables t = request.networkTables();
        long seed = Seeds.derive(request.seed(), m);
        long t0 = System.nanoTime();
        try (Network net = Network.create(t.network(), DropoutMode.STANDARD, seed)) {
            TrainingResult r = MemberTraining.one(net, request.likelihood(), t.train(), t.validation(), request.trainer(),
                    seed);
            return new EnsembleMember(m, seed, net.parameters(), r.sigmaNoise(), r.priorPrecision(), r.weightDecay(),
                    r.epochs().size(), (System.nanoTime() - t0) / 1e9);
        }
    }

    /**
     * The ensemble of members trained apart by {@link #trainMember} on the same request: members 0 to
     * M − 1 (M = {@code options.members()}), in any order.
     *
     * @throws IllegalArgumentException if a member is missing, repeated, or was trained from another seed
     */
    public static DeepEnsemble assemble(FitRequest request, EnsembleOptions options, List<EnsembleMember> members) {
        int count = options.members();
        EnsembleMember[] byIndex = new EnsembleMember[count];
        for (EnsembleMember member : members) {
            int i = member.index();
            if (i >= count || byIndex[i] != null) {
                throw new IllegalArgumentException("member " + i + (i >= count ? " is beyond the " + count
                        + " members asked for" : " is given twice"));
            }
            if (member.seed() != Seeds.derive(request.seed(), i)) {
                throw new IllegalArgumentException("member " + i + " was trained from another seed than this request's");
            }
            byIndex[i] = member;
        }
        FitRequest.NetworkTables t = request.networkTables();
        List<Network> nets = new ArrayList<>();
        double[] sigma = new double[count];
        long[] seeds = new long[count];
        double seconds = 0;
        try {
            for (int i = 0; i < count; i++) {
                if (byIndex[i] == null) {
                    throw new IllegalArgumentException("member " + i + " of " + count + " is missing");
                }
                nets.add(Network.withParameters(t.network(), DropoutMode.STANDARD, byIndex[i].parameters(), Device.cpu()));
                sigma[i] = byIndex[i].sigmaNoise();
                seeds[i] = byIndex[i].seed();
                seconds += byIndex[i].seconds();
            }
        } catch (RuntimeException e) {
            nets.forEach(Network::close);
            throw e;
        }
        EnsembleMember first = byIndex[0];
        return of(request, options, nets, sigma, seeds, EnsembleTraining.SEQUENTIAL, first.priorPrecision(),
                first.weightDecay(), first.epochs(), seconds);
    }

    private static DeepEnsemble of(FitRequest request, EnsembleOptions options, List<Network> nets, double[] sigma,
            long[] seeds, EnsembleTraining mode, double priorPrecision, double weightDecay, int epochs,
            double seconds) {
        MapTrainer trainer = request.trainer();
        FitRequest.NetworkTables t = request.networkTables();
        try {
            JsonObject info = new JsonObject();
            info.addProperty("training", mode.cliName());
            info.addProperty("priorPrecision", priorPrecision);
            info.addProperty("weightDecay", weightDecay);
            info.addProperty("epochs", epochs);
            info.addProperty("batchSize", trainer.batchSize());
            info.addProperty("adversarialEpsilon", trainer.adversarialEpsilon());
            info.addProperty("trainRows", request.train().rows());
            info.addProperty("trainSeconds", seconds);
            ModelHeader header = ModelHeader.fitted(METHOD, request.likelihood(), t.schema(), t.network(), request.seed(),
                    request.train(), trainer.settings(), options.settings()).withWarnings(request.sizeWarnings());
            return new DeepEnsemble(nets, header, sigma, seeds, info);
        } catch (RuntimeException e) {
            nets.forEach(Network::close);
            throw e;
        }
    }

    /**
     * Records in the manifest's hyperparameters how {@link EnsembleMethod} chose the noise model: the mean
     * validation NLL of the homoscedastic and of the heteroscedastic ensemble, and this one's.
     */
    void recordNoiseChoice(double homoscedasticNll, double heteroscedasticNll) {
        JsonObject choice = new JsonObject();
        choice.addProperty("rule", "smaller mean validation NLL");
        choice.addProperty("homoscedasticValidationNll", homoscedasticNll);
        choice.addProperty("heteroscedasticValidationNll", heteroscedasticNll);
        choice.addProperty("chosen", header().likelihood().cliName());
        training.add("noiseChoice", choice);
    }

    /** The member networks (owned by this ensemble). */
    public List<Network> members() {
        return members;
    }

    @Override
    public List<Network> pointNetworks() {
        return members;
    }

    public int size() {
        return members.size();
    }

    /** s_m = {@code Seeds.derive(seed, m)} of each member (a copy). */
    public long[] memberSeeds() {
        return memberSeeds.clone();
    }

    /** The members' fitted noise σ_m in network units (NaN unless {@link Likelihood#GAUSSIAN}; a copy). */
    public double[] sigmaNoise() {
        return sigmaNoise.clone();
    }

    /** How the members were trained and with what (manifest form; a copy). */
    public JsonObject training() {
        return training.deepCopy();
    }

    /** Seconds the members' training took (NaN when unknown, e.g. after loading). */
    public double trainSeconds() {
        return training.has("trainSeconds") ? training.get("trainSeconds").getAsDouble() : Double.NaN;
    }

    @Override
    public Predictive predict(Dataset inputs) {
        Dataset x = schema().toNetworkUnits(inputs.hasTargets() ? inputs.withoutTargets() : inputs);
        int n = x.rows();
        int outputs = header().network().outputs();
        boolean keep = PredictiveMoments.keepsSamples(likelihood(), members.size(), n, outputs);
        PredictiveMoments moments = new PredictiveMoments(likelihood(), n, outputs, Double.NaN,
                keep ? members.size() : 0);
        int step = NetworkOutputs.batchRows(members.get(0).spec());
        Inputs.withoutGradients(() -> {
            for (int from = 0; from < n; from += step) {
                int to = Math.min(n, from + step);
                for (int m = 0; m < members.size(); m++) {
                    Network net = members.get(m);
                    try (NDManager batch = net.manager().newSubManager()) {
                        NDArray out = net.forward(Inputs.rows(batch, x.features(), x.featureShape(), from, to), false);
                        moments.add(out.expandDims(0), from, m, sigmaNoise[m] * sigmaNoise[m]);
                    }
                }
            }
            return null;
        });
        return moments.finish(schema());
    }

    @Override
    public void save(Path directory) throws IOException {
        JsonObject m = header().manifest();
        m.addProperty("members", members.size());
        JsonArray seeds = new JsonArray();
        for (long s : memberSeeds) {
            seeds.add(s);
        }
        m.add("memberSeeds", seeds);
        JsonObject hyper = training.deepCopy();
        if (likelihood() == Likelihood.GAUSSIAN) {
            hyper.add("sigmaNoise", ManifestCodec.doubles(sigmaNoise));
        }
        m.add("hyperparameters", hyper);
        Map<String, float[]> arrays = new LinkedHashMap<>();
        for (int i = 0; i < members.size(); i++) {
            arrays.put(arrayName(i), members.get(i).parameters());
        }
        ModelDirectory.write(directory, m, arrays);
    }

    /** Reads a directory written by {@link #save}: one array {@code member<m>} per member. */
    public static DeepEnsemble load(ModelDirectory md) {
        ModelHeader header = ModelHeader.read(md);
        int count = md.intField("members");
        if (count < 1) {
            throw new ModelFileException(md.path().resolve(ModelDirectory.MANIFEST) + ": invalid \"members\": " + count
                    + " (must be >= 1)");
        }
        long[] seeds = ManifestCodec.read(md, "memberSeeds", () -> {
            JsonArray a = md.manifest().getAsJsonArray("memberSeeds");
            if (a.size() != count) {
                throw new IllegalArgumentException(a.size() + " seeds for " + count + " members");
            }
            long[] s = new long[count];
            for (int i = 0; i < count; i++) {
                s[i] = a.get(i).getAsLong();
            }
            return s;
        });
        JsonObject hyper = md.objectField("hyperparameters");
        double[] sigma = ManifestCodec.read(md, "hyperparameters", () -> {
            double[] s = new double[count];
            java.util.Arrays.fill(s, Double.NaN);
            return header.likelihood() == Likelihood.GAUSSIAN
                    ? ManifestCodec.toDoubles(hyper.getAsJsonArray("sigmaNoise")) : s;
        });
        List<Network> nets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                String name = arrayName(i);
                float[] theta = md.array(name);
                nets.add(ManifestCodec.read(md, name, () -> Network.withParameters(header.network(),
                        DropoutMode.STANDARD, theta, Device.cpu())));
            }
            JsonObject training = hyper.deepCopy();
            training.remove("sigmaNoise");
            training.remove("trainSeconds");
            return new DeepEnsemble(nets, header, sigma, seeds, training);
        } catch (ModelFileException e) {
            nets.forEach(Network::close);
            throw e;
        } catch (RuntimeException e) {
            nets.forEach(Network::close);
            throw new ModelFileException(md.path() + ": inconsistent model: " + e.getMessage(), e);
        }
    }

    private static String arrayName(int member) {
        return "member" + member;
    }

    @Override
    public void close() {
        members.forEach(Network::close);
    }
}
