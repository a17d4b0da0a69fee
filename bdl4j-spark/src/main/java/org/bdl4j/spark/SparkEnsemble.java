package org.bdl4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.bdl4j.data.CsvTableReader;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.Origin;
import org.bdl4j.data.Sha256;
import org.bdl4j.ensemble.DeepEnsemble;
import org.bdl4j.ensemble.EnsembleMember;
import org.bdl4j.ensemble.EnsembleMethod;
import org.bdl4j.ensemble.EnsembleOptions;
import org.bdl4j.ensemble.EnsembleTraining;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.Methods;
import org.bdl4j.options.OptionValues;

/**
 * A deep ensemble (Lakshminarayanan et al. 2017) trained on Spark, one member per task: the M members
 * θ_m = argmin −log p(D | θ) − log p(θ) from their own seeds s_m are independent, so each task trains
 * one ({@link DeepEnsemble#trainMember}) and writes it to the staging directory ({@link MemberFiles},
 * atomically); the driver then reads the M members, joins them ({@link DeepEnsemble#assemble}) and
 * saves the ensemble's model directory. The result equals {@code bdl4j fit --method ensemble
 * --ensemble-training sequential} on the same table and options: for a regression ensemble that chooses
 * its noise model ({@link EnsembleMethod#choosesNoise}) the tasks train both candidates' members, 2M
 * tasks, and the driver keeps the one {@link EnsembleMethod#keepBetter} names.
 *
 * <p>Each task reads the table itself, with bdl4j's CSV reader, so every member sees the rows the
 * single-JVM fit sees and the driver sends no data (a Parquet table is first written as one CSV file,
 * {@link #asCsv}). Members already in the staging directory are kept:
 * a job run again after a failure trains only the missing ones.
 *
 * <p>Tasks of one executor JVM train one at a time ({@link JvmTraining}). Give each executor one task
 * ({@code spark.task.cpus} = {@code spark.executor.cores}); libtorch then uses its cores for the
 * member's GEMMs ({@link TaskThreads}).
 */
public final class SparkEnsemble {
    /** The staging subdirectory of the heteroscedastic candidate's members. */
    static final String HETEROSCEDASTIC = "heteroscedastic";

    private SparkEnsemble() {}

    /**
     * Trains the ensemble of {@code spec} and saves it to {@code spec.out()}.
     *
     * @return the number of members trained by this call (the others were already staged)
     * @throws IllegalArgumentException for a bad option, an unreadable table or an existing output
     */
    public static int fit(SparkSession spark, EnsembleFitSpec spec) {
        Path out = Path.of(spec.out());
        if (Files.exists(out)) {
            throw new IllegalArgumentException("--out " + out + " exists; choose another directory");
        }
        spec = asCsv(spark, withQualifiedStaging(spark, spec));
        FitRequest request = plainRequest(spec);
        int members = EnsembleMethod.options(request.options()).members();
        int candidates = EnsembleMethod.choosesNoise(request) ? 2 : 1;
        int tasks = candidates * members;
        List<Integer> trained = spark.range(0, tasks, 1, tasks).mapPartitions(new MemberTask(spec, members),
                Encoders.INT()).collectAsList();
        try {
            EnsembleOptions options = new EnsembleOptions(members, EnsembleTraining.SEQUENTIAL);
            DeepEnsemble ensemble = assemble(spec, 0, EnsembleMethod.memberRequest(request), options);
            if (candidates == 2) {
                DeepEnsemble heteroscedastic;
                try {
                    heteroscedastic = assemble(spec, 1, EnsembleMethod.heteroscedasticMemberRequest(request),
                            options);
                } catch (IOException | RuntimeException e) {
                    ensemble.close();
                    throw e;
                }
                ensemble = EnsembleMethod.keepBetter(request, ensemble, heteroscedastic);
            }
            try (DeepEnsemble kept = ensemble) {
                kept.save(out);
            }
            new MemberFiles(spec.staging()).deleteAll();
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        return trained.stream().mapToInt(Integer::intValue).sum();
    }

    /** The ensemble of candidate {@code c}'s staged members, trained on {@code memberRequest}. */
    private static DeepEnsemble assemble(EnsembleFitSpec spec, int c, FitRequest memberRequest,
            EnsembleOptions options) throws IOException {
        MemberFiles files = new MemberFiles(staging(spec, c));
        List<EnsembleMember> read = new ArrayList<>();
        for (int m = 0; m < options.members(); m++) {
            if (!files.exists(m)) {
                // every task returned, so the member was written where its executor saw the staging path
                throw new IllegalArgumentException("member " + m + " was trained but is not in " + staging(spec, c)
                        + " on the driver: --staging must be a file system shared by the driver and every "
                        + "executor (hdfs://, s3a://, or a directory mounted on every node)");
            }
            read.add(files.read(m));
        }
        return DeepEnsemble.assemble(memberRequest, options, read);
    }

    /**
     * Where candidate {@code c}'s members are staged: the homoscedastic ones (and every member when the
     * noise model is given) in the staging directory, the heteroscedastic ones of a regression ensemble
     * that chooses ({@link EnsembleMethod#choosesNoise}) in its {@value #HETEROSCEDASTIC} subdirectory.
     */
    static String staging(EnsembleFitSpec spec, int c) {
        return c == 0 ? spec.staging() : new org.apache.hadoop.fs.Path(spec.staging(), HETEROSCEDASTIC).toString();
    }

    /**
     * The spec with its staging directory as the driver resolves it ({@code file:/abs/path},
     * {@code hdfs://namenode/path}): the tasks must write their members where the driver reads them, and
     * a relative path (the default {@code <out>.members} of a relative {@code --out}) would otherwise be
     * taken against each executor's own working directory.
     */
    static EnsembleFitSpec withQualifiedStaging(SparkSession spark, EnsembleFitSpec spec) {
        try {
            org.apache.hadoop.fs.Path staging = new org.apache.hadoop.fs.Path(spec.staging());
            String qualified = staging.getFileSystem(spark.sparkContext().hadoopConfiguration())
                    .makeQualified(staging).toString();
            return qualified.equals(spec.staging()) ? spec
                    : new EnsembleFitSpec(spec.train(), spec.format(), spec.target(), spec.options(), spec.out(),
                            qualified);
        } catch (IOException e) {
            throw new UncheckedIOException("--staging " + spec.staging() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The spec with its table as CSV: a Parquet table is written once by Spark as one CSV file (header,
     * the table's column order, each value as Java prints it, so it reads back to the same float) into
     * {@code <staging>/_table}, which the tasks then read with bdl4j's reader; a rerun reuses it. The
     * rows come in the order Spark reads them (one file: its order), and training depends on that order
     * (the validation split, the minibatches).
     */
    static EnsembleFitSpec asCsv(SparkSession spark, EnsembleFitSpec spec) {
        if (SparkTables.CSV.equals(spec.format())) {
            return spec;
        }
        try {
            org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(spec.staging(), "_table");
            org.apache.hadoop.fs.FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(new org.apache.hadoop.fs.Path(dir, "_SUCCESS"))) {
                SparkTables.read(spark, SparkTables.PARQUET, spec.train()).coalesce(1).write().mode(org.apache.spark.sql.SaveMode.Overwrite)
                        .option("header", "true").csv(dir.toString());
            }
            for (org.apache.hadoop.fs.FileStatus f : fs.listStatus(dir)) {
                if (f.getPath().getName().startsWith("part-") && f.getPath().getName().endsWith(".csv")) {
                    return new EnsembleFitSpec(f.getPath().toString(), "csv", spec.target(), spec.options(), spec.out(),
                            spec.staging());
                }
            }
            throw new IllegalArgumentException("the training table " + spec.train() + " has no rows");
        } catch (IOException e) {
            throw new UncheckedIOException(spec.staging() + ": " + e.getMessage(), e);
        }
    }

    /** The member request of the homoscedastic (or given) noise model, as every task and the driver build it. */
    static FitRequest request(EnsembleFitSpec spec) {
        return EnsembleMethod.memberRequest(plainRequest(spec));
    }

    /** The request the spec's options and table give, before the members' own settings. */
    static FitRequest plainRequest(EnsembleFitSpec spec) {
        Map<String, String> texts = new java.util.LinkedHashMap<>(spec.options());
        texts.put(EnsembleMethod.TRAINING.name(), EnsembleTraining.SEQUENTIAL.cliName());
        OptionValues values = Methods.parseOptions(texts, List.of(Methods.get(DeepEnsemble.METHOD)));
        java.nio.file.Path local = LocalCopies.of(spec.train(), "training table");
        // the model records the table as the user named it and the SHA-256 of the bytes trained on
        Dataset table = CsvTableReader.read(local, spec.target(), null)
                .withOrigin(new Origin(spec.train(), Sha256.ofFiles(local)));
        FitRequest request = FitRequest.fromOptions(table, null, values).build();
        Methods.get(DeepEnsemble.METHOD).validate(request);
        return request;
    }

    /** One task: trains and writes the members of its partition (one index each) not yet staged. */
    private static final class MemberTask implements MapPartitionsFunction<Long, Integer> {
        private static final long serialVersionUID = 1L;
        private final EnsembleFitSpec spec;
        private final int members;

        /** Task k trains member k mod M of candidate k / M ({@link #staging}). */
        MemberTask(EnsembleFitSpec spec, int members) {
            this.spec = spec;
            this.members = members;
        }

        @Override
        public Iterator<Integer> call(Iterator<Long> indices) throws IOException {
            int trained = 0;
            while (indices.hasNext()) {
                int k = Math.toIntExact(indices.next());
                int c = k / members;
                int m = k % members;
                MemberFiles files = new MemberFiles(staging(spec, c));
                if (files.exists(m)) {
                    continue;
                }
                TaskThreads.prepare();
                EnsembleMember member = JvmTraining.oneAtATime(() -> DeepEnsemble.trainMember(c == 0 ? request(spec)
                        : EnsembleMethod.heteroscedasticMemberRequest(plainRequest(spec)), m));
                TaskContext task = TaskContext.get();
                trained += files.write(member, task == null ? 0 : task.taskAttemptId()) ? 1 : 0;
            }
            return List.of(trained).iterator();
        }
    }
}
