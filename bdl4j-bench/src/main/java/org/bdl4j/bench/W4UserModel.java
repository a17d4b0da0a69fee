package org.bdl4j.bench;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.Posterior;
import org.bdl4j.data.Dataset;
import org.bdl4j.laplace.HessianStructure;
import org.bdl4j.laplace.LaplaceMethod;
import org.bdl4j.laplace.Link;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.Methods;
import org.bdl4j.nn.Seeds;
import org.bdl4j.options.OptionValues;
import org.bdl4j.usermodel.OutputSelection;
import org.bdl4j.usermodel.UserModel;
import org.bdl4j.usermodel.UserModelFit;

/**
 * W4U: last-layer KFAC Laplace on a user model of W4C's shape (issue #14): a network handed over as a
 * DJL block, 64 inputs - 512 ReLU features - 1,000 classes, returning (logits, features), with
 * 513,000 last-layer weights; GGN on 50,000 rows, marginal-likelihood prior, GLM probit predictive
 * for 10,000 rows. Phases: the features of the training rows and the last-layer search (prepare),
 * the Laplace fit with its prior search, the predictive of 10,000 rows (features included) and, as
 * the in-run baseline, the user network's own forward pass over the same rows. Peak resident memory
 * above the level before the Laplace work, as in W4C.
 */
final class W4UserModel {
    private static final int INPUTS = 64;
    private static final int FEATURES = 512;
    private static final int CLASSES = 1000;
    private static final int TRAIN_ROWS = 50_000;
    private static final int TEST_ROWS = 10_000;

    private W4UserModel() {}

    static void run() {
        Dataset train = W4ManyClasses.synthetic(TRAIN_ROWS, 1);
        Dataset test = W4ManyClasses.synthetic(TEST_ROWS, 2).withoutTargets();
        OptionValues options = OptionValues.empty().with(LaplaceMethod.HESSIAN, HessianStructure.KRON)
                .with(LaplaceMethod.LINK, Link.PROBIT);
        try (NDManager manager = NDManager.newBaseManager()) {
            Seeds.seedEngine(W1MapTraining.SEED);
            TwoOutputs block = new TwoOutputs();
            block.initialize(manager, DataType.FLOAT32, new Shape(1, INPUTS));
            try (UserModel model = UserModel.of(block, manager, OutputSelection.firstTwo())) {
                FitRequest request = FitRequest.builder(train).options(options).seed(W1MapTraining.SEED).build();
                fitAndPredict(model, request.withOptions(options), train.slice(0, 1024), test.slice(0, 512));
                long before = W4ManyClasses.residentKb("VmRSS");
                W4ManyClasses.resetPeak();
                long t0 = System.nanoTime();
                double prepare;
                double fit;
                double predict;
                ClassificationPredictive p;
                try (UserModelFit.Prepared head = UserModelFit.prepare(model, request)) {
                    prepare = seconds(t0);
                    long t1 = System.nanoTime();
                    try (Posterior post = head.fit(Methods.get("laplace"), request)) {
                        fit = seconds(t1);
                        long t2 = System.nanoTime();
                        p = post.predictClasses(test);
                        predict = seconds(t2);
                    }
                }
                long peak = W4ManyClasses.residentKb("VmHWM");
                long t3 = System.nanoTime();
                model.run(test);
                double forward = seconds(t3);
                JsonLine line = new JsonLine("W4U", "laplace", W1MapTraining.SEED)
                        .setting("network", "user block 64-512-1000 relu, returns (logits, features)")
                        .setting("subset", "last-layer").setting("hessian", "kron").setting("curvature", "ggn")
                        .setting("prior", "marglik").setting("link", "probit").setting("train_rows", TRAIN_ROWS)
                        .setting("test_rows", TEST_ROWS).setting("parameters", (FEATURES + 1) * CLASSES)
                        .setting("threads", System.getProperty("ai.djl.pytorch.num_threads", "default"));
                line.metric("mean_max_probability", W4ManyClasses.meanMax(p.probabilities()));
                line.time("prepare", prepare).time("fit_and_prior", fit).time("predict_10k", predict)
                        .time("user_forward_10k", forward).time("total", prepare + fit + predict);
                line.extra("predict_over_forward", predict / forward);
                line.extra("peak_rss_growth_mb", (peak - before) / 1024.0);
                line.extra("per_sample_jacobian_gb_per_1000_rows", 1000.0 * CLASSES * (FEATURES + 1.0) * CLASSES * 4
                        / 1e9);
                line.print();
            }
        }
    }

    /** A warm-up on a slice, so that the timed run measures steady state. */
    private static void fitAndPredict(UserModel model, FitRequest request, Dataset train, Dataset test) {
        try (Posterior warm = UserModelFit.fit(model, Methods.get("laplace"),
                FitRequest.builder(train).options(request.options()).seed(request.seed()).build())) {
            warm.predictClasses(test);
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** A user's network: x → φ = relu(W₁x + b₁) → z = W₂φ + b₂, returning (z, φ). */
    private static final class TwoOutputs extends AbstractBlock {
        private final Linear hidden = addChildBlock("hidden", Linear.builder().setUnits(FEATURES).build());
        private final Linear head = addChildBlock("head", Linear.builder().setUnits(CLASSES).build());

        TwoOutputs() {
            setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
        }

        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                PairList<String, Object> params) {
            NDList phi = new NDList(Activation.relu(hidden.forward(store, inputs, training).singletonOrThrow()));
            return new NDList(head.forward(store, phi, training).singletonOrThrow(), phi.singletonOrThrow());
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            long b = inputShapes[0].get(0);
            return new Shape[] {new Shape(b, CLASSES), new Shape(b, FEATURES)};
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            hidden.initialize(manager, dataType, inputShapes);
            head.initialize(manager, dataType, new Shape(inputShapes[0].get(0), FEATURES));
        }
    }
}
