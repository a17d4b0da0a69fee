package org.bdl4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.bdl4j.data.Dataset;
import org.bdl4j.mcmc.ChainShare;
import org.bdl4j.mcmc.Hmc;
import org.bdl4j.mcmc.HmcMethod;
import org.bdl4j.mcmc.SampleEnsemblePosterior;
import org.bdl4j.method.Methods;
import org.bdl4j.method.RequestOptions;
import org.bdl4j.options.OptionValues;
import org.bdl4j.train.MapPosterior;

/**
 * Full-batch HMC (Neal 2011) around a saved MAP with its chains spread over a cluster: chain c runs in
 * task c ({@link Hmc#runChains}: under every candidate prior, from its own random stream {@code
 * Seeds.derive(seed, c)}), and the driver joins the chains' draws and traces, diagnoses them (split R̂
 * and effective sample size across all the chains) and keeps the prior whose draws predict the
 * validation rows best. A chain depends only on its index, its prior and the training rows, so the
 * result equals {@code bdl4j fit --method hmc --from MAP} on the same rows, draw for draw.
 *
 * <p>HMC evaluates the gradient over every training row at each leapfrog step, so every task needs all
 * of them: the table is collected to the driver and broadcast (HMC is for small data and networks, up
 * to about 10⁸ weights x rows). What the cluster adds is chains run in parallel, one per executor
 * core. SGLD's chains are not split this way (one chain per candidate prior, with retries at
 * a smaller step that depend on the chain's own validation check).
 */
public final class SparkHmc {
    private SparkHmc() {}

    /** What a fit ran and what its diagnostics say a user should know (chains that did not mix, ...). */
    public record Fitted(int chains, List<String> warnings) {}

    /** Fits and saves the posterior of {@code spec}. */
    public static Fitted fit(SparkSession spark, FromMapFitSpec spec) {
        Path out = Path.of(spec.out());
        if (Files.exists(out)) {
            throw new IllegalArgumentException("--out " + out + " exists; choose another directory");
        }
        OptionValues o = options(spec);
        Hmc hmc = HmcMethod.hmc(o, o.get(RequestOptions.SEED));
        int chains = o.get(HmcMethod.CHAINS);
        MapPosterior map = SparkLaplace.map(spec.map());
        Dataset train = CollectedRows.labelled(spark, spec, spec.train(), map, "the training table");
        Dataset validation = spec.validation() == null ? null
                : CollectedRows.labelled(spark, spec, spec.validation(), map, "the validation table");
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<Dataset> rows = context.broadcast(train);
        boolean validated = validation != null;
        List<ChainShare> shares;
        try {
            shares = context.parallelize(IntStream.range(0, chains).boxed().toList(), chains)
                    .map(c -> runChain(spec, rows.value(), validated, c)).collect();
        } finally {
            rows.destroy();
        }
        try (SampleEnsemblePosterior post = hmc.fit(map, train, validation, shares)) {
            post.save(out);
            return new Fitted(chains, post.provenance().warnings());
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** One task: chain {@code c} under every candidate prior, with the MAP its executor loaded once. */
    private static ChainShare runChain(FromMapFitSpec spec, Dataset train, boolean validated, int c) {
        TaskThreads.prepare();
        OptionValues o = options(spec);
        MapPosterior map = SparkLaplace.map(spec.map());
        return JvmTraining.oneAtATime(() -> HmcMethod.hmc(o, o.get(RequestOptions.SEED))
                .runChains(map, train, validated, c, 1));
    }

    /** The spec's options parsed as HMC's (and the request's seed). */
    static OptionValues options(FromMapFitSpec spec) {
        return Methods.parseOptions(spec.options(), List.of(Methods.get(Hmc.METHOD)));
    }
}
