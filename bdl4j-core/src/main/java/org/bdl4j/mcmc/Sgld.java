package org.bdl4j.mcmc;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.Splits;
import org.bdl4j.nn.DropoutMode;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.Seeds;
import org.bdl4j.options.OptionValues;
import org.bdl4j.train.MapPosterior;
import org.bdl4j.train.NllGradient;

/**
 * Stochastic gradient Langevin dynamics (Welling &amp; Teh, ICML 2011) and its cyclical variant
 * (cSG-MCMC; Zhang, Li, Zhang, Chen &amp; Wilson, ICLR 2020), started from the MAP weights.
 *
 * <p>With the potential U(θ) = Σ_{n=1}^{N} -log p(y_n | x_n, θ) + (λ/2)‖θ‖², estimated on a
 * minibatch B of size |B| by Û(θ) = (N/|B|) Σ_{b ∈ B} -log p(y_b | x_b, θ) + (λ/2)‖θ‖² (the sum NLL
 * scaled by N/|B|, so that E[∇Û] = ∇U), each step is
 *
 * <pre>
 *   θ ← θ - (ε_k/2) ∇Û(θ) + η_k,     η_k ~ N(0, ε_k I).
 * </pre>
 *
 * <ul>
 *   <li>Constant schedule: ε_k = ε; the first {@code burnIn} steps are discarded, then every
 *       {@code thinning}-th θ is kept until S samples are held.
 *   <li>Cyclical schedule with M cycles of L steps: ε_k = (ε/2)(cos(π · (k mod L)/L) + 1). In the
 *       exploration phase ((k mod L)/L &lt; β) the noise is off (SGD, no samples); in the sampling
 *       phase every {@code thinning}-th θ is kept, ⌈S/M⌉ per cycle (L is chosen to fit them);
 *       {@code burnIn} is not used.
 * </ul>
 *
 * Dropout is off (U is the deterministic network's). The Gaussian likelihood's σ stays at the MAP's.
 * Minibatch order and the Langevin noise are drawn from SplittableRandoms seeded from {@code seed}.
 */
public final class Sgld {
    /** The method name in manifests and on the command line. */
    public static final String METHOD = "sgld";

    private final double stepSize;
    private final int batchSize;
    private final int burnIn;
    private final int thinning;
    private final int samples;
    private final int cycles;
    private final double exploration;
    private final Double priorPrecision;
    private final long seed;

    private Sgld(Builder b) {
        stepSize = b.stepSize;
        batchSize = b.batchSize;
        burnIn = b.burnIn;
        thinning = b.thinning;
        samples = b.samples;
        cycles = b.cycles;
        exploration = b.exploration;
        priorPrecision = b.priorPrecision;
        seed = b.seed;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** These settings by option name (for model files). */
    public java.util.Map<String, String> settings() {
        OptionValues v = OptionValues.empty().with(SgldMethod.SAMPLES, samples)
                .with(SgldMethod.STEP_SIZE, stepSize).with(SgldMethod.BATCH_SIZE, batchSize)
                .with(SgldMethod.BURN_IN, burnIn).with(SgldMethod.THINNING, thinning).with(SgldMethod.CYCLES, cycles)
                .with(SgldMethod.EXPLORATION, exploration);
        return (priorPrecision == null ? v : v.with(SgldMethod.PRIOR_PRECISION, priorPrecision)).describe();
    }

    /** Runs the chain from {@code map}'s weights on {@code train} (user units); {@code map} stays open. */
    public SampleEnsemblePosterior fit(MapPosterior map, Dataset train) {
        Objects.requireNonNull(map, "map");
        double lambda = map.priorPrecision(priorPrecision);
        Dataset data = map.schema().toNetworkUnits(train);
        int n = data.rows();
        Network net = map.network().copy(DropoutMode.STANDARD);
        try {
            Potential u = new Potential(new NllGradient(net, map.likelihood(), data, map.sigmaNoise(), false), lambda,
                    batchSize);
            int b = Math.min(batchSize, n);
            int perCycle = cycles == 0 ? 0 : (samples + cycles - 1) / cycles;
            int cycleLength = cycles == 0 ? 0 : (int) Math.ceil(perCycle * thinning / (1 - exploration)) + 1;
            long total = cycles == 0 ? burnIn + (long) samples * thinning : (long) cycles * cycleLength;
            float[] theta = net.parameters();
            float[] grad = new float[theta.length];
            SplittableRandom shuffler = new SplittableRandom(seed);
            SplittableRandom noise = new SplittableRandom(Seeds.derive(seed, 1));
            int[] order = Splits.permutation(n, seed);
            List<float[]> kept = new ArrayList<>();
            int cursor = n;
            int sinceKept = 0;
            for (long k = 0; k < total && kept.size() < samples; k++) {
                if (cursor + b > n) { // equal batches of b rows; the rest joins the next reshuffled pass
                    Splits.shuffle(order, shuffler);
                    cursor = 0;
                }
                double eps = stepSize;
                boolean sampling = k >= burnIn;
                if (cycles > 0) {
                    double r = (double) (k % cycleLength) / cycleLength;
                    eps = stepSize / 2 * (Math.cos(Math.PI * r) + 1);
                    sampling = r >= exploration;
                    if (k % cycleLength == 0) {
                        sinceKept = 0;
                    }
                }
                double uHat = u.minibatch(theta, order, cursor, cursor + b, grad);
                if (!Double.isFinite(uHat)) {
                    throw new IllegalStateException("SGLD diverged at step " + k + ": U = " + uHat
                            + " (try a smaller step size)");
                }
                cursor += b;
                float half = (float) (eps / 2);
                float sd = (float) Math.sqrt(eps);
                boolean noisy = cycles == 0 || sampling;
                for (int i = 0; i < theta.length; i++) {
                    theta[i] -= half * grad[i];
                    if (noisy) {
                        theta[i] += sd * (float) noise.nextGaussian();
                    }
                }
                net.setParameters(theta);
                if (sampling && ++sinceKept % thinning == 0) {
                    kept.add(theta.clone());
                }
            }
            JsonObject info = new JsonObject();
            info.addProperty("priorPrecision", lambda);
            info.addProperty("stepSize", stepSize);
            info.addProperty("batchSize", b);
            info.addProperty("schedule", cycles == 0 ? "constant" : "cyclical");
            info.addProperty("cycles", cycles);
            info.addProperty("explorationFraction", exploration);
            info.addProperty("burnIn", burnIn);
            info.addProperty("thinning", thinning);
            info.addProperty("steps", total);
            info.addProperty("trainRows", n);
            return new SampleEnsemblePosterior(net, map.header().derive(METHOD, train, settings()), map.sigmaNoise(),
                    kept, info);
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
    }

    /**
     * Options; defaults: step size ε = 1e-4, batch 32, burn-in 1000 steps, thinning 50, 30 samples,
     * constant schedule, the MAP's prior precision, seed 0.
     */
    public static final class Builder {
        private double stepSize = SgldMethod.STEP_SIZE.defaultValue();
        private int batchSize = SgldMethod.BATCH_SIZE.defaultValue();
        private int burnIn = SgldMethod.BURN_IN.defaultValue();
        private int thinning = SgldMethod.THINNING.defaultValue();
        private int samples = SgldMethod.SAMPLES.defaultValue();
        private int cycles = SgldMethod.CYCLES.defaultValue();
        private double exploration = SgldMethod.EXPLORATION.defaultValue();
        private Double priorPrecision;
        private long seed;

        private Builder() {}

        /** ε, the (peak) step size: the Langevin noise has variance ε per coordinate. */
        public Builder optStepSize(double stepSize) {
            this.stepSize = stepSize;
            return this;
        }

        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Steps discarded before the first sample (constant schedule only). */
        public Builder optBurnIn(int steps) {
            this.burnIn = steps;
            return this;
        }

        /** Keep every {@code thinning}-th step. */
        public Builder optThinning(int thinning) {
            this.thinning = thinning;
            return this;
        }

        /** S, the number of samples kept. */
        public Builder optSamples(int samples) {
            this.samples = samples;
            return this;
        }

        /**
         * The cyclical cosine schedule with {@code cycles} cycles, each spending the fraction
         * {@code exploration} of its steps in noise-free exploration.
         */
        public Builder optCyclical(int cycles, double exploration) {
            this.cycles = cycles;
            this.exploration = exploration;
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

        /** Checks every option against its rule in {@link SgldMethod}. */
        public Sgld build() {
            SgldMethod.STEP_SIZE.check(stepSize);
            SgldMethod.BATCH_SIZE.check(batchSize);
            SgldMethod.BURN_IN.check(burnIn);
            SgldMethod.THINNING.check(thinning);
            SgldMethod.SAMPLES.check(samples);
            SgldMethod.CYCLES.check(cycles);
            SgldMethod.EXPLORATION.check(exploration);
            if (priorPrecision != null) {
                SgldMethod.PRIOR_PRECISION.check(priorPrecision);
            }
            return new Sgld(this);
        }
    }
}
