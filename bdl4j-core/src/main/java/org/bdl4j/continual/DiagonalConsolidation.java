package org.bdl4j.continual;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.bdl4j.nn.FlatParameters;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.Scalars;
import org.bdl4j.train.ParameterPenalty;

/**
 * Elastic weight consolidation with a diagonal Fisher F_t ({@link DiagonalFisher}) of each task:
 *
 * <ul>
 *   <li><b>EWC</b> (Kirkpatrick et al. 2017): one quadratic per earlier task, each at its own trained
 *       weights, R(θ) = (λ/2) Σ_{s≤t} Σ_i F_{s,i} (θ_i - θ*_{s,i})². Kept exactly as the single quadratic
 *       it sums to, (λ/2) Σ_i P_i (θ_i - m_i)² + const with P = Σ_s F_s and m = Σ_s F_s θ*_s / P (the
 *       product of the tasks' Gaussians), so a step costs the same after 2 tasks as after 50.
 *   <li><b>Online EWC</b> (Schwarz et al. 2018; Huszár 2018): one quadratic at the latest weights, its
 *       precision decayed by γ per task, P_t = γ P_{t-1} + F_t, m = θ*_t. γ = 1 is the Bayesian
 *       recursion of the diagonal Laplace approximation (the posterior after task t is the prior of
 *       task t + 1); γ &lt; 1 forgets old tasks gradually.
 * </ul>
 *
 * F is the Fisher summed over the task's rows, the scale on which λ = 1 is the Laplace approximation
 * of the posterior; larger λ protects old tasks more (Kirkpatrick et al. tuned it).
 */
public final class DiagonalConsolidation extends QuadraticConsolidation {
    private final boolean online;
    private final double decay;
    private double[] precision;
    private double[] mean;

    private DiagonalConsolidation(double lambda, boolean online, double decay, FisherSettings fisher) {
        super(lambda, fisher);
        this.online = online;
        this.decay = checkDecay(decay);
    }

    /** @throws IllegalArgumentException unless γ is in (0, 1] */
    static double checkDecay(double decay) {
        if (!(decay > 0 && decay <= 1)) {
            throw new IllegalArgumentException("the decay must be in (0, 1], found " + decay);
        }
        return decay;
    }

    /** EWC with one quadratic per task. */
    public static DiagonalConsolidation ewc(double lambda, FisherSettings fisher) {
        return new DiagonalConsolidation(lambda, false, 1, fisher);
    }

    /** Online EWC: one quadratic at the latest weights, precision decayed by {@code decay} per task. */
    public static DiagonalConsolidation online(double lambda, double decay, FisherSettings fisher) {
        return new DiagonalConsolidation(lambda, true, decay, fisher);
    }

    @Override
    public void consolidate(Network net, ContinualTask task) {
        double[] f = DiagonalFisher.of(net, task.head(), task.train(), fisher);
        float[] theta = net.parameters();
        if (precision == null) {
            precision = f;
            mean = new double[theta.length];
            for (int i = 0; i < theta.length; i++) {
                mean[i] = theta[i];
            }
        } else {
            for (int i = 0; i < theta.length; i++) {
                if (online) {
                    precision[i] = decay * precision[i] + f[i];
                    mean[i] = theta[i];
                } else {
                    double p = precision[i] + f[i];
                    mean[i] = p > 0 ? (precision[i] * mean[i] + f[i] * theta[i]) / p : theta[i];
                    precision[i] = p;
                }
            }
        }
        replacePenalty(net, m -> new Penalty(split(precision, net, m), split(mean, net, m),
                Scalars.of(m, (float) lambda)));
    }

    /** The flat vector cut into arrays shaped like the network's parameters, float32, in {@code m}. */
    static List<NDArray> split(double[] flat, Network net, NDManager m) {
        List<NDArray> out = new ArrayList<>();
        int off = 0;
        for (NDArray p : FlatParameters.arrays(net.block())) {
            int n = Math.toIntExact(p.size());
            float[] part = new float[n];
            for (int i = 0; i < n; i++) {
                part[i] = (float) flat[off + i];
            }
            out.add(m.create(part, p.getShape()));
            off += n;
        }
        return out;
    }

    /**
     * θ - m in {@code scope}: an operation's result lands in its first operand's manager, here the
     * network's, so it is moved at once (and everything computed from it stays in the scope).
     */
    static NDArray difference(NDArray theta, NDArray m, NDManager scope) {
        NDArray d = theta.sub(m);
        d.attach(scope);
        return d;
    }

    /** R(θ) = (λ/2) Σ P (θ - m)², ∇R = λ P ∘ (θ - m). */
    private record Penalty(List<NDArray> precision, List<NDArray> mean, NDArray lambda) implements ParameterPenalty {
        @Override
        public double value(List<NDArray> parameters) {
            double sum = 0;
            try (NDManager scope = lambda.getManager().newSubManager()) {
                for (int i = 0; i < parameters.size(); i++) {
                    NDArray d = difference(parameters.get(i), mean.get(i), scope);
                    sum += d.square().mul(precision.get(i)).sum().getFloat();
                }
            }
            return lambda.getFloat() / 2 * sum;
        }

        @Override
        public NDArray[] gradient(List<NDArray> parameters, NDManager manager) {
            NDArray[] out = new NDArray[parameters.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = difference(parameters.get(i), mean.get(i), manager).mul(precision.get(i)).mul(lambda);
            }
            return out;
        }
    }
}
