#!/usr/bin/env python3
"""Independent reference values for org.bdl4j.calibration and org.bdl4j.conformal.

Regenerate (deterministic, fixed seed) from the repository root with

    python3 bdl4j-core/src/test/resources/reference/posthoc_reference.py \
        > bdl4j-core/src/test/resources/reference/posthoc_reference.json

Needs numpy and scipy. Numbers are printed with 17 significant digits, so the inputs read back in
Java are bit-identical to the ones used here. None of the computations follows the Java code:

- temperature: the data are logits z of a calibrated model (labels drawn from softmax(z)) shown
  three times too confident (3 z). T* is the root in T of dNLL/dT, found by scipy.optimize.brentq
  on T itself (Java runs Newton on 1/T), cross-checked against scipy.optimize.minimize_scalar
  (bounded, on log T) to 1e-6.
- vector: NLL of w * z + b minimised by scipy.optimize.minimize (BFGS, analytic gradient) over all
  2C parameters (Java pins b_0 = 0 and runs Newton on 2C - 1); the biases are then shifted so that
  b_0 = 0. Reported with the NLL at the optimum and the gradient norm reached.
- variance: s* = sqrt(mean(((y - mu) / sigma)^2)) and, independently, scipy's minimize_scalar on
  the Gaussian NLL of N(mu, (s sigma)^2) (scipy.stats.norm.logpdf).
- isotonic: the max-min formula f(x_i) = max_{j <= i} min_{k >= i} mean_w(y_j..y_k) over the
  distinct sorted inputs (ties merged by weighted mean), brute force O(m^3), no pooling; predictions
  at query points by numpy.interp on those fitted values.
- scores: LAC 1 - p_y; APS / RAPS in TorchCP's form: stable argsort of -p, cumulative sum,
  ordered_cumsum - (1 - u) * ordered + lambda * max(0, rank - k_reg), indexed back by label.
- ranks: k = ceil((n + 1)(1 - alpha)) in exact rational arithmetic (fractions.Fraction of alpha's
  shortest decimal repr).
"""
import json
import math
import sys
from fractions import Fraction

import numpy as np
from scipy import optimize, stats

SEED = 20240623
rng = np.random.default_rng(SEED)


def encode(value):
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        value = float(value)
        assert math.isfinite(value), value
        return "%.17g" % value
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, dict):
        return "{" + ", ".join(json.dumps(k) + ": " + encode(v) for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple, np.ndarray)):
        return "[" + ", ".join(encode(v) for v in value) + "]"
    raise TypeError(type(value))


def log_softmax(z):
    m = z.max(axis=1, keepdims=True)
    return z - m - np.log(np.exp(z - m).sum(axis=1, keepdims=True))


def nll(z, y):
    return float(-log_softmax(z)[np.arange(len(y)), y].mean())


# ---------------------------------------------------------------- temperature scaling
def temperature_case():
    n, c = 1000, 5
    true_logits = rng.normal(size=(n, c)) * 1.2 + np.array([0.4, 0.0, -0.3, 0.2, -0.1])
    p = np.exp(log_softmax(true_logits))
    labels = np.array([rng.choice(c, p=row) for row in p])
    logits = 3.0 * true_logits
    logits = np.array([[float("%.17g" % v) for v in row] for row in logits])

    def dnll_dt(t):  # d/dT of mean[logsumexp(z/T) - z_y/T] = -(1/T^2) mean[E_p z - z_y]
        q = np.exp(log_softmax(logits / t))
        e = (q * logits).sum(axis=1)
        return float(-(e - logits[np.arange(n), labels]).mean() / t ** 2)

    t_star = optimize.brentq(dnll_dt, 0.5, 20.0, xtol=1e-15, rtol=1e-15, maxiter=500)
    res = optimize.minimize_scalar(lambda u: nll(logits / math.exp(u), labels), bounds=(-3, 5),
                                   method="bounded", options={"xatol": 1e-10})
    assert abs(math.exp(res.x) - t_star) < 1e-6, (math.exp(res.x), t_star)
    return {
        "logits": logits, "labels": labels, "temperature": t_star,
        "nll_before": nll(logits, labels), "nll_after": nll(logits / t_star, labels),
    }


# ---------------------------------------------------------------- vector scaling
def vector_case(case):
    logits = np.array(case["logits"]) * np.array([1.0, 0.6, 1.4, 0.8, 1.1]) + np.array([0.5, -0.3, 0.0, 0.9, -0.6])
    logits = np.array([[float("%.17g" % v) for v in row] for row in logits])
    labels = np.array(case["labels"])
    n, c = logits.shape
    onehot = np.eye(c)[labels]

    def f(theta):
        w, b = theta[:c], theta[c:]
        z = logits * w + b
        return nll(z, labels)

    def grad(theta):
        w, b = theta[:c], theta[c:]
        r = np.exp(log_softmax(logits * w + b)) - onehot
        return np.concatenate([(r * logits).mean(axis=0), r.mean(axis=0)])

    theta0 = np.concatenate([np.ones(c), np.zeros(c)])
    res = optimize.minimize(f, theta0, jac=grad, method="BFGS", options={"gtol": 1e-11, "maxiter": 10000})
    w, b = res.x[:c], res.x[c:] - res.x[c]
    return {"logits": logits, "labels": labels, "weights": w, "biases": b, "nll": f(np.concatenate([w, b])),
            "gradient_norm": float(np.abs(grad(res.x)).max())}


# ---------------------------------------------------------------- variance scaling
def variance_case():
    n = 400
    mu = rng.normal(size=n)
    sigma = np.exp(rng.normal(scale=0.3, size=n)) * 0.5
    y = mu + rng.standard_t(df=5, size=n) * sigma * 1.7
    s = math.sqrt(float((((y - mu) / sigma) ** 2).mean()))
    res = optimize.minimize_scalar(lambda v: -stats.norm.logpdf(y, mu, v * sigma).mean(), bounds=(0.1, 10),
                                   method="bounded", options={"xatol": 1e-12})
    assert abs(res.x - s) < 1e-6, (res.x, s)
    return {"mean": mu, "std": sigma, "targets": y, "scale": s}


# ---------------------------------------------------------------- isotonic regression
def isotonic_case():
    m = 40
    x = np.round(rng.uniform(0, 1, size=m), 1)  # rounding makes ties
    y = np.sin(3 * x) + rng.normal(scale=0.4, size=m)
    w = rng.uniform(0.5, 2.0, size=m)
    ux = np.unique(x)
    uy = np.array([np.sum(w[x == v] * y[x == v]) / np.sum(w[x == v]) for v in ux])
    uw = np.array([np.sum(w[x == v]) for v in ux])
    k = len(ux)
    fitted = np.empty(k)
    for i in range(k):
        fitted[i] = max(min(np.sum(uw[j:l + 1] * uy[j:l + 1]) / np.sum(uw[j:l + 1]) for l in range(i, k))
                        for j in range(i + 1))
    assert np.all(np.diff(fitted) >= -1e-12)
    queries = np.concatenate([ux, rng.uniform(-0.2, 1.2, size=25)])
    return {"x": x, "y": y, "weights": w, "distinct_x": ux, "fitted": fitted, "queries": queries,
            "predictions": np.interp(queries, ux, fitted)}


# ---------------------------------------------------------------- conformal scores
def scores_case():
    probs = np.array([
        [0.5, 0.2, 0.2, 0.1],    # a tie between classes 1 and 2
        [0.25, 0.25, 0.25, 0.25],  # all tied
        [0.05, 0.05, 0.1, 0.8],
        [0.0, 1.0, 0.0, 0.0],
    ])
    probs = np.vstack([probs, rng.dirichlet(np.ones(4) * 0.7, size=6)])
    u = rng.uniform(size=len(probs))
    out = {"probs": probs, "u": u, "lac": 1 - probs}
    for name, kreg, lam, randomized in [("aps", 0, 0.0, False), ("aps_randomized", 0, 0.0, True),
                                        ("raps", 1, 0.2, False), ("raps_randomized", 2, 0.15, True)]:
        table = np.empty_like(probs)
        for i, p in enumerate(probs):
            order = np.argsort(-p, kind="stable")
            ordered = p[order]
            cums = np.cumsum(ordered)
            ui = u[i] if randomized else 1.0
            penalty = lam * np.maximum(0, np.arange(1, len(p) + 1) - kreg)
            s = cums - (1 - ui) * ordered + penalty
            table[i, order] = s
        out[name] = {"k_reg": kreg, "lambda": lam, "randomized": randomized, "scores": table}
    return out


def ranks_case():
    cases = []
    for n in [0, 1, 8, 9, 10, 18, 19, 95, 99, 999, 1000, 4999]:
        for alpha in [0.1, 0.05, 0.3, 0.2, 0.01, 0.5, 0.7]:
            k = math.ceil((n + 1) * (1 - Fraction(repr(alpha))))
            cases.append([n, alpha, k])
    return cases


def main():
    t = temperature_case()
    reference = {
        "seed": SEED,
        "generator": "posthoc_reference.py (numpy %s, scipy %s)" % (np.__version__, __import__("scipy").__version__),
        "temperature": t,
        "vector": vector_case(t),
        "variance": variance_case(),
        "isotonic": isotonic_case(),
        "scores": scores_case(),
        "ranks": ranks_case(),
    }
    sys.stdout.write(encode(reference) + "\n")


if __name__ == "__main__":
    main()
