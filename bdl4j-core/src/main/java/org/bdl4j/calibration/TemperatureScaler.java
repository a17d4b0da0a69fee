package org.bdl4j.calibration;

import com.google.gson.JsonObject;
import org.bdl4j.math.SafeguardedNewton;
import org.bdl4j.math.Softmax;

/**
 * Temperature scaling (Guo, Pleiss, Sun and Weinberger, "On calibration of modern neural networks",
 * ICML 2017): one scalar T &gt; 0 divides every logit, p = softmax(z / T). It keeps the arg-max (the
 * accuracy) and moves only the confidence: T &gt; 1 softens an over-confident model.
 *
 * <p><b>Fit.</b> T minimises the validation negative log-likelihood
 * NLL(β) = (1/n) Σ_i [logsumexp(β z_i) - β z_{i,y_i}] over the inverse temperature β = 1/T. NLL is
 * convex in β (a log-sum-exp of functions linear in β, minus a linear term), with derivatives
 * g(β) = (1/n) Σ_i (E_{p_i}[z_i] - z_{i,y_i}) and h(β) = (1/n) Σ_i Var_{p_i}[z_i] &gt;= 0 under
 * p_i = softmax(β z_i), both exact and one pass over the data. The unique minimiser is the root of the
 * non-decreasing g, found by {@link SafeguardedNewton} (Newton's method inside a bisection bracket)
 * to machine precision, typically in 5 or 6 passes. Newton on the convex problem in 1/T is chosen
 * over golden section or Brent on log T because the exact second derivative is free, convergence is
 * quadratic instead of linear, and convexity makes a sign change of g a proof of the bracket.
 *
 * <p>The search interval is T in [{@link #MIN_TEMPERATURE}, {@link #MAX_TEMPERATURE}]. When the logits
 * rank the labels below average, NLL keeps falling as T → ∞ and the upper bound (near-uniform
 * probabilities, the right hedge for such a model) is returned. When every calibration row is already
 * classified by a margin (separable rows, common with a few dozen rows and an accurate model), NLL
 * keeps falling as T → 0: the rows cannot say how much sharper the model should be, and the constrained
 * minimiser, T = {@link #MIN_TEMPERATURE}, would make every later error cost about 28 nats. There T = 1
 * is kept (the model's own confidence) and {@link #warnings} says why.
 *
 * @param temperature T, finite and &gt; 0
 * @param separableRows whether T = 1 was kept because the calibration rows were separable
 */
public record TemperatureScaler(double temperature, boolean separableRows) implements ClassificationCalibrator {
    /** The method name in manifests and on the command line. */
    public static final String NAME = "temperature";
    public static final double MIN_TEMPERATURE = 1e-4;
    public static final double MAX_TEMPERATURE = 1e4;

    public TemperatureScaler {
        if (!(temperature > 0) || !Double.isFinite(temperature)) {
            throw new IllegalArgumentException("temperature must be finite and > 0, found " + temperature);
        }
    }

    /** A temperature fitted or given. */
    public TemperatureScaler(double temperature) {
        this(temperature, false);
    }

    /**
     * Fits T to logits and labels by minimising the NLL (see the class comment).
     *
     * @param logits n x C logits (for a posterior: {@link Logits#fromProbabilities} of its predictive)
     * @param labels n class indices in [0, C)
     */
    public static TemperatureScaler fit(double[][] logits, int[] labels) {
        int c = Logits.check(logits);
        Logits.checkLabels(labels, logits.length, c);
        double[] atSharpest = new double[2];
        derivatives(logits, labels, 1 / MIN_TEMPERATURE, atSharpest);
        if (atSharpest[0] <= 0) { // NLL still falling (or flat in double) at T = MIN_TEMPERATURE: separable rows
            return new TemperatureScaler(1, true);
        }
        double beta = SafeguardedNewton.minimise((b, out) -> derivatives(logits, labels, b, out),
                1 / MAX_TEMPERATURE, 1 / MIN_TEMPERATURE, 1.0);
        return new TemperatureScaler(1 / beta);
    }

    @Override
    public java.util.List<String> warnings() {
        return separableRows ? java.util.List.of("temperature scaling kept T = 1: every calibration row is already"
                + " classified by a margin, so the rows cannot tell how much sharper the model should be (more"
                + " calibration rows, or rows the model gets wrong, would)") : java.util.List.of();
    }

    /** g(β) and h(β) of the class comment. */
    static void derivatives(double[][] logits, int[] labels, double beta, double[] out) {
        double g = 0;
        double h = 0;
        double[] p = new double[logits[0].length];
        for (int i = 0; i < logits.length; i++) {
            double[] z = logits[i];
            double m = Softmax.max(z);
            for (int k = 0; k < z.length; k++) {
                p[k] = beta * (z[k] - m); // max 0 (β > 0), so Softmax subtracts nothing more
            }
            Softmax.of(p, p);
            double mean = 0;
            for (int k = 0; k < z.length; k++) {
                mean += p[k] * (z[k] - m);
            }
            double var = 0;
            for (int k = 0; k < z.length; k++) {
                double d = z[k] - m - mean;
                var += p[k] * d * d;
            }
            g += mean - (z[labels[i]] - m);
            h += var;
        }
        out[0] = g / logits.length;
        out[1] = h / logits.length;
    }

    /** The mean NLL (1/n) Σ_i -log softmax(z_i / T)_{y_i}, in nats, without a floor. */
    public double nll(double[][] logits, int[] labels) {
        int c = Logits.check(logits);
        Logits.checkLabels(labels, logits.length, c);
        return SoftmaxNll.mean(transformLogits(logits), labels);
    }

    /** z / T. */
    @Override
    public double[][] transformLogits(double[][] logits) {
        double[][] out = new double[logits.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = new double[logits[i].length];
            for (int k = 0; k < out[i].length; k++) {
                out[i][k] = logits[i][k] / temperature;
            }
        }
        return out;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("name", NAME);
        o.addProperty("temperature", temperature);
        o.addProperty("separableRows", separableRows);
        return o;
    }

    static TemperatureScaler fromJson(JsonObject o) {
        return new TemperatureScaler(o.get("temperature").getAsDouble(),
                o.has("separableRows") && o.get("separableRows").getAsBoolean());
    }
}
