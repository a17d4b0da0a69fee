package org.bdl4j.ensemble;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;
import org.bdl4j.Likelihood;
import org.bdl4j.data.Dataset;
import org.bdl4j.nn.Architecture;
import org.bdl4j.nn.DropoutMode;
import org.bdl4j.nn.IntraOpThreads;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.nn.Seeds;
import org.bdl4j.nn.StackedMlp;
import org.bdl4j.nn.TaskPool;
import org.bdl4j.train.MapTrainer;
import org.bdl4j.train.TrainingResult;

/**
 * Trains the M members of a deep ensemble, sequentially or vectorised. Member m's seed is
 * s_m = {@code Seeds.derive(seed, m)}: its weights are initialised as {@code Network.create(spec, s_m)}
 * and its data order is that of {@code MapTrainer.withSeed(s_m)}, in either mode, so the two modes
 * start every member from the same point and feed it the same minibatches (only the dropout masks
 * and floating-point summation order differ).
 */
final class MemberTraining {
    private MemberTraining() {}

    /** The trained members (owned by the caller) and what the run did. */
    record Members(List<Network> networks, double[] sigmaNoise, long[] seeds, EnsembleTraining mode,
            TrainingResult firstResult, double seconds) {}

    static Members train(NetworkSpec spec, Likelihood likelihood, Dataset train, Dataset validation, MapTrainer trainer,
            long seed, EnsembleOptions options) {
        EnsembleTraining mode = resolve(options.training(), spec, TaskPool.workers(options.members()),
                IntraOpThreads.smallStep(spec, trainer.batchSize()));
        long[] seeds = new long[options.members()];
        for (int m = 0; m < seeds.length; m++) {
            seeds[m] = Seeds.derive(seed, m);
        }
        long t0 = System.nanoTime();
        Members out = mode == EnsembleTraining.SEQUENTIAL
                ? sequential(spec, likelihood, train, validation, trainer, seeds)
                : vectorized(spec, likelihood, train, validation, trainer, seed, seeds);
        return new Members(out.networks(), out.sigmaNoise(), seeds, mode, out.firstResult(),
                (System.nanoTime() - t0) / 1e9);
    }

    /**
     * The mode to train in: {@code AUTO} trains an MLP vectorised when its steps are small
     * ({@link IntraOpThreads#smallStep}: per-operation overheads dominate, and stacking shares them) or
     * when there is one worker, and every other network apart on the workers. Measured on 2 cores
     * (docs/benchmarks.md, "Inter-op parallelism"): five W1 members took 15.2 s apart on two workers
     * against 22.9 s vectorised, five small W3s members 0.88 s apart against 0.58 s vectorised.
     */
    static EnsembleTraining resolve(EnsembleTraining requested, NetworkSpec spec, int workers, boolean smallSteps) {
        if (requested == EnsembleTraining.AUTO) {
            return spec.architecture() == Architecture.MLP && (workers == 1 || smallSteps) ? EnsembleTraining.VECTORIZED
                    : EnsembleTraining.SEQUENTIAL;
        }
        if (requested == EnsembleTraining.VECTORIZED && spec.architecture() != Architecture.MLP) {
            throw new IllegalArgumentException("vectorised ensemble training needs an MLP, found "
                    + spec.architecture().cliName());
        }
        return requested;
    }

    /**
     * Each member on its own network, on the workers of {@link TaskPool} (one after the other when it
     * has one): a member depends only on its seed, so the members are those of training them one after
     * the other. With several workers the trainer's listeners see the members as one run
     * ({@link JointMemberProgress}).
     */
    private static Members sequential(NetworkSpec spec, Likelihood likelihood, Dataset train, Dataset validation,
            MapTrainer trainer, long[] seeds) {
        int workers = TaskPool.workers(seeds.length);
        MapTrainer reporting = workers > 1 && !trainer.listeners().isEmpty()
                ? trainer.withListeners(List.of(new JointMemberProgress(trainer.listeners(), seeds.length)))
                : trainer;
        List<Trained> trained = TaskPool.map(seeds.length, m -> {
            Network net = Network.create(spec, DropoutMode.STANDARD, seeds[m]);
            try {
                return new Trained(net, one(net, likelihood, train, validation, reporting, seeds[m]));
            } catch (RuntimeException e) {
                net.close();
                throw e;
            }
        }, t -> t.net().close());
        List<Network> nets = new ArrayList<>();
        double[] sigma = new double[seeds.length];
        for (int m = 0; m < seeds.length; m++) {
            nets.add(trained.get(m).net());
            sigma[m] = trained.get(m).result().sigmaNoise();
        }
        return new Members(nets, sigma, seeds, EnsembleTraining.SEQUENTIAL, trained.get(0).result(), 0);
    }

    private record Trained(Network net, TrainingResult result) {}

    /**
     * Trains one member, {@code net} created by {@code Network.create(spec, STANDARD, seed)}, as sequential
     * training does: the trainer with the member's seed.
     */
    static TrainingResult one(Network net, Likelihood likelihood, Dataset train, Dataset validation,
            MapTrainer trainer, long seed) {
        return trainer.withSeed(seed).train(net, likelihood, train, validation);
    }

    private static Members vectorized(NetworkSpec spec, Likelihood likelihood, Dataset train, Dataset validation,
            MapTrainer trainer, long seed, long[] seeds) {
        List<float[]> init = new ArrayList<>();
        Device device = null;
        for (long s : seeds) {
            try (Network net = Network.create(spec, DropoutMode.STANDARD, s)) {
                init.add(net.parameters());
                device = net.device();
            }
        }
        try (StackedMlp stacked = StackedMlp.of(spec, init, device)) {
            VectorizedTrainer.Result r = VectorizedTrainer.train(stacked, likelihood, train, validation, trainer, seeds,
                    Seeds.derive(seed, -1));
            List<Network> nets = new ArrayList<>();
            try {
                for (int m = 0; m < seeds.length; m++) {
                    nets.add(Network.withParameters(spec, DropoutMode.STANDARD, stacked.member(m), device));
                }
            } catch (RuntimeException e) {
                nets.forEach(Network::close);
                throw e;
            }
            return new Members(nets, r.sigmaNoise(), seeds, EnsembleTraining.VECTORIZED, r.training(), 0);
        }
    }
}
