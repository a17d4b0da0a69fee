package org.bdl4j;

import org.bdl4j.data.Task;

import org.bdl4j.options.EnumNames;

/**
 * The observation model p(y | f(x)) that turns network outputs into a likelihood.
 *
 * <ul>
 *   <li>{@link #CATEGORICAL}: C logits, p(y=k) = softmax(f)_k.
 *   <li>{@link #GAUSSIAN}: one output, the mean; y ~ N(f, σ²) with one homoscedastic noise σ fitted
 *       with the network (by maximum likelihood on log σ).
 *   <li>{@link #HETEROSCEDASTIC_GAUSSIAN}: two outputs, mean and s; y ~ N(f₁, σ²(x)) with
 *       σ²(x) = softplus(s) + 1e-6, trained by the Gaussian NLL (Nix &amp; Weigend 1994;
 *       Lakshminarayanan et al. 2017).
 * </ul>
 */
public enum Likelihood {
    CATEGORICAL, GAUSSIAN, HETEROSCEDASTIC_GAUSSIAN;

    /** The categorical likelihood of classification. */
    public static Likelihood classification() {
        return CATEGORICAL;
    }

    /** Gaussian regression with a fitted homoscedastic noise. */
    public static Likelihood regression() {
        return GAUSSIAN;
    }

    /** Gaussian regression with input-dependent noise from a second output. */
    public static Likelihood heteroscedastic() {
        return HETEROSCEDASTIC_GAUSSIAN;
    }

    public Task task() {
        return this == CATEGORICAL ? Task.CLASSIFICATION : Task.REGRESSION;
    }

    /** The width of the network's last layer. */
    public int outputs(int numClasses) {
        switch (this) {
            case CATEGORICAL:
                if (numClasses < 2) {
                    throw new IllegalArgumentException("classification needs at least 2 classes, found " + numClasses);
                }
                return numClasses;
            case GAUSSIAN:
                return 1;
            case HETEROSCEDASTIC_GAUSSIAN:
                return 2;
            default:
                throw new AssertionError(this);
        }
    }

    public String cliName() {
        return EnumNames.of(this);
    }

    public static Likelihood parse(String text) {
        return EnumNames.parse(Likelihood.class, text, "likelihood");
    }
}
