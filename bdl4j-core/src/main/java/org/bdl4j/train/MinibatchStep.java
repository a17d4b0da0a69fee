package org.bdl4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import java.util.List;
import org.bdl4j.Likelihood;
import org.bdl4j.data.Dataset;
import org.bdl4j.nn.ActiveOutputs;
import org.bdl4j.nn.FlatParameters;
import org.bdl4j.nn.Inputs;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.Scalars;

/**
 * One minibatch step of MAP training ({@link MapTrainer}): the batch's mean NLL (and, with adversarial
 * training, that of its fast-gradient-sign inputs, the gradients accumulating) back-propagated inside
 * one {@link GradientCollector}, then one optimiser update of every parameter and of the Gaussian
 * noise's log σ; the batch's arrays live in a sub-manager closed at the end of the step.
 */
final class MinibatchStep {
    private final Network net;
    private final Likelihood likelihood;
    private final Dataset train;
    private final NDArray logSigma;
    private final List<NDArray> params;
    private final List<String> ids;
    private final Optimizer opt;
    private final Optimizer noiseOpt;
    private final FastGradientSign adversary;
    private final ParameterPenalty penalty;
    private final ActiveOutputs head;

    /**
     * @param logSigma the Gaussian noise's trainable log σ, or null
     * @param noiseOpt its optimiser, or null
     * @param adversary the fast-gradient-sign perturbation, or null for plain training
     * @param penalty a term R(θ) of the objective, whose gradient enters as ∇R/N; or null
     * @param head the outputs the likelihood sees (a task's head), or null for all
     */
    MinibatchStep(Network net, Likelihood likelihood, Dataset train, NDArray logSigma, Optimizer opt,
            Optimizer noiseOpt, FastGradientSign adversary, ParameterPenalty penalty, ActiveOutputs head) {
        this.net = net;
        this.likelihood = likelihood;
        this.train = train;
        this.logSigma = logSigma;
        this.params = FlatParameters.arrays(net.block());
        this.ids = FlatParameters.names(net.block());
        this.opt = opt;
        this.noiseOpt = noiseOpt;
        this.adversary = adversary;
        this.penalty = penalty;
        this.head = head;
    }

    /** Trains on rows order[from, to) of the training table; returns the batch's mean NLL. */
    double run(int[] order, int from, int to) {
        try (NDManager batch = net.manager().newSubManager()) {
            NDArray x = Inputs.gather(batch, train.features(), train.featureShape(), order, from, to);
            NDArray y = Inputs.truth(batch, likelihood, train, order, from, to);
            double nll;
            if (adversary != null) {
                x.setRequiresGradient(true);
            }
            try (GradientCollector gc = Inputs.gradientCollector()) {
                NDArray out = output(x);
                NDArray loss = Losses.meanNll(likelihood, out, y, logSigma);
                gc.backward(loss);
                nll = loss.getFloat();
                if (adversary != null) {
                    // the parameter gradients accumulate: together they are those of NLL(x) + NLL(x')
                    NDArray xAdv = adversary.perturb(x, x.getGradient());
                    gc.backward(Losses.meanNll(likelihood, output(xAdv), y, logSigma));
                }
            }
            NDArray[] penaltyGradient = penalty == null ? null
                    : Inputs.withoutGradients(() -> penalty.gradient(params, batch));
            for (int i = 0; i < params.size(); i++) {
                NDArray p = params.get(i);
                NDArray g = p.getGradient();
                g.attach(batch);
                if (penaltyGradient != null && penaltyGradient[i] != null) {
                    g = g.add(penaltyGradient[i].mul(Scalars.like(g, 1f / train.rows())));
                }
                opt.update(ids.get(i), p, g);
            }
            if (logSigma != null) {
                NDArray g = logSigma.getGradient();
                g.attach(batch);
                noiseOpt.update("log_sigma", logSigma, g);
            }
            if (!Double.isFinite(nll)) {
                throw new IllegalStateException("training diverged: the batch NLL is " + nll
                        + " (try a smaller learning rate)");
            }
            return nll;
        }
    }

    private NDArray output(NDArray x) {
        NDArray out = net.forward(x, true);
        return head == null ? out : head.apply(out);
    }
}
