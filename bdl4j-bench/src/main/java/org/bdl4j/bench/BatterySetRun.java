package org.bdl4j.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.bdl4j.Posterior;
import org.bdl4j.Predictive;
import org.bdl4j.data.EvaluationSet;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.MapMethod;
import org.bdl4j.method.Methods;
import org.bdl4j.method.PosteriorMethod;
import org.bdl4j.method.RequestOptions;
import org.bdl4j.metrics.PredictiveValidity;
import org.bdl4j.options.OptionValues;
import org.bdl4j.train.MapPosterior;

/**
 * Every chosen method on one set, with the command line's defaults: the request is
 * {@code FitRequest.fromOptions(train, null, {seed})}, the seed the set's. The MAP is trained once and
 * handed to the post-hoc methods (as {@code compare} does; it is the network {@code Methods.fit} would
 * train from the same request); {@code map} itself is always measured first, as every comparison
 * refers to it. A crash of a fit, a prediction or MAP training is caught and recorded in the cell.
 */
final class BatterySetRun {
    private final EvaluationSet set;
    private final FitRequest request;

    BatterySetRun(EvaluationSet set) {
        this.set = set;
        this.request = FitRequest.fromOptions(set.train(), null,
                OptionValues.empty().with(RequestOptions.SEED, set.seed())).build();
    }

    /**
     * Measures {@code map} and then each of {@code methods} (those this set's likelihood supports),
     * handing every cell to {@code out} as soon as it is measured.
     */
    void run(List<PosteriorMethod> methods, Consumer<BatteryCell> out) {
        long t0 = System.nanoTime();
        MapPosterior map;
        try {
            map = MapMethod.train(request);
        } catch (RuntimeException e) {
            double seconds = seconds(t0);
            for (PosteriorMethod m : withMapFirst(methods)) {
                BatteryCell c = m.startsFromMap()
                        ? crashed(m, "MAP training: " + BatteryCell.oneLine(e), seconds, seconds)
                        : measure(m, null, 0, Map.of());
                out.accept(c);
            }
            return;
        }
        try (map) {
            double mapSeconds = seconds(t0);
            Map<String, Double> reference = Map.of();
            for (PosteriorMethod m : withMapFirst(methods)) {
                BatteryCell c = measure(m, map, mapSeconds, reference);
                if (m.name().equals(MapPosterior.METHOD)) {
                    reference = c.metrics();
                }
                out.accept(c);
            }
        }
    }

    private List<PosteriorMethod> withMapFirst(List<PosteriorMethod> methods) {
        List<PosteriorMethod> out = new ArrayList<>();
        out.add(Methods.get(MapPosterior.METHOD));
        for (PosteriorMethod m : methods) {
            if (!m.name().equals(MapPosterior.METHOD) && m.likelihoods().contains(request.likelihood())) {
                out.add(m);
            }
        }
        return out;
    }

    private BatteryCell measure(PosteriorMethod m, MapPosterior map, double mapSeconds, Map<String, Double> reference) {
        boolean posthoc = m.startsFromMap();
        long t0 = System.nanoTime();
        try (Posterior post = Methods.fit(m, posthoc ? request.withBase(map) : request)) {
            double own = seconds(t0);
            boolean isMap = m.name().equals(MapPosterior.METHOD);
            double methodSeconds = isMap ? mapSeconds : own;
            double fitSeconds = isMap ? mapSeconds : (posthoc ? mapSeconds : 0) + own;
            long p0 = System.nanoTime();
            Predictive test = post.predict(set.test());
            Predictive ood = post.predict(set.ood());
            Predictive train = set.hasGap() ? post.predict(set.train()) : null;
            double predictSeconds = seconds(p0);
            Optional<String> invalid = firstViolation(test, ood, train);
            if (invalid.isPresent()) {
                return cell(m, Map.of(), fitSeconds, methodSeconds, predictSeconds, null, invalid.get());
            }
            Map<String, Double> metrics;
            try {
                metrics = new LinkedHashMap<>(CellMetrics.of(set, test, ood, train));
            } catch (IllegalArgumentException e) {
                return cell(m, Map.of(), fitSeconds, methodSeconds, predictSeconds, null,
                        "metrics: " + BatteryCell.oneLine(e));
            }
            CellMetrics.compareWithMap(metrics, isMap ? Map.copyOf(metrics) : reference);
            return cell(m, metrics, fitSeconds, methodSeconds, predictSeconds, null, null);
        } catch (RuntimeException e) {
            double seconds = seconds(t0);
            return crashed(m, BatteryCell.oneLine(e), (posthoc ? mapSeconds : 0) + seconds, seconds);
        }
    }

    private static Optional<String> firstViolation(Predictive test, Predictive ood, Predictive train) {
        Optional<String> v = PredictiveValidity.violation(test).map(s -> "test: " + s);
        if (v.isEmpty()) {
            v = PredictiveValidity.violation(ood).map(s -> "ood: " + s);
        }
        if (v.isEmpty() && train != null) {
            v = PredictiveValidity.violation(train).map(s -> "train: " + s);
        }
        return v;
    }

    private BatteryCell crashed(PosteriorMethod m, String message, double fitSeconds, double methodSeconds) {
        return cell(m, Map.of(), fitSeconds, methodSeconds, 0, message, null);
    }

    private BatteryCell cell(PosteriorMethod m, Map<String, Double> metrics, double fit, double method, double predict,
            String crash, String invalid) {
        return new BatteryCell(set, m.name(), request.likelihood().cliName(), metrics, fit, method, predict, crash,
                invalid);
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
