package org.bdl4j.bench;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.Likelihood;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.FashionMnist;
import org.bdl4j.laplace.HessianStructure;
import org.bdl4j.laplace.Laplace;
import org.bdl4j.laplace.LaplacePosterior;
import org.bdl4j.laplace.Link;
import org.bdl4j.laplace.PriorPrecision;
import org.bdl4j.laplace.SubnetworkSelection;
import org.bdl4j.laplace.SubsetOfWeights;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.MapMethod;
import org.bdl4j.metrics.ClassificationReport;
import org.bdl4j.ood.OodScore;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.train.MapPosterior;
import org.bdl4j.train.MapTrainer;

/**
 * W4 of docs/benchmarks.md: Laplace on the W1 network (trained {@code epochs} epochs with the W1
 * settings), GGN, prior precision by the marginal likelihood, GLM probit predictive on the 10k test
 * images. Phases: fit (curvature pass and decomposition, at the training λ), prior (marginal-likelihood
 * search and re-preparing Σ), predict 10k. One JSON line per configuration.
 */
final class W4Laplace {
    private W4Laplace() {}

    /**
     * The configurations, e.g. {@code last-kron,last-full,all-kron} (a {@code -layerwise} suffix: one
     * marginal-likelihood λ per layer), or {@code subnet1000}: a
     * full-covariance subnetwork Laplace over the 1,000 weights of largest diagonal-Laplace variance.
     */
    static void run(Path dataDir, int epochs, java.util.List<String> configs) {
        FashionData data = FashionData.load(dataDir, true);
        NetworkSpec spec = W1MapTraining.spec();
        MapTrainer trainer = W1MapTraining.trainer(epochs).build();
        try (MapPosterior map = MapMethod.train(FitRequest.builder(data.train()).likelihood(Likelihood.CATEGORICAL)
                .network(spec).standardize(false).trainer(trainer).seed(W1MapTraining.SEED).build())) {
            ClassificationPredictive mapTest = map.predictClasses(data.test());
            JsonLine base = new JsonLine("W4", "map", W1MapTraining.SEED).setting("epochs", epochs);
            base.metrics(ClassificationReport.of(mapTest.probabilities(), data.test().labels()).toMap());
            base.print();
            for (String c : configs) {
                if (c.startsWith("subnet")) {
                    int size = Integer.parseInt(c.substring("subnet".length()));
                    one(map, data, () -> Laplace.builder(map).subnetwork(SubnetworkSelection.largestVariance(size)),
                            "subnetwork-" + size, false, epochs, data.test());
                    continue;
                }
                String[] parts = c.split("-");
                SubsetOfWeights subset = parts[0].equals("all") ? SubsetOfWeights.ALL : SubsetOfWeights.LAST_LAYER;
                HessianStructure hessian = HessianStructure.parse(parts[1]);
                boolean layerwise = parts.length > 2 && parts[2].equals("layerwise");
                one(map, data, () -> Laplace.builder(map).subset(subset).hessian(hessian), subset.cliName(), layerwise,
                        epochs, data.test());
            }
        }
    }

    private static void one(MapPosterior map, FashionData data, Supplier<Laplace.Builder> weights, String subset,
            boolean layerwise, int epochs, Dataset test) {
        // warm-up on a small slice, so that the timed run measures steady state
        try (LaplacePosterior warm = weights.get().priorPrecision(PriorPrecision.fixed(map.priorPrecision())).build()
                .fit(data.train().slice(0, 8192))) {
            warm.predictClasses(test.slice(0, 2048));
        }
        long t0 = System.nanoTime();
        try (LaplacePosterior post = weights.get().link(Link.PROBIT)
                .priorPrecision(PriorPrecision.fixed(map.priorPrecision())).build().fit(data.train())) {
            HessianStructure hessian = post.hessian();
            double fit = seconds(t0);
            long t1 = System.nanoTime();
            double lambda = post.setPriorPrecision(layerwise ? PriorPrecision.marginalLikelihoodPerLayer()
                    : PriorPrecision.marginalLikelihood());
            double prior = seconds(t1);
            long t2 = System.nanoTime();
            ClassificationPredictive p = post.predictClasses(test);
            double predict = seconds(t2);
            JsonLine line = new JsonLine("W4", "laplace", W1MapTraining.SEED)
                    .setting("network", "mlp 784-256-256-10 relu dropout 0.1").setting("epochs", epochs)
                    .setting("subset", subset).setting("hessian", hessian.cliName())
                    .setting("curvature", "ggn").setting("prior", layerwise ? "marglik-layerwise" : "marglik").setting("link", "probit")
                    .setting("pred", "glm").setting("parameters", post.parameterCount())
                    .setting("map_prior_precision", map.priorPrecision())
                    .setting("threads", System.getProperty("ai.djl.pytorch.num_threads", "default"));
            if (!layerwise) {
                line.extra("prior_precision", lambda);
            } else {
                line.setting("prior_precisions", post.priorPrecisions());
            }
            line.extra("log_marginal_likelihood", layerwise ? post.logMarginalLikelihood(post.priorPrecisions())
                    : post.logMarginalLikelihood(lambda));
            line.metrics(ClassificationReport.of(p.probabilities(), test.labels()).toMap());
            for (Map.Entry<FashionMnist.Ood, Dataset> e : data.ood().entrySet()) {
                ClassificationPredictive o = post.predictClasses(e.getValue());
                String name = e.getKey().name().toLowerCase(java.util.Locale.ROOT);
                for (OodScore s : new OodScore[] {OodScore.MSP, OodScore.ENTROPY}) {
                    line.metric("ood_auroc_" + name + "_" + s.cliName(), s.auroc(p, o));
                }
            }
            line.time("fit", fit).time("prior", prior).time("predict_10k", predict)
                    .time("total", fit + prior + predict);
            line.print();
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
