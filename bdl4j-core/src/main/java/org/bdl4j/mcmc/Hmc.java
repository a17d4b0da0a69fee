package org.bdl4j.mcmc;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import org.bdl4j.Likelihood;
import org.bdl4j.data.Dataset;
import org.bdl4j.io.ModelHeader;
import org.bdl4j.math.Vectors;
import org.bdl4j.metrics.PredictiveReports;
import org.bdl4j.nn.DropoutMode;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.NetworkOutputs;
import org.bdl4j.nn.OutputHeads;
import org.bdl4j.nn.Seeds;
import org.bdl4j.nn.TaskPool;
import org.bdl4j.options.EnumNames;
import org.bdl4j.options.OptionValues;
import org.bdl4j.train.FitChecks;
import org.bdl4j.train.MapPosterior;

/**
 * Full-batch Hamiltonian Monte Carlo (Neal 2011) for small networks: the reference posterior.
 *
 * <p>Target exp(-U(θ)) with U(θ) = Σ_{n=1}^{N} -log p(y_n | x_n, θ) + (1/2) Σ_i λ_i θ_i² over the
 * whole training set (no minibatches), under the Gaussian prior of {@link SamplerPrior} (by default
 * chosen on the validation rows between the MAP's N(0, 1/λ) and fan-in scaled priors); identity
 * mass matrix, momentum r ~ N(0, I), H = U(θ) + ‖r‖²/2. Each iteration runs L leapfrog steps
 *
 * <pre>
 *   r ← r - (ε/2)∇U(θ);   θ ← θ + ε r;   r ← r - (ε/2)∇U(θ)
 * </pre>
 *
 * and accepts with probability min(1, exp(H_old - H_new)). During warm-up ε is adapted by dual
 * averaging (Hoffman &amp; Gelman 2014, Alg. 5; μ = log 10ε₀, γ = 0.05, t₀ = 10, κ = 0.75) towards a
 * target acceptance δ; afterwards it is fixed at the averaged ε̄. Each iteration's ε is jittered
 * uniformly in [0.8ε, 1.2ε] against periodic trajectories (Neal 2011, §5.4.2.2).
 *
 * <p>C chains, each with its own random stream ({@code Seeds.derive(seed, c)}) and its own adapted ε,
 * start at the MAP weights ({@link Start#MAP}) or at their own draws from the prior
 * ({@link Start#PRIOR}: overdispersed starts, which make R̂ a stronger check, Gelman &amp; Rubin
 * 1992). They advance in lockstep, so that for MLPs one batched forward and backward evaluates ∇U
 * for all of them ({@link ChainPotential}).
 *
 * <p>Diagnostics (split R̂ and effective sample size, {@link ChainDiagnostics}; worst case over the
 * quantities): on the predictions f(x*) at a few fixed inputs (class probabilities, or the regression
 * outputs) and on the log posterior -U(θ). These are the quantities to judge mixing by: the weights
 * of a network are not identifiable (hidden units can be permuted and, for odd activations such as
 * tanh, flipped in sign without changing f), so chains that agree on every prediction can still
 * disagree on every weight (Izmailov, Vikram, Hoffman &amp; Wilson, "What are Bayesian neural network
 * posteriors really like?", ICML 2021, §4). R̂ and ESS of the raw weights (at most
 * {@value #MAX_DIAGNOSED}, evenly spaced) are reported beside them for identifiable models such as
 * linear regression. The Gaussian likelihood's σ stays at the MAP's (fixed, known noise). Dropout is
 * off.
 */
public final class Hmc {
    /** The method name in manifests and on the command line. */
    public static final String METHOD = "hmc";
    /** At most this many parameters (evenly spaced in θ) enter R̂ and ESS, to bound memory. */
    public static final int MAX_DIAGNOSED = 2000;
    /** Training rows whose predictions are diagnosed when no diagnostic inputs are set. */
    public static final int DEFAULT_DIAGNOSTIC_INPUTS = 16;
    /** Split R̂ above this is a warning. */
    public static final double MAX_RHAT = 1.1;
    /** An effective sample size below this is a warning. */
    public static final int MIN_ESS = 50;

    private final double initialStepSize;
    private final int leapfrogSteps;
    private final int warmup;
    private final int draws;
    private final int chains;
    private final int thinning;
    private final double targetAcceptance;
    private final SamplerPrior prior;
    private final Dataset diagnosticInputs;
    private final Start start;
    private final long seed;

    private Hmc(Builder b) {
        initialStepSize = b.initialStepSize;
        leapfrogSteps = b.leapfrogSteps;
        warmup = b.warmup;
        draws = b.draws;
        chains = b.chains;
        thinning = b.thinning;
        targetAcceptance = b.targetAcceptance;
        prior = b.prior;
        diagnosticInputs = b.diagnosticInputs;
        start = b.start;
        seed = b.seed;
    }

    /** Where the chains start. */
    public enum Start {
        /** Every chain at the MAP weights. */
        MAP,
        /** Chain c at its own draw from the prior (needs every λ_i &gt; 0). */
        PRIOR;

        public String cliName() {
            return EnumNames.of(this);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** These settings by option name (for model files) with the prior sampled under; draws per chain included. */
    private java.util.Map<String, String> settings(GaussianWeightPrior chosen) {
        OptionValues v = OptionValues.empty().with(HmcMethod.CHAINS, chains)
                .with(HmcMethod.DRAWS, draws).with(HmcMethod.WARMUP, warmup)
                .with(HmcMethod.LEAPFROG_STEPS, leapfrogSteps).with(HmcMethod.STEP_SIZE, initialStepSize)
                .with(HmcMethod.TARGET_ACCEPTANCE, targetAcceptance).with(HmcMethod.THINNING, thinning)
                .with(HmcMethod.START, start);
        return SamplerPrior.describe(v, chosen);
    }

    /** Runs the chains from {@code map}'s weights on {@code train} (user units); {@code map} stays open. */
    public SampleEnsemblePosterior fit(MapPosterior map, Dataset train) {
        return fit(map, train, null);
    }

    /**
     * As {@link #fit(MapPosterior, Dataset)}, with {@code validation} rows (may be null): they choose
     * the prior when it is {@linkplain SamplerPrior automatic}, and a warning says if the kept samples
     * predict them clearly worse than the MAP ({@link FitChecks#worseOnValidation}): HMC samples the
     * posterior of its prior faithfully, so a predictive worse than the mode's says the prior does not
     * suit the network (or the chains have not mixed), not that HMC failed. The chains run in
     * contiguous groups on the workers of {@link TaskPool}, one {@link #runChains share} per worker; a
     * chain depends only on its index, so the draws do not depend on the number of workers.
     */
    public SampleEnsemblePosterior fit(MapPosterior map, Dataset train, Dataset validation) {
        boolean validated = validation != null && validation.rows() > 0;
        int groups = TaskPool.workers(chains);
        List<ChainShare> shares = TaskPool.map(groups, g -> {
            int first = g * chains / groups;
            return runChains(map, train, validated, first, (g + 1) * chains / groups - first);
        }, share -> {});
        return fit(map, train, validation, shares);
    }

    /**
     * One machine's share of a fit split by chains: chains {@code first} to {@code first + count - 1} of
     * the C this HMC runs, under every candidate prior (those of {@code validated}: whether the fit will
     * have validation rows). A chain depends only on its index (its random stream {@code
     * Seeds.derive(seed, c)}), its prior and the training rows, not on the chains run beside it, so the
     * shares of disjoint chains, run anywhere, make up the run {@link #fit(MapPosterior, Dataset,
     * Dataset)} makes in one place ({@link #fit(MapPosterior, Dataset, Dataset, List)}).
     */
    public ChainShare runChains(MapPosterior map, Dataset train, boolean validated, int first, int count) {
        Objects.requireNonNull(map, "map");
        if (first < 0 || count < 1 || first + count > chains) {
            throw new IllegalArgumentException("chains " + first + " to " + (first + count - 1) + " of " + chains);
        }
        checkDiagnosticInputs();
        Dataset data = map.schema().toNetworkUnits(train);
        try (Network net = map.network().copy(DropoutMode.STANDARD)) {
            Dataset probe = probe(map, train);
            List<GaussianWeightPrior> candidates = prior.candidates(map, net, validated);
            return runAll(candidates, map, net, data, probe, first, count);
        }
    }

    /**
     * The posterior from the {@link #runChains shares} of all C chains (any order, each chain once), as
     * {@link #fit(MapPosterior, Dataset, Dataset)} builds it: each candidate prior's draws pooled over
     * the chains and diagnosed, and the prior with the lowest validation NLL kept.
     *
     * @throws IllegalArgumentException if the shares miss or repeat a chain, or ran under other priors
     */
    public SampleEnsemblePosterior fit(MapPosterior map, Dataset train, Dataset validation, List<ChainShare> shares) {
        Objects.requireNonNull(map, "map");
        checkDiagnosticInputs();
        Dataset data = map.schema().toNetworkUnits(train);
        Network net = map.network().copy(DropoutMode.STANDARD);
        try {
            Dataset probe = probe(map, train);
            boolean validated = validation != null && validation.rows() > 0;
            List<GaussianWeightPrior> candidates = prior.candidates(map, net, validated);
            List<ChainShare> ordered = ChainShare.inOrder(shares, chains, candidates);
            List<SamplerPrior.Run> runs = new ArrayList<>();
            for (int i = 0; i < candidates.size(); i++) {
                runs.add(diagnosed(candidates.get(i), CandidateTraces.joined(ordered, i),
                        ChainShare.stepSizes(ordered, i), map, net, data, probe, validated ? validation : null));
            }
            SamplerPrior.Run best = SamplerPrior.best(runs);
            ModelHeader header = map.header().derive(METHOD, train, settings(best.prior()))
                    .withWarnings(best.warnings());
            return new SampleEnsemblePosterior(net, header, map.sigmaNoise(), best.samples(), best.info());
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
    }

    private void checkDiagnosticInputs() {
        if (diagnosticInputs != null && diagnosticInputs.rows() == 0) {
            throw new IllegalArgumentException("diagnostic inputs must have rows, found 0");
        }
    }

    /** The diagnostic inputs in network units: those given, else a few training rows. */
    private Dataset probe(MapPosterior map, Dataset train) {
        return map.schema().toNetworkUnits(diagnosticInputs != null ? diagnosticInputs.withoutTargets()
                : defaultDiagnosticInputs(train).withoutTargets());
    }

    /**
     * Chains {@code first..first+count-1} under each of K candidate priors, from the MAP (or prior
     * draws), advanced together as K·count chains of one batched potential (chain j under candidate
     * j / count, with the random stream of chain first + j mod count, so that every candidate sees the
     * same momenta and the comparison is paired).
     */
    private ChainShare runAll(List<GaussianWeightPrior> candidates, MapPosterior map, Network net,
            Dataset data, Dataset probe, int first, int count) {
        int k = candidates.size();
        int total = k * count;
        float[] mapTheta = net.parameters();
        GaussianWeightPrior[] chainPriors = new GaussianWeightPrior[total];
        SplittableRandom[] rng = new SplittableRandom[total];
        float[][] starts = new float[total][];
        for (int j = 0; j < total; j++) {
            GaussianWeightPrior p = candidates.get(j / count);
            if (start == Start.PRIOR && !p.proper()) {
                throw new IllegalArgumentException("chains started from the prior need a proper prior (every"
                        + " precision > 0), found " + p.describe());
            }
            chainPriors[j] = p;
            rng[j] = new SplittableRandom(Seeds.derive(seed, first + j % count));
            starts[j] = start == Start.PRIOR ? p.draw(rng[j]) : mapTheta.clone();
        }
        try (ChainPotential u = ChainPotential.of(net, map.likelihood(), data, map.sigmaNoise(), chainPriors)) {
            HmcChains state = new HmcChains(u, starts, rng, leapfrogSteps);
            double[] stepSizes = state.warmup(initialStepSize, warmup, targetAcceptance);
            int[] watched = watched(mapTheta.length);
            List<CandidateTraces> traces = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                traces.add(new CandidateTraces(watched.length, count, draws));
            }
            for (int d = 0; d < draws; d++) {
                for (int t = 0; t < thinning; t++) {
                    state.iterate(stepSizes);
                    for (int j = 0; j < total; j++) {
                        traces.get(j / count).accepted += state.lastAccepted(j) ? 1 : 0;
                    }
                }
                for (int j = 0; j < total; j++) {
                    float[] theta = state.theta(j);
                    traces.get(j / count).record(j % count, d, theta, watched, -state.energy(j),
                            functionValues(net, theta, probe, map.likelihood()));
                }
            }
            List<String> priors = new ArrayList<>();
            List<double[]> eps = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                priors.add(candidates.get(i).describe());
                eps.add(java.util.Arrays.copyOfRange(stepSizes, i * count, (i + 1) * count));
            }
            return new ChainShare(first, count, priors, traces, eps);
        }
    }

    /** One candidate's samples with its diagnostics, warnings and validation NLL. */
    private SamplerPrior.Run diagnosed(GaussianWeightPrior weightPrior, CandidateTraces t, double[] stepSizes,
            MapPosterior map, Network net, Dataset data, Dataset probe, Dataset validation) {
        List<float[]> samples = new ArrayList<>();
        t.kept.forEach(samples::addAll);
        ChainTraces functions = t.functions;
        JsonObject info = new JsonObject();
        if (weightPrior.family() == SamplerPrior.Family.UNIFORM) {
            info.addProperty("priorPrecision", weightPrior.value());
        }
        info.addProperty("leapfrogSteps", leapfrogSteps);
        info.addProperty("warmup", warmup);
        info.addProperty("chains", chains);
        info.addProperty("drawsPerChain", draws);
        info.addProperty("thinning", thinning);
        info.addProperty("start", start.cliName());
        info.addProperty("targetAcceptance", targetAcceptance);
        info.addProperty("stepSize", Vectors.mean(stepSizes));
        info.addProperty("acceptanceRate", t.accepted / ((double) chains * draws * thinning));
        info.addProperty("diagnosticInputs", probe.rows());
        info.addProperty("maxSplitRhatPredictions", functions.worstSplitRhat());
        info.addProperty("minEssPredictions", functions.minEffectiveSampleSize());
        info.addProperty("splitRhatLogPosterior", t.logPosterior.worstSplitRhat());
        info.addProperty("essLogPosterior", t.logPosterior.minEffectiveSampleSize());
        info.addProperty("maxSplitRhatWeights", t.weights.worstSplitRhat());
        info.addProperty("minEssWeights", t.weights.minEffectiveSampleSize());
        info.addProperty("trainRows", data.rows());
        List<String> warnings = new ArrayList<>(mixingWarnings(functions.worstSplitRhat(),
                functions.minEffectiveSampleSize()));
        double validationNll = Double.NaN;
        if (validation != null) {
            double[] rows = SampleEnsemblePosterior.validationNll(map, net, samples, validation);
            double[] mapRows = PredictiveReports.rowNll(map.predict(validation), validation);
            validationNll = Vectors.mean(rows);
            info.addProperty("validationNll", validationNll);
            info.addProperty("mapValidationNll", Vectors.mean(mapRows));
            warnings.addAll(FitChecks.worseOnValidation("HMC's samples", rows, mapRows, String.format(Locale.ROOT,
                    "the prior %s does not suit this network (too wide over-fits, too narrow under-fits); try"
                            + " another --weight-prior, --prior-precision or --prior-scale",
                    weightPrior.describe())));
        }
        return new SamplerPrior.Run(weightPrior, samples, info, warnings, validationNll);
    }

    /**
     * Warnings when the chains have not mixed on the predictions: split R̂ above {@value #MAX_RHAT}, or
     * an effective sample size below {@value #MIN_ESS} (Vehtari et al. 2021's thresholds).
     */
    static List<String> mixingWarnings(double rhat, double ess) {
        List<String> out = new ArrayList<>();
        if (rhat > MAX_RHAT) {
            out.add(String.format(java.util.Locale.ROOT, "HMC's chains have not mixed: the split R-hat of the"
                    + " predictions is %.3g > %s; raise --hmc-warmup or --samples, or use more --hmc-chains", rhat,
                    MAX_RHAT));
        }
        if (ess < MIN_ESS) {
            out.add(String.format(java.util.Locale.ROOT, "HMC's effective sample size of the predictions is %.3g"
                    + " < %d: the predictive is noisy; raise --samples or --hmc-thinning", ess, MIN_ESS));
        }
        return out;
    }

    /** The parameters whose chains are diagnosed: all, or at most {@value #MAX_DIAGNOSED} evenly spaced. */
    private static int[] watched(int p) {
        int k = Math.min(p, MAX_DIAGNOSED);
        int[] idx = new int[k];
        for (int i = 0; i < k; i++) {
            idx[i] = (int) ((long) i * p / k);
        }
        return idx;
    }

    /** Up to {@value #DEFAULT_DIAGNOSTIC_INPUTS} training rows, evenly spaced through the table. */
    private static Dataset defaultDiagnosticInputs(Dataset train) {
        int k = Math.min(train.rows(), DEFAULT_DIAGNOSTIC_INPUTS);
        int[] rows = new int[k];
        for (int i = 0; i < k; i++) {
            rows[i] = (int) ((long) i * train.rows() / k);
        }
        return train.subset(rows);
    }

    /**
     * The function-space quantities of θ at the diagnostic inputs (network units): the class
     * probabilities for classification, the raw network outputs for regression (the mean, and the
     * variance head's raw output for the heteroscedastic likelihood); row-major, inputs x outputs.
     */
    private static double[] functionValues(Network net, float[] theta, Dataset x, Likelihood likelihood) {
        net.setParameters(theta);
        int n = x.rows();
        float[] out = NetworkOutputs.compute(net, x.features(), x.featureShape(), n, false);
        if (likelihood == Likelihood.CATEGORICAL) {
            int c = net.spec().outputs();
            double[][] p = OutputHeads.softmaxDouble(out, n, c);
            double[] flat = new double[n * c];
            for (int i = 0; i < n; i++) {
                System.arraycopy(p[i], 0, flat, i * c, c);
            }
            return flat;
        }
        double[] flat = new double[out.length];
        for (int i = 0; i < out.length; i++) {
            flat[i] = out[i];
        }
        return flat;
    }

    /**
     * Options; defaults: initial ε 1e-3 (adapted), L = 20 leapfrog steps, 300 warm-up iterations,
     * 2 chains of 100 draws started at the MAP, thinning 1, target acceptance 0.8, the prior chosen by
     * {@link SamplerPrior#auto()}, {@value #DEFAULT_DIAGNOSTIC_INPUTS} training rows as diagnostic inputs, seed 0.
     */
    public static final class Builder {
        private double initialStepSize = HmcMethod.STEP_SIZE.defaultValue();
        private int leapfrogSteps = HmcMethod.LEAPFROG_STEPS.defaultValue();
        private int warmup = HmcMethod.WARMUP.defaultValue();
        private int draws = HmcMethod.DRAWS.defaultValue();
        private int chains = HmcMethod.CHAINS.defaultValue();
        private int thinning = HmcMethod.THINNING.defaultValue();
        private double targetAcceptance = HmcMethod.TARGET_ACCEPTANCE.defaultValue();
        private SamplerPrior prior = SamplerPrior.auto();
        private Dataset diagnosticInputs;
        private Start start = HmcMethod.START.defaultValue();
        private long seed;

        private Builder() {}

        public Builder optInitialStepSize(double eps) {
            this.initialStepSize = eps;
            return this;
        }

        public Builder optLeapfrogSteps(int steps) {
            this.leapfrogSteps = steps;
            return this;
        }

        /** Warm-up iterations per chain (step-size adaptation; discarded). */
        public Builder optWarmup(int iterations) {
            this.warmup = iterations;
            return this;
        }

        /** Kept draws per chain. */
        public Builder optDraws(int draws) {
            this.draws = draws;
            return this;
        }

        public Builder optChains(int chains) {
            this.chains = chains;
            return this;
        }

        /** HMC iterations per kept draw. */
        public Builder optThinning(int thinning) {
            this.thinning = thinning;
            return this;
        }

        /** δ of dual averaging, in (0, 1). */
        public Builder optTargetAcceptance(double delta) {
            this.targetAcceptance = delta;
            return this;
        }

        /** The uniform prior N(0, 1/λ) with this λ, as {@code optPrior(SamplerPrior.of(UNIFORM, λ, null))}. */
        public Builder optPriorPrecision(double lambda) {
            this.prior = SamplerPrior.of(SamplerPrior.Family.UNIFORM, lambda, null);
            return this;
        }

        /** The prior sampled under; default: {@link SamplerPrior#auto()}. */
        public Builder optPrior(SamplerPrior prior) {
            this.prior = Objects.requireNonNull(prior, "prior");
            return this;
        }

        /** Where the chains start: all at the MAP (default) or each at its own prior draw. */
        public Builder optStart(Start start) {
            this.start = Objects.requireNonNull(start, "start");
            return this;
        }

        /**
         * The inputs x* (user units; targets ignored) whose predictions f(x*) enter the function-space
         * R̂ and ESS; default: {@value #DEFAULT_DIAGNOSTIC_INPUTS} evenly spaced training rows.
         */
        public Builder optDiagnosticInputs(Dataset inputs) {
            this.diagnosticInputs = Objects.requireNonNull(inputs, "inputs");
            return this;
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Checks every option against its rule in {@link HmcMethod}. */
        public Hmc build() {
            HmcMethod.STEP_SIZE.check(initialStepSize);
            HmcMethod.LEAPFROG_STEPS.check(leapfrogSteps);
            HmcMethod.WARMUP.check(warmup);
            HmcMethod.DRAWS.check(draws);
            HmcMethod.CHAINS.check(chains);
            HmcMethod.THINNING.check(thinning);
            HmcMethod.TARGET_ACCEPTANCE.check(targetAcceptance);
            return new Hmc(this);
        }
    }
}
