package org.bdl4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.bdl4j.Posterior;
import org.bdl4j.data.DataProvenance;
import org.bdl4j.laplace.CurvatureSums;
import org.bdl4j.laplace.Laplace;
import org.bdl4j.laplace.LaplaceMethod;
import org.bdl4j.laplace.LaplacePosterior;
import org.bdl4j.laplace.PriorSearch;
import org.bdl4j.method.Methods;
import org.bdl4j.method.RequestOptions;
import org.bdl4j.options.OptionValues;
import org.bdl4j.train.MapPosterior;

/**
 * A Laplace approximation (Daxberger et al. 2021) over data spread across a cluster. The curvature
 * H = Σ_n J_nᵀ Λ_n J_n at the MAP θ* (full, diagonal or KFAC; last layer or all layers) and the
 * log-likelihood Σ_n log p(y_n | x_n, θ*) are sums over rows, so each task sweeps its partition with the
 * MAP its executor loaded once ({@link ModelCache}, the broadcast of θ*) and returns its
 * {@link CurvatureSums}; {@code treeAggregate} adds them up the tree to the driver, which chooses the prior
 * precision (the marginal likelihood by default) and writes the model. The result equals
 * {@code bdl4j fit --method laplace --from MAP} on the same rows up to the order of summation (the
 * per-batch products run in float32: about 1e-6 relative) and the labels drawn by a Monte Carlo Fisher.
 *
 * <p>The prior precision is chosen as {@code bdl4j fit} chooses it: a {@code prior-precision} given is
 * kept; otherwise the marginal likelihood's λ, checked against a grid search on the NLL of the rows of
 * the {@linkplain FromMapFitSpec#validation() validation table} when there is one (collected to the
 * driver, which predicts them at each λ of the grid), alone when there is none. A largest-variance
 * subnetwork takes two passes: the diagonal curvature of every Linear layer, summed the same way, from
 * which the driver chooses the subnetwork ({@link Laplace#withSubnetworkChosen}), then the chosen
 * subnetwork's curvature, each task choosing the same weights from the same broadcast diagonal.
 */
public final class SparkLaplace {
    /** Rows per curvature pass within a partition. */
    static final int ROWS_PER_PASS = 4096;

    private SparkLaplace() {}

    /** Fits and saves the posterior of {@code spec}; returns the number of rows its curvature summed. */
    public static long fit(SparkSession spark, FromMapFitSpec spec) {
        return fit(read(spark, spec), spec);
    }

    /**
     * {@link #fit(SparkSession, FromMapFitSpec)} on a table already loaded (its {@code train} and
     * {@code format} only describe it in the model's provenance).
     */
    public static long fit(Dataset<Row> table, FromMapFitSpec spec) {
        Path out = Path.of(spec.out());
        if (Files.exists(out)) {
            throw new IllegalArgumentException("--out " + out + " exists; choose another directory");
        }
        MapPosterior map = map(spec.map());
        org.bdl4j.data.Dataset validation = spec.validation() == null ? null
                : validationRows(table.sparkSession(), spec, map);
        Laplace laplace = laplace(map, spec, validation);
        CurvatureSums selection = null;
        if (laplace.choosesSubnetworkFromRows()) { // a first pass: the diagonal the subnetwork is chosen from
            selection = sums(table, spec, map, null);
            laplace = laplace.withSubnetworkChosen(selection);
        }
        CurvatureSums total = sums(table, spec, map, selection);
        DataProvenance data = new DataProvenance(spec.train(), null, Math.toIntExact(total.rows()),
                map.schema().featureNames(), spec.target() != null ? spec.target() : map.schema().targetName());
        try (LaplacePosterior post = laplace.fit(total, data)) {
            post.save(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        return total.rows();
    }

    static Dataset<Row> read(SparkSession spark, FromMapFitSpec spec) {
        return SparkTables.read(spark, spec.format(), spec.train());
    }

    /** The curvature sums over every row of the table, added up the tree from the partitions. */
    static CurvatureSums sums(Dataset<Row> table, FromMapFitSpec spec, MapPosterior map) {
        return sums(table, spec, map, null);
    }

    /**
     * One pass over every row of the table, its sums added up the tree from the partitions: the
     * curvature sums, or for a largest-variance subnetwork not yet chosen ({@code selection} null) the
     * diagonal it is chosen from.
     */
    static CurvatureSums sums(Dataset<Row> table, FromMapFitSpec spec, MapPosterior map, CurvatureSums selection) {
        FeatureReader features = FeatureReader.of(table.schema(), map.schema(), spec.featureColumns());
        TargetReader target = TargetReader.of(table.schema(), map.schema(), spec.target());
        JavaRDD<CurvatureSums> parts = table.javaRDD().mapPartitions(new PartitionSweep(spec, features, target,
                selection));
        // one pass: an empty partition gives no sums, and null stands for "none yet"
        CurvatureSums total = parts.treeAggregate(null, SparkLaplace::plus, SparkLaplace::plus);
        if (total == null) {
            throw new IllegalArgumentException("the training table " + spec.train() + " has no rows");
        }
        return total;
    }

    private static CurvatureSums plus(CurvatureSums a, CurvatureSums b) {
        return a == null ? b : b == null ? a : a.plus(b);
    }

    /** The MAP of this JVM's cache, refused with its method named when the model is not a MAP. */
    static MapPosterior map(String location) {
        Posterior p = ModelCache.get(location);
        if (!(p instanceof MapPosterior m)) {
            throw new IllegalArgumentException("model " + location + " is a " + p.method()
                    + " model; the Laplace approximation starts from a map model");
        }
        return m;
    }

    /**
     * The Laplace that {@code bdl4j fit --method laplace} builds from these options, less the prior's
     * search: what the executors sum the curvature of (the prior does not enter the sums; the driver
     * chooses it).
     */
    static Laplace laplace(MapPosterior map, FromMapFitSpec spec) {
        Map<String, String> options = new LinkedHashMap<>(spec.options());
        options.keySet().removeAll(List.of(LaplaceMethod.PRIOR_OPTIMIZE.name(), LaplaceMethod.PRIOR_GRID.name()));
        OptionValues o = Methods.parseOptions(options, List.of(Methods.get(LaplacePosterior.METHOD)));
        return LaplaceMethod.laplace(map, o, null, o.get(RequestOptions.SEED));
    }

    /** As {@code bdl4j fit --method laplace} with these validation rows (or none). */
    static Laplace laplace(MapPosterior map, FromMapFitSpec spec, org.bdl4j.data.Dataset validation) {
        OptionValues o = Methods.parseOptions(spec.options(), List.of(Methods.get(LaplacePosterior.METHOD)));
        if (validation == null && o.isSet(LaplaceMethod.PRIOR_OPTIMIZE)
                && o.get(LaplaceMethod.PRIOR_OPTIMIZE) == PriorSearch.GRIDSEARCH) {
            throw new IllegalArgumentException("prior-optimize gridsearch needs a validation table: add --validation"
                    + " PATH");
        }
        return LaplaceMethod.laplace(map, o, validation, o.get(RequestOptions.SEED));
    }

    /** The validation table's rows, collected to the driver (they are predicted there at every λ of the grid). */
    static org.bdl4j.data.Dataset validationRows(SparkSession spark, FromMapFitSpec spec, MapPosterior map) {
        return CollectedRows.labelled(spark, spec, spec.validation(), map, "the validation table");
    }

    /**
     * One task: the sums of its partition, in passes of {@value #ROWS_PER_PASS} rows: the curvature's,
     * or the diagonal a largest-variance subnetwork is chosen from while {@code selection} is null.
     */
    private static final class PartitionSweep implements FlatMapFunction<Iterator<Row>, CurvatureSums> {
        private static final long serialVersionUID = 1L;
        private final FromMapFitSpec spec;
        private final FeatureReader features;
        private final TargetReader target;
        private final CurvatureSums selection;

        PartitionSweep(FromMapFitSpec spec, FeatureReader features, TargetReader target, CurvatureSums selection) {
            this.spec = spec;
            this.features = features;
            this.target = target;
            this.selection = selection;
        }

        @Override
        public Iterator<CurvatureSums> call(Iterator<Row> rows) {
            TaskThreads.prepare();
            Laplace fromOptions = laplace(map(spec.map()), spec);
            Laplace laplace = selection != null ? fromOptions.withSubnetworkChosen(selection) : fromOptions;
            CurvatureSums total = null;
            long read = 0;
            while (rows.hasNext()) {
                List<Row> batch = new ArrayList<>(ROWS_PER_PASS);
                while (batch.size() < ROWS_PER_PASS && rows.hasNext()) {
                    batch.add(rows.next());
                }
                org.bdl4j.data.Dataset part = target.withTargets(features.read(batch, read), batch, read);
                read += batch.size();
                CurvatureSums sums = JvmTraining.oneAtATime(() -> laplace.choosesSubnetworkFromRows()
                        ? laplace.subnetworkSelectionSums(part) : laplace.curvatureSums(part));
                total = total == null ? sums : total.plus(sums);
            }
            return total == null ? List.<CurvatureSums>of().iterator() : List.of(total).iterator();
        }
    }
}
