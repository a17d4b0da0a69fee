#!/usr/bin/env python3
"""Independent reference values for the Java package org.bdl4j.metrics.

Regenerate (deterministic, fixed seed) from the repository root with

    python3 bdl4j-core/src/test/resources/reference/metrics_reference.py \
        > bdl4j-core/src/test/resources/reference/metrics_reference.json

Needs numpy, scipy and mpmath. Every number is printed with 17 significant digits, so the
inputs read back in Java are bit-identical to the ones used here. The computations below do not
follow the Java code: they use numpy vectorised formulas, scipy's routines, brute force where that
is cheap, high-precision mpmath, and numerical integration, and cross-check them against each
other where two routes exist.

- accuracy, NLL, Brier: numpy formulas.
- ECE / MCE / reliability bins: numpy.searchsorted on the edges np.arange(B + 1) / B (bins (lo, hi],
  confidence 0 in the first bin); adaptive ECE: np.argsort(kind="stable") + np.array_split.
- AUROC: scipy.stats.mannwhitneyu U statistic / (P N), checked against an O(n^2) pair count.
- AUPR: a plain-Python transcription of scikit-learn's average_precision_score (scikit-learn is
  used instead when it is installed), which is precision_recall_curve over the distinct scores
  followed by sum((R_k - R_{k-1}) P_k).
- FPR at 95% TPR: an explicit loop over every distinct threshold, minimum FPR over TPR >= 0.95.
- risk-coverage and AURC: per-k loop (k = 1..n) with tie groups entering together.
- RMSE, PICP, interval width: numpy. Gaussian NLL: -scipy.stats.norm.logpdf.
- CRPS: scipy.integrate.quad of (F(x) - 1{x >= y})^2, checked against the closed form.
- Normal cdf / pdf / quantile / erf / erfc: mpmath at 60 digits (checked against scipy.special).
"""
import json
import math
import sys

import mpmath
import numpy as np
from scipy import integrate, special, stats

try:
    from sklearn.metrics import average_precision_score as sk_average_precision
except ImportError:  # scikit-learn is optional
    sk_average_precision = None

SEED = 20240617
rng = np.random.default_rng(SEED)
mpmath.mp.dps = 60


# ---------------------------------------------------------------- JSON with 17 significant digits
def encode(value):
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        value = float(value)
        if math.isnan(value):
            return "null"
        assert math.isfinite(value), value
        return "%.17g" % value
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, dict):
        return "{" + ", ".join(json.dumps(k) + ": " + encode(v) for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple, np.ndarray)):
        return "[" + ", ".join(encode(v) for v in value) + "]"
    raise TypeError(type(value))


def close(a, b, rel=1e-12, name=""):
    assert abs(a - b) <= rel * max(abs(a), abs(b), 1e-300), (name, a, b)


# ---------------------------------------------------------------- classification
def softmax(logits):
    z = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def reliability(conf, correct, bins):
    edges = np.arange(bins + 1) / bins
    idx = np.clip(np.searchsorted(edges, conf, side="left") - 1, 0, bins - 1)
    out = []
    for b in range(bins):
        m = idx == b
        count = int(m.sum())
        mean_conf = float(conf[m].mean()) if count else float("nan")
        acc = float(correct[m].mean()) if count else float("nan")
        out.append([float(edges[b]), float(edges[b + 1]), count, mean_conf, acc])
    return out


def ece_from(bins, n):
    return float(sum(c / n * abs(a - m) for _, _, c, m, a in bins if c > 0))


def mce_from(bins):
    return float(max(abs(a - m) for _, _, c, m, a in bins if c > 0))


def adaptive_ece(conf, correct, bins):
    order = np.argsort(conf, kind="stable")
    n = len(conf)
    total = 0.0
    for group in np.array_split(order, bins):
        if len(group):
            total += len(group) / n * abs(correct[group].mean() - conf[group].mean())
    return float(total)


def classification_case(name, probs, labels):
    n = len(labels)
    pred = probs.argmax(axis=1)  # first maximum: ties go to the lowest index
    conf = probs.max(axis=1)
    correct = (pred == labels).astype(float)
    onehot = np.eye(probs.shape[1])[labels]
    bins15 = reliability(conf, correct, 15)
    bins10 = reliability(conf, correct, 10)
    return {
        "name": name,
        "probs": probs.tolist(),
        "labels": labels.tolist(),
        "accuracy": float(correct.mean()),
        "nll": float(-np.log(np.maximum(probs[np.arange(n), labels], 1e-12)).mean()),
        "brier": float(((probs - onehot) ** 2).sum(axis=1).mean()),
        "ece15": ece_from(bins15, n),
        "ece10": ece_from(bins10, n),
        "mce15": mce_from(bins15),
        "mce10": mce_from(bins10),
        "adaptive_ece15": adaptive_ece(conf, correct, 15),
        "adaptive_ece7": adaptive_ece(conf, correct, 7),
        "reliability15": bins15,
    }


def classification_cases():
    cases = []
    # continuous probabilities, labels drawn from them
    n, c = 257, 5
    probs = softmax(2.0 * rng.normal(size=(n, c)))
    labels = np.array([rng.choice(c, p=row) for row in probs])
    cases.append(classification_case("softmax", probs, labels))
    # a few distinct rows: tied confidences, arg-max ties, confidences on bin edges (0.4 = 6/15,
    # 0.6 = 9/15, 1.0), a certain wrong prediction (NLL floor), a single class never predicted
    rows = np.array([[0.6, 0.3, 0.1], [0.2, 0.2, 0.6], [1 / 3, 1 / 3, 1 / 3], [0.4, 0.4, 0.2],
                     [1.0, 0.0, 0.0], [0.8, 0.1, 0.1], [0.0, 1.0, 0.0], [0.5, 0.5, 0.0]])
    pick = rng.integers(0, len(rows), size=61)
    labels = rng.integers(0, 3, size=61)
    cases.append(classification_case("tied", rows[pick], labels))
    return cases


# ---------------------------------------------------------------- ranking
def auroc_pairs(pos, neg):
    pos = np.asarray(pos)[:, None]
    neg = np.asarray(neg)[None, :]
    return float(((pos > neg).sum() + 0.5 * (pos == neg).sum()) / (pos.size * neg.size))


def average_precision(scores, positive):
    """scikit-learn's average_precision_score for binary labels, transcribed."""
    if sk_average_precision is not None:
        return float(sk_average_precision(positive.astype(int), scores))
    order = np.argsort(-scores, kind="mergesort")
    s = scores[order]
    y = positive[order].astype(float)
    # indices of the last occurrence of each distinct score (as _binary_clf_curve)
    distinct = np.where(np.diff(s))[0]
    ends = np.r_[distinct, y.size - 1]
    tps = np.cumsum(y)[ends]
    fps = 1 + ends - tps
    precision = tps / (tps + fps)
    recall = tps / tps[-1]
    ap = 0.0
    previous_recall = 0.0
    for p, r in zip(precision, recall):
        ap += (r - previous_recall) * p
        previous_recall = r
    return float(ap)


def fpr_at_95_tpr(scores, positive):
    P = positive.sum()
    N = (~positive).sum()
    best = math.inf
    for t in np.unique(scores):
        flagged = scores >= t
        tpr = (flagged & positive).sum() / P
        if tpr >= 0.95:
            best = min(best, (flagged & ~positive).sum() / N)
    return float(best)


def ranking_case(name, scores, positive):
    pos = scores[positive]
    neg = scores[~positive]
    u = stats.mannwhitneyu(pos, neg, alternative="two-sided").statistic
    auroc = float(u / (pos.size * neg.size))
    close(auroc, auroc_pairs(pos, neg), 1e-14, name + " auroc")
    return {
        "name": name,
        "scores": scores.tolist(),
        "positive": positive.tolist(),
        "auroc": auroc,
        "aupr": average_precision(scores, positive),
        "fpr95": fpr_at_95_tpr(scores, positive),
    }


def ranking_cases():
    cases = []
    # in-distribution first, then OOD (the positive class): also read through the (in, out) overloads
    in_scores = rng.normal(0.0, 1.0, size=300)
    out_scores = rng.normal(1.0, 1.5, size=120)
    cases.append(ranking_case("continuous_in_out", np.r_[in_scores, out_scores],
                              np.r_[np.zeros(300, bool), np.ones(120, bool)]))
    in_scores = rng.integers(0, 6, size=200) / 2
    out_scores = rng.integers(2, 9, size=80) / 2
    cases.append(ranking_case("tied_in_out", np.r_[in_scores, out_scores],
                              np.r_[np.zeros(200, bool), np.ones(80, bool)]))
    scores = np.round(rng.normal(size=150), 1)
    positive = rng.random(150) < 0.3 + 0.4 * (scores > 0)
    cases.append(ranking_case("tied_mixed", scores, positive))
    return cases


# ---------------------------------------------------------------- selective
def risk_coverage(confidence, correct):
    n = len(confidence)
    order = np.argsort(-confidence, kind="stable")
    c = confidence[order]
    err = (~correct[order]).astype(float)
    coverage, risk, per_k = [], [], []
    k = 0
    while k < n:
        end = k
        while end + 1 < n and c[end + 1] == c[k]:
            end += 1
        kept = end + 1
        r = err[:kept].sum() / kept
        coverage.append(kept / n)
        risk.append(r)
        per_k.extend([r] * (kept - k))  # every k inside the tie group takes the group-end risk
        k = kept
    return coverage, risk, float(np.mean(per_k))


def selective_case(name, confidence, correct):
    coverage, risk, aurc = risk_coverage(confidence, correct)
    return {"name": name, "confidence": confidence.tolist(), "correct": correct.tolist(),
            "coverage": coverage, "risk": risk, "aurc": aurc}


def selective_cases():
    conf = rng.uniform(0.2, 1.0, size=180)
    correct = rng.random(180) < conf
    tied = np.round(rng.uniform(0.3, 1.0, size=90), 1)
    tied_correct = rng.random(90) < tied
    return [selective_case("continuous", conf, correct), selective_case("tied", tied, tied_correct)]


# ---------------------------------------------------------------- regression
def quad(f, a, b):
    value, _ = integrate.quad(f, a, b, epsabs=0, epsrel=2e-14, limit=400)
    return value


def crps_quad(mu, sigma, y):
    """sigma * [int_{-inf}^z Phi(t)^2 dt + int_z^inf (1 - Phi(t))^2 dt], z = (y - mu) / sigma; the
    infinite pieces are split at 0 so that quad sees each tail on its own."""
    z = (y - mu) / sigma
    lo, hi = min(z, 0.0), max(z, 0.0)
    below = quad(lambda t: special.ndtr(t) ** 2, -np.inf, lo) + quad(lambda t: special.ndtr(t) ** 2, lo, z)
    above = quad(lambda t: special.ndtr(-t) ** 2, z, hi) + quad(lambda t: special.ndtr(-t) ** 2, hi, np.inf)
    return sigma * (below + above)


def crps_closed(mu, sigma, y):
    z = (y - mu) / sigma
    return sigma * (z * (2 * special.ndtr(z) - 1) + 2 * stats.norm.pdf(z) - 1 / math.sqrt(math.pi))


def regression_case(name, n, level):
    mean = rng.normal(0.0, 2.0, size=n)
    std = np.exp(0.5 * rng.normal(size=n))
    y = mean + std * rng.standard_t(df=4, size=n)
    variance = std ** 2
    half = special.ndtri(0.5 + level / 2) * std
    lower, upper = mean - half, mean + half
    y[0], y[1] = upper[0], lower[1]  # on the interval's ends: inside (both ends count)
    crps_each = [crps_quad(m, s, t) for m, s, t in zip(mean, np.sqrt(variance), y)]
    for m, s, t, q in zip(mean, np.sqrt(variance), y, crps_each):
        close(q, crps_closed(m, s, t), 1e-11, "crps")
    return {
        "name": name, "mean": mean.tolist(), "variance": variance.tolist(), "std": np.sqrt(variance).tolist(),
        "lower": lower.tolist(), "upper": upper.tolist(), "y": y.tolist(),
        "rmse": float(np.sqrt(np.mean((mean - y) ** 2))),
        "gaussian_nll": float(-stats.norm.logpdf(y, mean, np.sqrt(variance)).mean()),
        "crps": float(np.mean(crps_each)),
        "picp": float(np.mean((lower <= y) & (y <= upper))),
        "interval_width": float(np.mean(upper - lower)),
    }


# ---------------------------------------------------------------- standard normal
def normal_reference():
    xs = [-37.0, -30.5, -20.0, -10.0, -8.3, -6.0, -5.657, -4.0, -2.5, -1.3, -0.66291, -0.5, -0.1,
          -1e-8, 0.0, 1e-300, 0.05, 0.3, 0.66291, 0.7, 1.0, 1.96, 2.9, 5.0, 6.5, 8.0]
    ps = [1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 0.001, 0.02, 0.02425, 0.03, 0.1, 0.25, 0.3,
          0.4999999999, 0.5, 0.5000000001, 0.6, 0.75, 0.9, 0.95, 0.975, 0.97575, 0.99, 1 - 1e-5,
          1 - 1e-10, 1 - 1e-15]
    erf_xs = [-6.0, -3.0, -0.46875, -0.3, -1e-10, 0.0, 1e-20, 0.2, 0.46875, 0.5, 1.0, 2.5, 4.0,
              4.5, 6.0, 10.0, 26.0]
    out = {"x": xs, "cdf": [], "pdf": [], "p": ps, "quantile": [], "erf_x": erf_xs, "erf": [], "erfc": []}
    for x in xs:
        mx = mpmath.mpf(x)
        cdf = float(mpmath.ncdf(mx))
        pdf = float(mpmath.npdf(mx))
        close(cdf, float(special.ndtr(x)), 1e-12, "cdf %r" % x)
        close(pdf, float(stats.norm.pdf(x)), 1e-12, "pdf %r" % x)
        out["cdf"].append(cdf)
        out["pdf"].append(pdf)
    for p in ps:
        # invert the high-precision CDF at the double p itself
        q = mpmath.findroot(lambda t: mpmath.ncdf(t) - mpmath.mpf(p), mpmath.mpf(special.ndtri(p)))
        q = 0.0 if p == 0.5 else float(q)  # the root is 0 exactly; findroot stops at ~1e-60
        close(q, float(special.ndtri(p)), 1e-12, "quantile %r" % p)
        out["quantile"].append(q)
    for x in erf_xs:
        mx = mpmath.mpf(x)
        out["erf"].append(float(mpmath.erf(mx)))
        out["erfc"].append(float(mpmath.erfc(mx)))
        close(out["erfc"][-1], float(special.erfc(x)), 1e-12, "erfc %r" % x)
    return out


def main():
    reference = {
        "seed": SEED,
        "generator": "metrics_reference.py (numpy %s, scipy %s, mpmath %s, sklearn %s)" % (
            np.__version__, __import__("scipy").__version__, mpmath.__version__,
            "absent" if sk_average_precision is None else "present"),
        "classification": classification_cases(),
        "ranking": ranking_cases(),
        "selective": selective_cases(),
        "regression": [regression_case("student_t_noise", 200, 0.9)],
        "normal": normal_reference(),
    }
    sys.stdout.write(encode(reference) + "\n")


if __name__ == "__main__":
    main()
