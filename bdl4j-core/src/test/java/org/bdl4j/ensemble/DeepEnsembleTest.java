package org.bdl4j.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.GapUncertainty;
import org.bdl4j.Likelihood;
import org.bdl4j.Posterior;
import org.bdl4j.PredictiveAssertions;
import org.bdl4j.RegressionPredictive;
import org.bdl4j.TestTables;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.ToyData;
import org.bdl4j.io.ModelDirectory;
import org.bdl4j.io.ModelFileException;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.Posteriors;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.DropoutMode;
import org.bdl4j.nn.Inputs;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.NetworkOutputs;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.nn.OutputHeads;
import org.bdl4j.nn.StackedMlp;
import org.bdl4j.train.MapTrainer;
import org.bdl4j.train.TrainingListener;
import org.bdl4j.train.TrainingResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeepEnsembleTest {
    private static final EnsembleTraining[] BOTH = {EnsembleTraining.SEQUENTIAL, EnsembleTraining.VECTORIZED};
    private Dataset gapTrain;
    private DeepEnsemble gap; // heteroscedastic, vectorised, full batch
    private Dataset blobs;
    private DeepEnsemble classifier;

    @TempDir
    Path tmp;

    /**
     * Full-batch training to convergence: with noisy minibatch iterates (batch 32, constant lr 1e-2)
     * the members also disagree on the training inputs, which hides the gap (ratios of 1 to 3 seen).
     */
    @BeforeAll
    void fit() {
        gapTrain = GapUncertainty.train(3);
        NetworkSpec spec = NetworkSpec.mlp(new int[] {1}, new int[] {50, 50}, Activation.RELU, 0f, 2);
        gap = DeepEnsemble.fit(FitRequest.builder(gapTrain).likelihood(Likelihood.HETEROSCEDASTIC_GAUSSIAN)
                .network(spec)
                .trainer(MapTrainer.builder().optEpochs(1000).optBatchSize(gapTrain.rows()).optLearningRate(3e-3)
                .build()).seed(1).build(), new EnsembleOptions(5, EnsembleTraining.VECTORIZED));
        blobs = TestTables.blobs(300, 2, 3, 4);
        classifier = DeepEnsemble.fit(FitRequest.builder(blobs).likelihood(Likelihood.CATEGORICAL)
                .network(NetworkSpec.mlp(new int[] {2}, new int[] {16}, Activation.RELU, 0f, 3))
                .trainer(MapTrainer.builder().optEpochs(10).optBatchSize(32).build()).seed(2)
                .build(), EnsembleOptions.of(4));
    }

    @AfterAll
    void close() {
        gap.close();
        classifier.close();
    }

    @Test
    void epistemicSpreadInTheMiddleOfTheGapIsAtLeastThreeTimesThatOnTheData(TestReporter reporter) {
        double ratio = GapUncertainty.ratio(gap, gapTrain);
        reporter.publishEntry("ensemble_gap_ratio", String.format("%.3f", ratio));
        System.out.printf("deep ensemble (M 5, 2 hidden layers of 50): epistemic sd at the gap midpoint / mean on the"
                + " training inputs = %.3f%n", ratio);
        assertThat(ratio).isGreaterThanOrEqualTo(3.0);
    }

    /** The mixture moments recomputed here from each member's raw outputs, in double precision. */
    @Test
    void regressionPredictiveIsTheGaussianMixtureOfTheMembers() {
        Dataset grid = ToyData.grid(-2, 2, 21);
        RegressionPredictive p = gap.predictRegression(grid);
        Dataset xn = gap.schema().toNetworkUnits(grid);
        int n = grid.rows();
        int m = gap.size();
        double[][] mu = new double[m][];
        double[][] var = new double[m][];
        for (int k = 0; k < m; k++) {
            float[] out = NetworkOutputs.compute(gap.members().get(k), xn.features(), xn.featureShape(), n, false);
            mu[k] = OutputHeads.regressionMean(out, n, 2);
            var[k] = OutputHeads.heteroscedasticVariance(out, n);
        }
        double sd = gap.schema().targetScaler().std();
        for (int i = 0; i < n; i++) {
            double mean = 0;
            double alea = 0;
            for (int k = 0; k < m; k++) {
                mean += mu[k][i] / m;
                alea += var[k][i] / m;
            }
            double epi = 0;
            for (int k = 0; k < m; k++) {
                epi += (mu[k][i] - mean) * (mu[k][i] - mean) / m;
            }
            assertThat(p.mean()[i]).isCloseTo(gap.schema().meanToOriginal(mean), within(1e-5 * sd));
            assertThat(p.aleatoricVariance()[i]).isCloseTo(alea * sd * sd, within(1e-5 * alea * sd * sd));
            assertThat(p.epistemicVariance()[i]).isCloseTo(epi * sd * sd, within(1e-4 * epi * sd * sd + 1e-12));
            assertThat(p.totalVariance()[i]).isEqualTo(p.aleatoricVariance()[i] + p.epistemicVariance()[i]);
        }
    }

    @Test
    void classificationPredictiveIsTheMeanOfTheMembersProbabilities() {
        Dataset x = blobs.slice(0, 40);
        ClassificationPredictive p = classifier.predictClasses(x);
        Dataset xn = classifier.schema().toNetworkUnits(x);
        float[][][] samples = new float[classifier.size()][][];
        for (int k = 0; k < samples.length; k++) {
            float[] out = NetworkOutputs.compute(classifier.members().get(k), xn.features(), xn.featureShape(), 40,
                    false);
            samples[k] = OutputHeads.softmax(out, 40, 3);
        }
        ClassificationPredictive expected = ClassificationPredictive.ofSamples(samples, blobs.classNames(), false);
        for (int i = 0; i < 40; i++) {
            for (int c = 0; c < 3; c++) {
                assertThat(p.probabilities()[i][c]).isCloseTo(expected.probabilities()[i][c], within(1e-6));
            }
            assertThat(p.expectedEntropy()[i]).isCloseTo(expected.expectedEntropy()[i], within(1e-5));
        }
        double maxMi = java.util.Arrays.stream(p.mutualInformation()).max().orElseThrow();
        assertThat(maxMi).isGreaterThan(0.0);
    }

    /**
     * Without dropout the two modes start each member from the same weights and feed it the same
     * minibatches, so they differ only by floating-point summation order: the members agree closely.
     * With the fast-gradient-sign term too, this checks the vectorised adversarial step against
     * MapTrainer's.
     */
    @Test
    void sequentialAndVectorisedTrainingGiveTheSameMembers() {
        NetworkSpec spec = NetworkSpec.mlp(new int[] {2}, new int[] {16}, Activation.TANH, 0f, 3);
        float[][] firstMember = new float[2][];
        for (double eps : new double[] {0, 0.02}) {
            MapTrainer trainer = MapTrainer.builder().optEpochs(3).optBatchSize(32).optAdversarialEpsilon(eps).build();
            try (DeepEnsemble seq = DeepEnsemble.fit(FitRequest.builder(blobs).likelihood(Likelihood.CATEGORICAL)
                    .network(spec).trainer(trainer).seed(7)
                    .build(), new EnsembleOptions(3, EnsembleTraining.SEQUENTIAL));
                    DeepEnsemble vec = DeepEnsemble.fit(FitRequest.builder(blobs).likelihood(Likelihood.CATEGORICAL)
                            .network(spec).trainer(trainer).seed(7)
                            .build(), new EnsembleOptions(3, EnsembleTraining.VECTORIZED))) {
                assertThat(vec.memberSeeds()).containsExactly(seq.memberSeeds());
                firstMember[eps == 0 ? 0 : 1] = seq.members().get(0).parameters();
                for (int k = 0; k < 3; k++) {
                    float[] a = seq.members().get(k).parameters();
                    float[] b = vec.members().get(k).parameters();
                    for (int j = 0; j < a.length; j++) {
                        assertThat(b[j]).as("eps %s member %d parameter %d", eps, k, j).isCloseTo(a[j], within(1e-4f));
                    }
                }
            }
        }
        // the adversarial term is active: it moves the weights well beyond that tolerance
        double moved = 0;
        for (int j = 0; j < firstMember[0].length; j++) {
            moved = Math.max(moved, Math.abs(firstMember[0][j] - firstMember[1][j]));
        }
        assertThat(moved).isGreaterThan(1e-3);
    }

    /**
     * The regression paths of vectorised training (the fitted noise σ of each Gaussian member, the
     * variance head of heteroscedastic members) against sequential training: without dropout the two
     * differ only by summation order, so the members' weights and σ agree closely.
     */
    @Test
    void sequentialAndVectorisedTrainingGiveTheSameRegressionMembers() {
        for (Likelihood likelihood : new Likelihood[] {Likelihood.GAUSSIAN, Likelihood.HETEROSCEDASTIC_GAUSSIAN}) {
            NetworkSpec spec = NetworkSpec.mlp(new int[] {1}, new int[] {16}, Activation.TANH, 0f,
                    likelihood.outputs(1));
            MapTrainer trainer = MapTrainer.builder().optEpochs(3).optBatchSize(32).optLearningRate(1e-2).build();
            try (DeepEnsemble seq = DeepEnsemble.fit(FitRequest.builder(gapTrain).likelihood(likelihood)
                    .network(spec).trainer(trainer).seed(8).build(), new EnsembleOptions(3,
                            EnsembleTraining.SEQUENTIAL));
                    DeepEnsemble vec = DeepEnsemble.fit(FitRequest.builder(gapTrain).likelihood(likelihood)
                            .network(spec).trainer(trainer).seed(8).build(), new EnsembleOptions(3,
                                    EnsembleTraining.VECTORIZED))) {
                for (int k = 0; k < 3; k++) {
                    float[] a = seq.members().get(k).parameters();
                    float[] b = vec.members().get(k).parameters();
                    for (int j = 0; j < a.length; j++) {
                        assertThat(b[j]).as("%s member %d parameter %d", likelihood, k, j).isCloseTo(a[j],
                                within(1e-4f));
                    }
                }
                if (likelihood == Likelihood.GAUSSIAN) {
                    assertThat(vec.sigmaNoise()).containsExactly(seq.sigmaNoise(), within(1e-4));
                }
            }
        }
    }

    /**
     * Early stopping on validation rows: the vectorised members each stop on their own validation NLL
     * and are put back to their best epoch, as sequential training does member by member; the two modes
     * give the same members (to summation order). The set overfits (60 noisy rows, lr 0.05, batch 8),
     * so the best epoch lies well before the last and restoring it matters.
     */
    @Test
    void earlyStoppingKeepsEachMembersBestEpochInBothModes() {
        Dataset train = ToyData.twoMoons(60, 0.3, 4);
        Dataset validation = ToyData.twoMoons(200, 0.3, 5);
        NetworkSpec spec = NetworkSpec.mlp(new int[] {2}, new int[] {64}, Activation.TANH, 0f, 2);
        MapTrainer trainer = MapTrainer.builder().optEpochs(150).optPatience(10).optBatchSize(8)
                .optLearningRate(0.05).optPriorPrecision(1e-3).build();
        List<float[]> sequential = new ArrayList<>();
        int[] epochsRun = new int[2];
        for (EnsembleTraining mode : BOTH) {
            java.util.concurrent.atomic.AtomicReference<TrainingResult> last = new java.util.concurrent.atomic.AtomicReference<>();
            try (DeepEnsemble e = DeepEnsemble.fit(FitRequest.builder(train).likelihood(Likelihood.CATEGORICAL)
                    .network(spec).trainer(trainer).validation(validation).standardize(false).seed(3)
                    .progress(new TrainingListener() {
                        @Override
                        public void onEnd(TrainingResult r) {
                            last.set(r);
                        }
                    }).build(), new EnsembleOptions(3, mode))) {
                TrainingResult r = last.get();
                epochsRun[mode == EnsembleTraining.SEQUENTIAL ? 0 : 1] = r.epochs().size();
                assertThat(r.stoppedEarly()).as("%s stopped early", mode).isTrue();
                assertThat(r.bestEpoch()).as("%s best epoch", mode).isLessThan(r.epochs().size() - 9);
                for (int k = 0; k < 3; k++) {
                    float[] w = e.members().get(k).parameters();
                    if (mode == EnsembleTraining.SEQUENTIAL) {
                        sequential.add(w);
                        continue;
                    }
                    for (int j = 0; j < w.length; j++) {
                        assertThat(w[j]).as("member %d parameter %d", k, j).isCloseTo(sequential.get(k)[j], within(1e-4f));
                    }
                }
            }
        }
        System.out.printf("early stopping: sequential's last member ran %d epochs, the vectorised run %d of 150%n",
                epochsRun[0], epochsRun[1]);
        assertThat(epochsRun[0]).isLessThan(150);
        assertThat(epochsRun[1]).isLessThan(150);
    }

    /** With dropout the masks differ between modes; the members are equally good. */
    @Test
    void withDropoutBothModesFitEquallyWell() {
        NetworkSpec spec = NetworkSpec.mlp(new int[] {2}, new int[] {32}, Activation.RELU, 0.2f, 3);
        MapTrainer trainer = MapTrainer.builder().optEpochs(10).optBatchSize(32).build();
        Dataset test = TestTables.blobs(300, 2, 3, 5);
        double[] nll = new double[2];
        for (int i = 0; i < 2; i++) {
            try (DeepEnsemble e = DeepEnsemble.fit(FitRequest.builder(blobs).likelihood(Likelihood.CATEGORICAL)
                    .network(spec).trainer(trainer).seed(9).build(), new EnsembleOptions(3, BOTH[i]))) {
                nll[i] = org.bdl4j.metrics.ClassificationMetrics.nll(e.predictClasses(test).probabilities(),
                        test.labels());
            }
        }
        assertThat(nll[1]).isCloseTo(nll[0], within(0.1 * nll[0]));
    }

    @Test
    void homoscedasticMembersKeepTheirOwnNoise() {
        NetworkSpec spec = NetworkSpec.mlp(new int[] {1}, new int[] {16}, Activation.TANH, 0f, 1);
        for (EnsembleTraining mode : BOTH) {
            try (DeepEnsemble e = DeepEnsemble.fit(FitRequest.builder(gapTrain).likelihood(Likelihood.GAUSSIAN)
                    .network(spec).trainer(MapTrainer.builder().optEpochs(20).optBatchSize(64).optLearningRate(1e-2)
                    .build()).seed(4).build(), new EnsembleOptions(3, mode))) {
                double[] sigma = e.sigmaNoise();
                double expected = 0;
                for (double s : sigma) {
                    assertThat(s).isBetween(0.05, 1.0);
                    expected += s * s / sigma.length;
                }
                double std = e.schema().targetScaler().std();
                RegressionPredictive p = e.predictRegression(gapTrain.slice(0, 5));
                for (int i = 0; i < 5; i++) {
                    assertThat(p.aleatoricVariance()[i]).isCloseTo(expected * std * std, within(1e-9));
                }
            }
        }
    }

    @Test
    void theSameSeedGivesIdenticalPredictions() {
        Dataset x = blobs.slice(0, 30);
        NetworkSpec spec = NetworkSpec.mlp(new int[] {2}, new int[] {8}, Activation.RELU, 0.1f, 3);
        for (EnsembleTraining mode : BOTH) {
            double[][][] p = new double[2][][];
            for (int r = 0; r < 2; r++) {
                try (DeepEnsemble e = DeepEnsemble.fit(FitRequest.builder(blobs).likelihood(Likelihood.CATEGORICAL)
                        .network(spec).trainer(MapTrainer.builder().optEpochs(2).optBatchSize(32).build()).seed(11)
                        .build(), new EnsembleOptions(3, mode))) {
                    p[r] = e.predictClasses(x).probabilities();
                }
            }
            assertThat(p[1]).as(mode.cliName()).isDeepEqualTo(p[0]);
        }
    }

    /**
     * Members trained at once on two workers ({@link org.bdl4j.nn.TaskPool}) are those trained one after
     * the other, bit for bit, with dropout (each network draws its masks from its own stream) and early
     * stopping on validation rows; the progress listener sees one run. The caller runs on one intra-op
     * thread, as each worker does, so that only the parallelism differs.
     */
    @Test
    void membersTrainedOnTwoWorkersAreThoseTrainedOneAfterTheOther() {
        NetworkSpec spec = NetworkSpec.mlp(new int[] {2}, new int[] {16}, Activation.RELU, 0.2f, 3);
        int threads = ai.djl.pytorch.jni.JniUtils.getNumThreads();
        List<List<float[]>> byWorkers = new ArrayList<>();
        int[] starts = new int[2];
        int[] ends = new int[2];
        ai.djl.pytorch.jni.JniUtils.setNumThreads(1);
        try {
            for (int w = 1; w <= 2; w++) {
                System.setProperty(org.bdl4j.nn.TaskPool.PROPERTY, Integer.toString(w));
                int run = w - 1;
                try (DeepEnsemble e = DeepEnsemble.fit(FitRequest.builder(blobs.slice(0, 200))
                        .likelihood(Likelihood.CATEGORICAL).network(spec).validation(blobs.slice(200, 260))
                        .trainer(MapTrainer.builder().optEpochs(30).optPatience(3).optBatchSize(16).build())
                        .progress(new TrainingListener() {
                            @Override
                            public void onStart(int epochs, int batches) {
                                starts[run]++;
                            }

                            @Override
                            public void onEnd(TrainingResult r) {
                                ends[run]++;
                            }
                        }).seed(5).build(), new EnsembleOptions(3, EnsembleTraining.SEQUENTIAL))) {
                    List<float[]> members = new ArrayList<>();
                    e.members().forEach(n -> members.add(n.parameters()));
                    byWorkers.add(members);
                }
            }
        } finally {
            System.clearProperty(org.bdl4j.nn.TaskPool.PROPERTY);
            ai.djl.pytorch.jni.JniUtils.setNumThreads(threads);
        }
        for (int m = 0; m < 3; m++) {
            assertThat(byWorkers.get(1).get(m)).as("member %d", m).isEqualTo(byWorkers.get(0).get(m));
        }
        assertThat(starts).as("starts seen, 1 and 2 workers").containsExactly(3, 1);
        assertThat(ends).as("ends seen, 1 and 2 workers").containsExactly(3, 1);
    }

    /**
     * Members trained apart (in reverse order, as tasks may finish) and assembled are the members of
     * sequential training, bit for bit, homoscedastic σ included; a missing, repeated or foreign member
     * is refused.
     */
    @Test
    void membersTrainedApartAssembleIntoTheSequentialEnsemble() {
        NetworkSpec spec = NetworkSpec.mlp(new int[] {1}, new int[] {8}, Activation.TANH, 0f, 1);
        FitRequest request = FitRequest.builder(gapTrain).likelihood(Likelihood.GAUSSIAN).network(spec)
                .trainer(MapTrainer.builder().optEpochs(5).optBatchSize(32).build()).seed(9).build();
        EnsembleOptions options = new EnsembleOptions(3, EnsembleTraining.SEQUENTIAL);
        List<EnsembleMember> apart = new ArrayList<>();
        for (int m = 2; m >= 0; m--) {
            apart.add(DeepEnsemble.trainMember(request, m));
        }
        try (DeepEnsemble whole = DeepEnsemble.fit(request, options);
                DeepEnsemble joined = DeepEnsemble.assemble(request, options, apart)) {
            for (int m = 0; m < 3; m++) {
                assertThat(joined.members().get(m).parameters()).isEqualTo(whole.members().get(m).parameters());
            }
            assertThat(joined.sigmaNoise()).isEqualTo(whole.sigmaNoise());
            assertThat(joined.memberSeeds()).isEqualTo(whole.memberSeeds());
            assertThat(joined.predictRegression(gapTrain).mean()).isEqualTo(whole.predictRegression(gapTrain).mean());
        }
        assertThatThrownBy(() -> DeepEnsemble.assemble(request, options, apart.subList(0, 2)))
                .hasMessage("member 0 of 3 is missing");
        assertThatThrownBy(() -> DeepEnsemble.assemble(request, options, List.of(apart.get(0), apart.get(0))))
                .hasMessage("member 2 is given twice");
        FitRequest other = FitRequest.builder(gapTrain).likelihood(Likelihood.GAUSSIAN).network(spec)
                .trainer(MapTrainer.builder().optEpochs(5).optBatchSize(32).build()).seed(10).build();
        assertThatThrownBy(() -> DeepEnsemble.assemble(other, options, apart))
                .hasMessageContaining("was trained from another seed");
    }

    @Test
    void saveAndLoadGiveIdenticalPredictions() throws IOException {
        Path dir = tmp.resolve("ens");
        gap.save(dir);
        assertThat(ModelDirectory.open(dir).arrayLengths()).containsOnlyKeys("member0", "member1", "member2",
                "member3", "member4");
        Dataset grid = ToyData.grid(-2, 2, 9);
        try (Posterior loaded = Posteriors.load(dir)) {
            assertThat(loaded).isInstanceOf(DeepEnsemble.class);
            DeepEnsemble e = (DeepEnsemble) loaded;
            assertThat(e.size()).isEqualTo(5);
            assertThat(e.memberSeeds()).containsExactly(gap.memberSeeds());
            assertThat(e.training().get("training").getAsString()).isEqualTo("vectorized");
            RegressionPredictive a = gap.predictRegression(grid);
            RegressionPredictive b = loaded.predictRegression(grid);
            PredictiveAssertions.assertIdentical(b, a);
        }
    }

    @Test
    void aCorruptEnsembleDirectoryIsAOneLineModelFileException() throws IOException {
        Path flipped = tmp.resolve("flipped");
        classifier.save(flipped);
        Path f = flipped.resolve("member2.f32");
        byte[] b = Files.readAllBytes(f);
        b[7] ^= 1;
        Files.write(f, b);
        assertThatThrownBy(() -> Posteriors.load(flipped)).isInstanceOf(ModelFileException.class)
                .hasMessage(f + ": checksum mismatch: the file is corrupt or was changed");

        Path more = tmp.resolve("more");
        classifier.save(more);
        Path manifest = more.resolve(ModelDirectory.MANIFEST);
        JsonObject m = JsonParser.parseString(Files.readString(manifest)).getAsJsonObject();
        m.addProperty("members", 5);
        Files.writeString(manifest, m.toString(), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Posteriors.load(more)).isInstanceOf(ModelFileException.class)
                .hasMessage(manifest + ": invalid \"memberSeeds\": 4 seeds for 5 members");

        m.getAsJsonArray("memberSeeds").add(1L);
        Files.writeString(manifest, m.toString(), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Posteriors.load(more)).isInstanceOf(ModelFileException.class)
                .hasMessage(manifest + ": no array named \"member4\"");

        Path wrongSize = tmp.resolve("wrong");
        classifier.save(wrongSize);
        Path manifest2 = wrongSize.resolve(ModelDirectory.MANIFEST);
        JsonObject w = JsonParser.parseString(Files.readString(manifest2)).getAsJsonObject();
        w.getAsJsonObject("network").add("hidden", com.google.gson.JsonParser.parseString("[17]"));
        Files.writeString(manifest2, w.toString(), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Posteriors.load(wrongSize)).isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith(manifest2 + ": invalid \"member0\": the network has ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void theTrainingModeIsCheckedAndAutoPicksWhatWorks() {
        NetworkSpec mlp = NetworkSpec.mlp(new int[] {2}, new int[] {4}, Activation.RELU, 0f, 3);
        NetworkSpec cnn = NetworkSpec.lenet(new int[] {1, 12, 12}, Activation.RELU, 0f, 3);
        assertThat(MemberTraining.resolve(EnsembleTraining.AUTO, mlp, 1, false)).isEqualTo(EnsembleTraining.VECTORIZED);
        assertThat(MemberTraining.resolve(EnsembleTraining.AUTO, mlp, 2, true)).as("small steps")
                .isEqualTo(EnsembleTraining.VECTORIZED);
        assertThat(MemberTraining.resolve(EnsembleTraining.AUTO, mlp, 2, false)).as("larger steps, several workers")
                .isEqualTo(EnsembleTraining.SEQUENTIAL);
        assertThat(MemberTraining.resolve(EnsembleTraining.AUTO, cnn, 1, true)).isEqualTo(EnsembleTraining.SEQUENTIAL);
        assertThat(MemberTraining.resolve(EnsembleTraining.VECTORIZED, mlp, 2, false))
                .isEqualTo(EnsembleTraining.VECTORIZED);
        assertThatThrownBy(() -> MemberTraining.resolve(EnsembleTraining.VECTORIZED, cnn, 1, false))
                .hasMessage("vectorised ensemble training needs an MLP, found cnn");
        assertThatThrownBy(() -> new EnsembleOptions(0, EnsembleTraining.AUTO))
                .hasMessage("members must be >= 1, found 0");
        assertThatThrownBy(() -> EnsembleTraining.parse("parallel"))
                .hasMessage("ensemble-training must be sequential, vectorized or auto, found 'parallel'");
    }

    /** Stacking is lossless and the stacked forward is each member's forward. */
    @Test
    void stackedWeightsRoundTripAndComputeEachMembersOutputs() {
        NetworkSpec spec = NetworkSpec.mlp(new int[] {3}, new int[] {5, 4}, Activation.GELU, 0.3f, 2);
        List<Network> nets = new ArrayList<>();
        List<float[]> thetas = new ArrayList<>();
        try {
            for (int k = 0; k < 3; k++) {
                nets.add(Network.create(spec, DropoutMode.STANDARD, 20 + k));
                thetas.add(nets.get(k).parameters());
            }
            Dataset x = TestTables.linearRegression(6, new double[] {1, 2, 3}, 0, 1, 1, 3);
            try (StackedMlp stacked = StackedMlp.of(spec, thetas, Device.cpu())) {
                for (int k = 0; k < 3; k++) {
                    assertThat(stacked.member(k)).containsExactly(thetas.get(k));
                }
                float[] out = Inputs.withoutGradients(() -> {
                    try (NDManager m = stacked.manager().newSubManager()) {
                        NDArray in = Inputs.rows(m, x.features(), x.featureShape(), 0, 6);
                        return stacked.forward(in, false).toFloatArray();
                    }
                });
                for (int k = 0; k < 3; k++) {
                    float[] expected = NetworkOutputs.compute(nets.get(k), x.features(), x.featureShape(), 6, false);
                    for (int j = 0; j < expected.length; j++) {
                        assertThat(out[k * 12 + j]).isCloseTo(expected[j], within(1e-5f));
                    }
                }
            }
        } finally {
            nets.forEach(Network::close);
        }
    }
}
