package org.bdl4j.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.bdl4j.bo.BayesianOptimizer;
import org.bdl4j.bo.TestFunction;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.Methods;
import org.bdl4j.method.PosteriorMethod;
import org.bdl4j.options.OptionValues;

/**
 * BO: Bayesian optimisation of Branin (50 evaluations) and Hartmann-6 (200) by {@link BayesianOptimizer}
 * with each surrogate method named ({@code --methods}, default the deep ensemble of 5; e.g. {@code laplace},
 * the last-layer Laplace of DNGO's form), the network and training of
 * {@link BayesianOptimizer#surrogateDefaults} (50-50 tanh, 500 epochs of batch 16, Adam lr 1e-2, weight
 * decay 1e-3 per example) and expected improvement, against random search with the same number of
 * evaluations, over seeds 1..N ({@code --first-seed} moves the start). One JSON line per function,
 * method and seed with the simple regret (best value − the known minimum) after every evaluation
 * ({@code regret_at_K}) and the run's seconds.
 */
final class BoBench {
    private BoBench() {}

    /** Runs seeds {@code firstSeed} to {@code firstSeed + seeds − 1} (a long run split over processes). */
    static void run(List<String> functions, List<String> methods, int firstSeed, int seeds) {
        for (String name : functions) {
            TestFunction f = TestFunction.named(name);
            if (f == null) {
                throw new IllegalArgumentException("BO functions are branin and hartmann6, found " + name);
            }
            int budget = f == TestFunction.BRANIN ? 50 : 200;
            for (int seed = firstSeed; seed < firstSeed + seeds; seed++) {
                for (String m : methods) {
                    PosteriorMethod method = Methods.get(m);
                    Map<String, String> texts = m.equals("ensemble")
                            ? Map.of("members", "5", "seed", Integer.toString(seed)) : Map.of("seed", Integer.toString(seed));
                    OptionValues options = BayesianOptimizer.surrogateOptions(Methods.parseOptions(texts, List.of(method)));
                    long t0 = System.nanoTime();
                    BayesianOptimizer.Result r = BayesianOptimizer.run(f::evaluate, f.box(), method,
                            rows -> FitRequest.fromOptions(rows, null, options).build(),
                            BayesianOptimizer.Settings.defaults(budget, f.box().dimension(), seed), null, null);
                    line(f, m + "+ei", seed, r.bestSoFar(), (System.nanoTime() - t0) / 1e9);
                }
                line(f, "random", seed, randomSearch(f, budget, seed), 0);
            }
        }
    }

    private static double[] randomSearch(TestFunction f, int budget, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] best = new double[budget];
        double b = Double.POSITIVE_INFINITY;
        int d = f.box().dimension();
        for (int i = 0; i < budget; i++) {
            double[] u = new double[d];
            for (int j = 0; j < d; j++) {
                u[j] = rng.nextDouble();
            }
            b = Math.min(b, f.evaluate(f.box().fromUnit(u)));
            best[i] = b;
        }
        return best;
    }

    private static void line(TestFunction f, String method, int seed, double[] bestSoFar, double seconds) {
        JsonLine line = new JsonLine("BO", method, seed).setting("function", f.cliName())
                .setting("budget", bestSoFar.length)
                .setting("surrogate", "50-50 tanh, 500 epochs of batch 16, lr 0.01, weight decay 1e-3 (ensemble: 5 members); EI (plug-in"
                        + " incumbent); 2d+2 LHS start");
        for (int i = 0; i < bestSoFar.length; i++) {
            line.metric("regret_at_" + (i + 1), bestSoFar[i] - f.minimum());
        }
        line.time("run", seconds);
        line.print();
    }

    static List<String> all() {
        return Arrays.stream(TestFunction.values()).map(TestFunction::cliName).toList();
    }
}
