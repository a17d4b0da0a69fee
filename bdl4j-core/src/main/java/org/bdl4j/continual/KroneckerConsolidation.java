package org.bdl4j.continual;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.bdl4j.Likelihood;
import org.bdl4j.curvature.AffineLayer;
import org.bdl4j.curvature.CurvatureSweep;
import org.bdl4j.curvature.KronCurvature;
import org.bdl4j.nn.FlatParameters;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.Scalars;
import org.bdl4j.train.ParameterPenalty;

/**
 * The Kronecker-factored online Laplace approximation of Ritter, Botev &amp; Barber (2018): after each
 * task t the curvature of every Linear and Conv2d layer l is approximated as G_{t,l} ⊗ A_{t,l}
 * ({@link KronCurvature}: A the sum of the augmented inputs' outer products, G the mean of the
 * output-gradient outer products, so G ⊗ A is on the scale of the summed Fisher), and the next task's
 * penalty is the quadratic at the latest weights W̃*_l = [W | b] whose precision is the sum of every
 * task's factors,
 *
 * <pre>
 *   R(θ) = (λ/2) Σ_l Σ_{s≤t} vec(ΔW̃_l)ᵀ (G_{s,l} ⊗ A_{s,l}) vec(ΔW̃_l)
 *        = (λ/2) Σ_l Σ_{s≤t} tr(ΔW̃_lᵀ G_{s,l} ΔW̃_l A_{s,l}),       ΔW̃_l = W̃_l - W̃*_l,
 *   ∇_{W̃_l} R = λ Σ_{s≤t} G_{s,l} ΔW̃_l A_{s,l}.
 * </pre>
 *
 * A sum of Kronecker products is not one, so every task's factors are kept (the paper's exact sum):
 * memory and the cost of a step grow with the number of tasks, 2·out·(in+1)·(out + in + 1) flops per
 * layer and task. Unlike a diagonal, the factors keep the correlations between a layer's weights.
 */
public final class KroneckerConsolidation extends QuadraticConsolidation {
    private final List<double[][]> factors = new ArrayList<>(); // per task: per layer {A, G}
    private float[] anchor;

    public KroneckerConsolidation(double lambda, FisherSettings fisher) {
        super(lambda, fisher);
    }

    @Override
    public void consolidate(Network net, ContinualTask task) {
        List<AffineLayer> layers = AffineLayer.of(net);
        KronCurvature kron = new KronCurvature(layers);
        CurvatureSweep.run(net, task.head(), layers, task.train(), Likelihood.CATEGORICAL, 1.0, fisher.type(),
                fisher.samples(), fisher.batchSize(), kron);
        double[][] perLayer = new double[2 * layers.size()][];
        for (int l = 0; l < layers.size(); l++) {
            perLayer[2 * l] = kron.a(l);
            perLayer[2 * l + 1] = kron.g(l);
        }
        factors.add(perLayer);
        anchor = net.parameters();
        rebuild(net, layers);
    }

    /** The tasks consolidated so far. */
    public int tasks() {
        return factors.size();
    }

    private void rebuild(Network net, List<AffineLayer> layers) {
        replacePenalty(net, arrays -> penalty(net, layers, arrays));
    }

    private Penalty penalty(Network net, List<AffineLayer> layers, NDManager arrays) {
        List<NDArray> params = FlatParameters.arrays(net.block());
        List<Integer> starts = new ArrayList<>();
        int off = 0;
        for (NDArray p : params) {
            starts.add(off);
            off += Math.toIntExact(p.size());
        }
        List<LayerTerms> terms = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            AffineLayer layer = layers.get(l);
            int in = layer.in() + 1;
            int out = layer.out();
            List<NDArray> a = new ArrayList<>();
            List<NDArray> g = new ArrayList<>();
            for (double[][] task : factors) {
                a.add(arrays.create(toFloat(task[2 * l]), new Shape(in, in)));
                g.add(arrays.create(toFloat(task[2 * l + 1]), new Shape(out, out)));
            }
            float[] w = new float[out * in];
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < in; i++) {
                    w[o * in + i] = anchor[layer.flatIndex(o, i)];
                }
            }
            terms.add(new LayerTerms(starts.indexOf(layer.weightOffset()), starts.indexOf(layer.biasOffset()), out,
                    layer.in(), arrays.create(w, new Shape(out, in)), a, g));
        }
        return new Penalty(terms, Scalars.of(arrays, (float) lambda));
    }

    private static float[] toFloat(double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }

    /** One layer: where its weight and bias are in the parameter list, its anchor and every task's factors. */
    private record LayerTerms(int weight, int bias, int out, int in, NDArray anchor, List<NDArray> a,
            List<NDArray> g) {
        /** ΔW̃ = [W | b] - W̃*, [out, in + 1], in {@code scope}. */
        NDArray delta(List<NDArray> parameters, NDManager scope) {
            NDArray w = parameters.get(weight).reshape(out, in);
            w.attach(scope);
            NDArray b = parameters.get(bias).reshape(out, 1);
            b.attach(scope);
            return NDArrays.concat(new NDList(w, b), 1).sub(anchor);
        }

        /**
         * Σ_s G_s Δ A_s, in Δ's manager: G Δ is computed as (Δᵀ G)ᵀ (G is symmetric) so that Δ is every
         * operation's first operand, whose manager the result joins.
         */
        NDArray precisionTimes(NDArray delta) {
            NDArray sum = null;
            NDArray deltaT = delta.transpose();
            for (int s = 0; s < a.size(); s++) {
                NDArray term = deltaT.matMul(g.get(s)).transpose().matMul(a.get(s));
                sum = sum == null ? term : sum.add(term);
            }
            return sum;
        }
    }

    private record Penalty(List<LayerTerms> layers, NDArray lambda) implements ParameterPenalty {
        @Override
        public double value(List<NDArray> parameters) {
            double sum = 0;
            try (NDManager scope = lambda.getManager().newSubManager()) {
                for (LayerTerms l : layers) {
                    NDArray d = l.delta(parameters, scope);
                    NDArray hd = l.precisionTimes(d);
                    sum += d.mul(hd).sum().getFloat();
                }
            }
            return lambda.getFloat() / 2 * sum;
        }

        @Override
        public NDArray[] gradient(List<NDArray> parameters, NDManager manager) {
            NDArray[] out = new NDArray[parameters.size()];
            for (LayerTerms l : layers) {
                NDArray hd = l.precisionTimes(l.delta(parameters, manager));
                NDArray grad = hd.mul(lambda);
                out[l.weight()] = grad.get(":, :" + l.in()).reshape(parameters.get(l.weight()).getShape());
                out[l.bias()] = grad.get(":, " + l.in()).reshape(parameters.get(l.bias()).getShape());
            }
            return out;
        }
    }
}
