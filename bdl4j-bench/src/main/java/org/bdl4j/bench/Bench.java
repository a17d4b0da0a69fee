package org.bdl4j.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import org.bdl4j.data.FashionMnist;

/**
 * Runs the workloads of docs/benchmarks.md and prints one JSON line each on stdout.
 *
 * <pre>
 *   java ... org.bdl4j.bench.Bench [W1 W1CLI W2 W3 W3s W4 W4C W4U W5 FLAT SWAG VI SGLD ...] [--data DIR] [--epochs 3,20]
 *       [--no-baseline] [--laplace last-kron,last-full,all-kron] [--posterior method=NAME,OPTION=VALUE,...]
 *   java ... org.bdl4j.bench.Bench BATTERY [--sets a,b,...] [--methods m,...] [--quick] [--no-fashion]
 *   java ... org.bdl4j.bench.Bench OOD [--networks mlp,lenet] [--methods map,ensemble,...] [--data DIR]
 *       [--extra-ood NAME=PATH,...]
 *   java ... org.bdl4j.bench.Bench ACTIVE [--methods mc-dropout,laplace] [--networks lenet,mlp]
 *       [--acquisitions random,bald,batchbald,...] [--rounds 20] [--first-seed 1] [--seeds 2] [--data DIR]
 *   java ... org.bdl4j.bench.Bench BO [--functions branin,hartmann6] [--methods ensemble,laplace] [--seeds 2]
 *       [--first-seed 1]
 *   java ... org.bdl4j.bench.Bench CONTINUAL [--sequences permuted:5,split:5-task,split:5-class] [--methods ...]
 *       [--lambdas 1,10] [--first-seed 1] [--seeds 1] [--choose-lambda]
 *   java ... org.bdl4j.bench.Bench SCALE [--quick] [--sweeps rows,width,classes,members,samples]
 *   java ... org.bdl4j.bench.Bench W6 [--methods map,ensemble,vi,swag,laplace-last-layer,laplace-all-kfac,mc-dropout]
 *       [--networks lenet|ub-lenet] [--patience EPOCHS]
 *       [--recipe bdl4j|published] [--first-seed 1]
 *   java ... org.bdl4j.bench.Bench FIGURE --lines a.jsonl,b.log --metric acc|regret --out FILE.png [--title T]
 * </pre>
 *
 * {@code --posterior} adds a run of {@link PosteriorBench} with any method of the registry and its
 * options by name, e.g. {@code --posterior method=swag,swag-epochs=10}. {@code --extra-ood} adds OOD sets to
 * {@code OOD}: each PATH an IDX3 file of 28x28 images, scored as the set NAME (see {@link OodFashion}).
 *
 * W1 runs once per epoch budget; W2, W3 and W4 train for the first budget only; W5 always trains 3 epochs.
 * {@code BATTERY} ({@link Battery}) runs every method with the command line's defaults on the generated
 * sets (and the Fashion-MNIST subsets when {@code --data} exists). {@code SCALE} ({@link ScaleWorkload})
 * measures how time and memory grow with rows, width, classes, ensemble members and Monte Carlo samples;
 * {@code --quick} runs tiny sizes, {@code --sweeps} a subset of the sweeps. {@code FIGURE} ({@link CurveFigure})
 * draws the learning curves of ACTIVE and the regret curves of BO from their JSON lines.
 */
public final class Bench {
    private Bench() {}

    public static void main(String[] args) {
        Set<String> workloads = new LinkedHashSet<>();
        Path data = FashionMnist.DEFAULT_DIR;
        int[] epochs = {3, 20};
        boolean baseline = true;
        java.util.List<String> laplace = java.util.List.of("last-kron", "last-full", "all-kron");
        java.util.List<java.util.Map<String, String>> posteriors = new java.util.ArrayList<>();
        java.util.List<String> sets = java.util.List.of();
        java.util.List<String> methods = java.util.List.of();
        boolean quick = false;
        boolean fashion = true;
        java.util.List<String> networks = null;
        java.util.List<String> acquisitions = ActiveFashion.DEFAULT_ACQUISITIONS;
        int rounds = ActiveFashion.DEFAULT_ROUNDS;
        java.util.Map<String, Path> extraOod = new java.util.LinkedHashMap<>();
        int seeds = 2;
        int firstSeed = 1;
        java.util.List<String> functions = BoBench.all();
        java.util.List<String> sequences = java.util.List.of("permuted:5", "split:5-task", "split:5-class");
        java.util.List<Double> lambdas = java.util.List.of(1.0, 10.0);
        Integer continualSeeds = null;
        boolean chooseLambda = false;
        java.util.List<String> sweeps = ScaleWorkload.SWEEPS;
        int patience = W6LeNet.PATIENCE;
        W6LeNet.Recipe recipe = W6LeNet.Recipe.BDL4J;
        java.util.List<Path> lines = java.util.List.of();
        String metric = "acc";
        Path figure = Path.of("figure.png");
        String title = "";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = Path.of(args[++i]);
                case "--epochs" -> epochs = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--no-baseline" -> baseline = false;
                case "--laplace" -> laplace = java.util.List.of(args[++i].split(","));
                case "--posterior" -> posteriors.add(keyValues(args[i], args[++i]));
                case "--sets" -> sets = java.util.List.of(args[++i].split(","));
                case "--methods" -> methods = java.util.List.of(args[++i].split(","));
                case "--quick" -> quick = true;
                case "--no-fashion" -> fashion = false;
                case "--networks" -> networks = java.util.List.of(args[++i].split(","));
                case "--patience" -> patience = Integer.parseInt(args[++i]);
                case "--recipe" -> recipe = W6LeNet.Recipe.parse(args[++i]);
                case "--lines" -> lines = Arrays.stream(args[++i].split(",")).map(Path::of).toList();
                case "--metric" -> metric = args[++i];
                case "--out" -> figure = Path.of(args[++i]);
                case "--title" -> title = args[++i];
                case "--extra-ood" -> keyValues(args[i], args[++i]).forEach((name, file) ->
                        extraOod.put(name, Path.of(file)));
                case "--seeds" -> {
                    seeds = Integer.parseInt(args[++i]);
                    continualSeeds = seeds;
                }
                case "--acquisitions" -> acquisitions = java.util.List.of(args[++i].split(","));
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--first-seed" -> firstSeed = Integer.parseInt(args[++i]);
                case "--sequences" -> sequences = java.util.List.of(args[++i].split(","));
                case "--choose-lambda" -> chooseLambda = true;
                case "--lambdas" -> lambdas = Arrays.stream(args[++i].split(",")).map(Double::valueOf).toList();
                case "--functions" -> functions = java.util.List.of(args[++i].split(","));
                case "--sweeps" -> sweeps = java.util.List.of(args[++i].split(","));
                default -> workloads.add(args[i].toUpperCase(java.util.Locale.ROOT).replace("W3S", "W3s"));
            }
        }
        if (workloads.isEmpty() && posteriors.isEmpty()) {
            workloads.add("W1");
        }
        for (String w : workloads) {
            switch (w) {
                case "W1" -> W1MapTraining.run(data, epochs, baseline);
                case "W1CLI" -> W1Cli.run(data, epochs[0]);
                case "W2" -> W2McDropout.run(data, epochs[0]);
                case "W3" -> W3Ensemble.runFashion(data, epochs[0]);
                case "W3s" -> W3Ensemble.runSmall();
                case "W4" -> W4Laplace.run(data, epochs[0], laplace);
                case "W4C" -> W4ManyClasses.run();
                case "W4U" -> W4UserModel.run();
                case "SPARK" -> SparkScoring.run(data);
                case "W5" -> W5PostHoc.run(data);
                case "COMPARE" -> CompareFashion.run(data, epochs[0]);
                case "OOD" -> OodFashion.run(data, networks == null ? java.util.List.of("mlp", "lenet") : networks,
                        methods, extraOod);
                case "W6" -> {
                    if (networks != null && networks.size() != 1) {
                        throw new IllegalArgumentException("W6 runs one network: --networks lenet or ub-lenet");
                    }
                    W6LeNet.run(data, networks == null ? "lenet" : networks.get(0), methods, patience, recipe, firstSeed);
                }
                case "ACTIVE" -> ActiveFashion.run(data, methods.isEmpty() ? java.util.List.of("mc-dropout") : methods,
                        networks == null ? java.util.List.of("lenet") : networks,
                        acquisitions, rounds, firstSeed, seeds);
                case "BO" -> BoBench.run(functions, methods.isEmpty() ? java.util.List.of("ensemble") : methods, firstSeed,
                        seeds);
                case "CONTINUAL" -> ContinualFashion.run(data, sequences, methods, lambdas,
                        firstSeed, continualSeeds == null ? 1 : continualSeeds, chooseLambda);
                case "FLAT" -> FlatParametersTiming.run();
                case "BATTERY" -> Battery.run(data, new Battery.Selection(sets, methods, quick, fashion));
                case "SCALE" -> ScaleWorkload.run(quick, sweeps);
                case "THREADS" -> ThreadSweep.run();
                case "FIGURE" -> CurveFigure.run(lines, metric, figure, title);
                default -> {
                    if (PosteriorBench.PRESETS.containsKey(w)) {
                        PosteriorBench.run(data, w, PosteriorBench.PRESETS.get(w));
                        continue;
                    }
                    System.err.println("bench: unknown workload '" + w
                            + "' (available: W1, W1CLI, W2, W3, W3s, W4, W4C, W4U, W5, W6, FLAT, SWAG, VI, SGLD, BATTERY, "
                            + "SCALE, THREADS, FIGURE)");
                    System.exit(2);
                }
            }
        }
        for (java.util.Map<String, String> p : posteriors) {
            PosteriorBench.run(data, "POSTERIOR", p);
        }
    }

    /** {@code a=1,b=x}, the value of {@code option}, as an ordered map. */
    private static java.util.Map<String, String> keyValues(String option, String text) {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String part : text.split(",")) {
            int eq = part.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException(option + " takes NAME=VALUE pairs separated by commas, found '"
                        + part + "'");
            }
            out.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
        }
        return out;
    }
}
