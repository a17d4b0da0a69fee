package org.bdl4j.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.bdl4j.data.EvaluationSet;
import org.bdl4j.data.GeneratedSets;
import org.bdl4j.data.SetSpec;
import org.bdl4j.method.Methods;
import org.bdl4j.method.PosteriorMethod;
import org.bdl4j.train.MapPosterior;

/**
 * The {@code BATTERY} workload: every method of the registry with the command line's defaults on many
 * small data sets, against MAP. For each set ({@link GeneratedSets}, and the {@link FashionSubsets} when
 * the data directory exists) and each chosen method that fits the set's likelihood, one JSON line
 * ({@link BatteryCell}, metrics of {@link CellMetrics}); then one {@code BATTERY-SUMMARY} line per method
 * ({@link BatterySummary}); then the summary as a markdown table on stderr, so that stdout stays JSON lines.
 *
 * <pre>
 *   Bench BATTERY [--sets a,b,...] [--methods m,...] [--quick] [--no-fashion] [--data DIR]
 * </pre>
 *
 * {@code --quick} runs {@link GeneratedSets#smoke()} only. {@code map} is always run and printed: every
 * comparison refers to it. Seeds: every method on a set is fitted with the set's seed (the FNV-1a hash of
 * its name, {@link SetSpec#seedOf}), which also made its data.
 */
final class Battery {
    static final String WORKLOAD = "BATTERY";

    /**
     * What to run.
     *
     * @param sets set names, empty for all (the quick ones with {@code quick})
     * @param methods method names, empty for every method of the registry
     * @param fashion whether the Fashion-MNIST subsets join a run of all sets
     */
    record Selection(List<String> sets, List<String> methods, boolean quick, boolean fashion) {}

    private Battery() {}

    static void run(Path fashionDir, Selection selection) {
        List<PosteriorMethod> methods = selection.methods().isEmpty() ? Methods.all()
                : selection.methods().stream().map(Methods::get).toList();
        Map<String, Supplier<EvaluationSet>> sets = sets(selection, fashionDir);
        Map<String, List<BatteryCell>> byMethod = new LinkedHashMap<>();
        byMethod.put(MapPosterior.METHOD, new ArrayList<>());
        methods.forEach(m -> byMethod.putIfAbsent(m.name(), new ArrayList<>()));
        long t0 = System.nanoTime();
        int done = 0;
        for (Map.Entry<String, Supplier<EvaluationSet>> s : sets.entrySet()) {
            long s0 = System.nanoTime();
            new BatterySetRun(s.getValue().get()).run(methods, cell -> {
                cell.toJson().print();
                byMethod.get(cell.method()).add(cell);
            });
            done++;
            System.err.printf(Locale.ROOT, "battery: %s (%d/%d) in %.0f s%n", s.getKey(), done, sets.size(),
                    (System.nanoTime() - s0) / 1e9);
        }
        List<BatterySummary> summaries = new ArrayList<>();
        byMethod.forEach((method, cells) -> summaries.add(BatterySummary.of(method, cells)));
        summaries.forEach(s -> s.toJson().print());
        BatteryTable.print(summaries, System.err);
        System.err.printf(Locale.ROOT, "battery: %d sets, %d cells in %.0f s%n", sets.size(),
                byMethod.values().stream().mapToInt(List::size).sum(), (System.nanoTime() - t0) / 1e9);
    }

    /** The chosen sets by name, made when their turn comes; unknown names fail before anything runs. */
    private static Map<String, Supplier<EvaluationSet>> sets(Selection selection, Path fashionDir) {
        List<String> names = new ArrayList<>(selection.sets());
        if (names.isEmpty()) {
            (selection.quick() ? GeneratedSets.smoke() : GeneratedSets.all()).forEach(s -> names.add(s.name()));
            if (!selection.quick() && selection.fashion() && FashionSubsets.available(fashionDir)) {
                names.addAll(FashionSubsets.names());
            }
        }
        Map<String, Supplier<EvaluationSet>> out = new LinkedHashMap<>();
        for (String name : names) {
            if (FashionSubsets.names().contains(name)) {
                out.put(name, () -> FashionSubsets.load(name, fashionDir));
            } else {
                SetSpec spec = GeneratedSets.named(name);
                out.put(name, () -> GeneratedSets.generate(spec));
            }
        }
        return out;
    }
}
