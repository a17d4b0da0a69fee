package org.bdl4j.vi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Locale;

/**
 * How a {@link MeanFieldLinear} layer turns its weight distribution into a differentiable, sampled
 * output for a batch x (B x in); ε ~ N(0, 1) and s, r ∈ {±1} are fresh per call. All three have the
 * same expectation x μ_Wᵀ + μ_b and the same per-output marginal variance Σ_i x_i² σ_ji² + σ_j²;
 * they differ in the correlation between the rows of a batch, hence in gradient variance.
 */
public enum Estimator {
    /**
     * The reparameterisation trick (Kingma &amp; Welling 2014; Blundell et al. 2015): one weight sample
     * W = μ + σ ⊙ ε shared by the whole batch, y = x Wᵀ + b.
     */
    REPARAM {
        @Override
        NDArray forward(MeanFieldLinear layer, NDArray x, NDManager noise) {
            NDArray w = layer.weightMean.add(layer.weightSigma().mul(noise.randomNormal(layer.weightMean.getShape())));
            return x.matMul(w.transpose()).add(sampledBias(layer, noise));
        }
    },
    /**
     * The local reparameterisation trick (Kingma, Salimans &amp; Welling 2015): sample the
     * pre-activations, independent per row: y = x μ_Wᵀ + μ_b + √(x² (σ_W²)ᵀ + σ_b²) ⊙ ε.
     */
    LOCAL_REPARAM {
        @Override
        NDArray forward(MeanFieldLinear layer, NDArray x, NDManager noise) {
            NDArray mean = x.matMul(layer.weightMean.transpose()).add(layer.biasMean);
            NDArray var = x.square().matMul(layer.weightSigma().square().transpose())
                    .add(layer.biasSigma().square());
            return mean.add(var.sqrt().mul(noise.randomNormal(mean.getShape())));
        }
    },
    /**
     * Flipout (Wen, Vicol, Ba, Tran &amp; Grosse 2018): one shared perturbation ΔW = σ ⊙ ε decorrelated
     * across rows by random signs, y = x μ_Wᵀ + ((x ⊙ s) ΔWᵀ) ⊙ r + b.
     */
    FLIPOUT {
        @Override
        NDArray forward(MeanFieldLinear layer, NDArray x, NDManager noise) {
            long rows = x.getShape().get(0);
            NDArray delta = layer.weightSigma().mul(noise.randomNormal(layer.weightMean.getShape()));
            NDArray s = noise.randomNormal(new Shape(rows, layer.in())).sign();
            NDArray r = noise.randomNormal(new Shape(rows, layer.out())).sign();
            NDArray perturbation = x.mul(s).matMul(delta.transpose()).mul(r);
            return x.matMul(layer.weightMean.transpose()).add(perturbation).add(sampledBias(layer, noise));
        }
    };

    /** The sampled output of {@code layer} for the batch {@code x}; noise arrays go to {@code noise}. */
    abstract NDArray forward(MeanFieldLinear layer, NDArray x, NDManager noise);

    private static NDArray sampledBias(MeanFieldLinear layer, NDManager noise) {
        return layer.biasMean.add(layer.biasSigma().mul(noise.randomNormal(layer.biasMean.getShape())));
    }

    public String cliName() {
        return switch (this) {
            case REPARAM -> "reparam";
            case LOCAL_REPARAM -> "local";
            case FLIPOUT -> "flipout";
        };
    }

    public static Estimator parse(String text) {
        for (Estimator e : values()) {
            if (e.cliName().equalsIgnoreCase(text.trim()) || e.name().equalsIgnoreCase(text.trim())) {
                return e;
            }
        }
        throw new IllegalArgumentException("estimator must be reparam, local or flipout, found '"
                + text.toLowerCase(Locale.ROOT) + "'");
    }
}
