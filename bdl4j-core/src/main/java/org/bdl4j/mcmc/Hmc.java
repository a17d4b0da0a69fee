package org.bdl4j.mcmc;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.bdl4j.Likelihood;
import org.bdl4j.data.Dataset;
import org.bdl4j.nn.DropoutMode;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.nn.Seeds;
import org.bdl4j.train.MapPosterior;
import org.bdl4j.train.MapTrainer;
import org.bdl4j.train.NllGradient;

/**
 * Full-batch Hamiltonian Monte Carlo (Neal 2011) for small networks: the reference posterior.
 *
 * <p>Target exp(-U(θ)) with U(θ) = Σ_{n=1}^{N} -log p(y_n | x_n, θ) + (λ/2)‖θ‖² over the whole
 * training set (no minibatches); identity mass matrix, momentum r ~ N(0, I), H = U(θ) + ‖r‖²/2. Each
 * iteration runs L leapfrog steps
 *
 * <pre>
 *   r ← r - (ε/2)∇U(θ);   θ ← θ + ε r;   r ← r - (ε/2)∇U(θ)
 * </pre>
 *
 * and accepts with probability min(1, exp(H_old - H_new)). During warm-up ε is adapted by dual
 * averaging (Hoffman &amp; Gelman 2014, Alg. 5; μ = log 10ε₀, γ = 0.05, t₀ = 10, κ = 0.75) towards a
 * target acceptance δ; afterwards it is fixed at the averaged ε̄. C chains start at the MAP weights
 * with their own seeds; each iteration's ε is jittered uniformly in [0.8ε, 1.2ε] against periodic
 * trajectories (Neal 2011, §5.4.2.2). Split R̂ and the effective sample size ({@link ChainDiagnostics})
 * of every parameter (at most {@value #MAX_DIAGNOSED}, evenly spaced) are reported, worst case, in the
 * posterior's diagnostics. The Gaussian likelihood's σ stays at the MAP's (fixed, known noise).
 * Dropout is off.
 */
public final class Hmc {
    /** The method name in manifests and on the command line. */
    public static final String METHOD = "hmc";
    /** At most this many parameters (evenly spaced in θ) enter R̂ and ESS, to bound memory. */
    public static final int MAX_DIAGNOSED = 2000;

    private final double initialStepSize;
    private final int leapfrogSteps;
    private final int warmup;
    private final int draws;
    private final int chains;
    private final int thinning;
    private final double targetAcceptance;
    private final Double priorPrecision;
    private final long seed;

    private Hmc(Builder b) {
        initialStepSize = b.initialStepSize;
        leapfrogSteps = b.leapfrogSteps;
        warmup = b.warmup;
        draws = b.draws;
        chains = b.chains;
        thinning = b.thinning;
        targetAcceptance = b.targetAcceptance;
        priorPrecision = b.priorPrecision;
        seed = b.seed;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * For the command line: MAP with {@code trainer} (as {@link MapPosterior#fit}), then HMC with the
     * defaults of {@link Builder}, 2 chains of ⌈samples/2⌉ kept draws each (S rounded up to even), and
     * {@code seed}.
     */
    public static SampleEnsemblePosterior fit(Dataset train, Dataset validation, Likelihood likelihood,
            NetworkSpec spec, boolean standardize, MapTrainer trainer, int samples, long seed) {
        Hmc hmc = builder().optDraws((samples + 1) / 2).optSeed(seed).build();
        try (MapPosterior map = MapPosterior.fit(train, validation, likelihood, spec, standardize, trainer, seed)) {
            return hmc.fit(map, train);
        }
    }

    /** Runs the chains from {@code map}'s weights on {@code train} (user units); {@code map} stays open. */
    public SampleEnsemblePosterior fit(MapPosterior map, Dataset train) {
        Objects.requireNonNull(map, "map");
        double lambda = priorPrecision != null ? priorPrecision : map.priorPrecision();
        if (!(lambda >= 0)) {
            throw new IllegalArgumentException("prior precision must be >= 0, found " + lambda
                    + " (the MAP model does not record one: set optPriorPrecision)");
        }
        Dataset data = map.schema().toNetworkUnits(train);
        Network net = map.network().copy(DropoutMode.STANDARD);
        try {
            Potential u = new Potential(new NllGradient(net, map.likelihood(), data, map.sigmaNoise(), false), lambda,
                    4096);
            float[] start = net.parameters();
            int p = start.length;
            List<float[]> kept = new ArrayList<>();
            int[] watched = watched(p);
            double[][][] trace = new double[watched.length][chains][draws];
            double acceptSum = 0;
            double[] stepSizes = new double[chains];
            for (int c = 0; c < chains; c++) {
                Chain chain = new Chain(net, u, start, new SplittableRandom(Seeds.derive(seed, c)));
                stepSizes[c] = chain.warmup();
                int accepted = 0;
                for (int d = 0; d < draws; d++) {
                    for (int t = 0; t < thinning; t++) {
                        accepted += chain.iterate(stepSizes[c]) ? 1 : 0;
                    }
                    float[] theta = chain.theta();
                    kept.add(theta);
                    for (int i = 0; i < watched.length; i++) {
                        trace[i][c][d] = theta[watched[i]];
                    }
                }
                acceptSum += (double) accepted / (draws * thinning);
            }
            double worstRhat = 0;
            double minEss = Double.POSITIVE_INFINITY;
            if (draws >= 4) {
                for (int i = 0; i < watched.length; i++) {
                    double r = ChainDiagnostics.splitRhat(trace[i]);
                    worstRhat = Double.isNaN(r) ? worstRhat : Math.max(worstRhat, r);
                    minEss = Math.min(minEss, ChainDiagnostics.effectiveSampleSize(trace[i]));
                }
            }
            JsonObject info = new JsonObject();
            info.addProperty("priorPrecision", lambda);
            info.addProperty("leapfrogSteps", leapfrogSteps);
            info.addProperty("warmup", warmup);
            info.addProperty("chains", chains);
            info.addProperty("drawsPerChain", draws);
            info.addProperty("thinning", thinning);
            info.addProperty("targetAcceptance", targetAcceptance);
            info.addProperty("stepSize", mean(stepSizes));
            info.addProperty("acceptanceRate", acceptSum / chains);
            info.addProperty("maxSplitRhat", draws >= 4 ? worstRhat : Double.NaN);
            info.addProperty("minEss", draws >= 4 ? minEss : Double.NaN);
            info.addProperty("trainRows", data.rows());
            return new SampleEnsemblePosterior(METHOD, net, map.likelihood(), map.schema(), map.sigmaNoise(), kept,
                    info, seed);
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
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

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v / x.length;
        }
        return s;
    }

    /** One chain's state: θ in double precision, U(θ) and ∇U(θ) cached. */
    private final class Chain {
        private final Network net;
        private final Potential u;
        private final SplittableRandom rng;
        private final double[] theta;
        private final double[] grad;
        private double energy;
        private double lastAlpha;
        private final float[] f;
        private final float[] g;

        Chain(Network net, Potential u, float[] start, SplittableRandom rng) {
            this.net = net;
            this.u = u;
            this.rng = rng;
            int p = start.length;
            theta = new double[p];
            grad = new double[p];
            f = new float[p];
            g = new float[p];
            for (int i = 0; i < p; i++) {
                theta[i] = start[i];
            }
            energy = evaluate(theta, grad);
        }

        float[] theta() {
            float[] out = new float[theta.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) theta[i];
            }
            return out;
        }

        private double evaluate(double[] at, double[] gradOut) {
            for (int i = 0; i < at.length; i++) {
                f[i] = (float) at[i];
            }
            net.setParameters(f);
            double e = u.full(f, g);
            for (int i = 0; i < at.length; i++) {
                gradOut[i] = g[i];
            }
            return e;
        }

        /** Dual-averaging warm-up; returns the adapted step size ε̄. */
        double warmup() {
            double mu = Math.log(10 * initialStepSize);
            double hBar = 0;
            double logEps = Math.log(initialStepSize);
            double logEpsBar = 0;
            for (int m = 1; m <= warmup; m++) {
                iterate(Math.exp(logEps));
                double alpha = lastAlpha;
                double w = 1.0 / (m + 10);
                hBar = (1 - w) * hBar + w * (targetAcceptance - alpha);
                logEps = mu - Math.sqrt(m) / 0.05 * hBar;
                double eta = Math.pow(m, -0.75);
                logEpsBar = eta * logEps + (1 - eta) * logEpsBar;
            }
            return warmup == 0 ? initialStepSize : Math.exp(logEpsBar);
        }

        /** One HMC transition with step size eps; whether it was accepted (its probability: lastAlpha). */
        boolean iterate(double eps) {
            int p = theta.length;
            double[] q = theta.clone();
            double[] gq = grad.clone();
            double[] r = new double[p];
            double kinetic0 = 0;
            for (int i = 0; i < p; i++) {
                r[i] = rng.nextGaussian();
                kinetic0 += r[i] * r[i] / 2;
            }
            double e = energy;
            eps *= 0.8 + 0.4 * rng.nextDouble(); // jitter against periodic trajectories (Neal 2011, §5.4.2.2)
            for (int l = 0; l < leapfrogSteps; l++) {
                for (int i = 0; i < p; i++) {
                    r[i] -= eps / 2 * gq[i];
                    q[i] += eps * r[i];
                }
                e = evaluate(q, gq);
                for (int i = 0; i < p; i++) {
                    r[i] -= eps / 2 * gq[i];
                }
                if (!Double.isFinite(e)) {
                    break;
                }
            }
            double kinetic1 = 0;
            for (double v : r) {
                kinetic1 += v * v / 2;
            }
            double logAccept = (energy + kinetic0) - (e + kinetic1);
            double alpha = Double.isFinite(logAccept) ? Math.min(1, Math.exp(logAccept)) : 0;
            lastAlpha = alpha;
            if (rng.nextDouble() < alpha) {
                System.arraycopy(q, 0, theta, 0, p);
                System.arraycopy(gq, 0, grad, 0, p);
                energy = e;
                return true;
            }
            return false;
        }
    }

    /**
     * Options; defaults: initial ε 1e-3 (adapted), L = 20 leapfrog steps, 300 warm-up iterations,
     * 2 chains of 100 draws, thinning 1, target acceptance 0.8, the MAP's prior precision, seed 0.
     */
    public static final class Builder {
        private double initialStepSize = 1e-3;
        private int leapfrogSteps = 20;
        private int warmup = 300;
        private int draws = 100;
        private int chains = 2;
        private int thinning = 1;
        private double targetAcceptance = 0.8;
        private Double priorPrecision;
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

        /** λ of the prior N(0, 1/λ); default: the one the MAP network was trained under. */
        public Builder optPriorPrecision(double lambda) {
            this.priorPrecision = lambda;
            return this;
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        public Hmc build() {
            if (!(initialStepSize > 0 && Double.isFinite(initialStepSize))) {
                throw new IllegalArgumentException("initial step size must be > 0, found " + initialStepSize);
            }
            if (leapfrogSteps < 1) {
                throw new IllegalArgumentException("leapfrog steps must be >= 1, found " + leapfrogSteps);
            }
            if (warmup < 0) {
                throw new IllegalArgumentException("warm-up must be >= 0, found " + warmup);
            }
            if (draws < 1) {
                throw new IllegalArgumentException("draws must be >= 1, found " + draws);
            }
            if (chains < 1) {
                throw new IllegalArgumentException("chains must be >= 1, found " + chains);
            }
            if (thinning < 1) {
                throw new IllegalArgumentException("thinning must be >= 1, found " + thinning);
            }
            if (!(targetAcceptance > 0 && targetAcceptance < 1)) {
                throw new IllegalArgumentException("target acceptance must be in (0, 1), found " + targetAcceptance);
            }
            if (priorPrecision != null && !(priorPrecision >= 0 && Double.isFinite(priorPrecision))) {
                throw new IllegalArgumentException("prior precision must be >= 0, found " + priorPrecision);
            }
            return new Hmc(this);
        }
    }
}
