/**
 * Tables and where they come from. Depends on nothing of bdl4j above it ({@code org.bdl4j.options}
 * only) and on no engine.
 *
 * <ul>
 *   <li>{@link org.bdl4j.data.Dataset}: an in-memory table (row-major float32 features with a per-row
 *       shape, optional class labels or real targets) carrying its {@link org.bdl4j.data.Origin} (source
 *       and SHA-256 of the file read), from which a model's {@link org.bdl4j.data.DataProvenance} is
 *       taken; {@link org.bdl4j.data.Sha256} computes the digests.
 *   <li>Readers with one-line errors ({@link org.bdl4j.data.DataException}: file, line, column, value):
 *       {@link org.bdl4j.data.CsvTableReader} (RFC 4180 CSV with a header; task inferred from the target
 *       column when not given, {@link org.bdl4j.data.TaskChoice}), {@link org.bdl4j.data.IdxReader}
 *       (IDX files, plain or gzip), {@link org.bdl4j.data.FashionMnist} (Fashion-MNIST, Xiao, Rasul
 *       &amp; Vollgraf 2017, with the benchmark's splits and OOD sets) and
 *       {@link org.bdl4j.data.PredictionsCsv} (predictions made elsewhere, for post-hoc calibration and
 *       conformal prediction).
 *   <li>{@link org.bdl4j.data.DataSource}: a source as named on the command line (a CSV file,
 *       {@code fashion-mnist}, {@code toy:NAME}); {@link org.bdl4j.data.ToyData}: seeded toy sets (two
 *       moons, spirals, the regression gap of Foong et al. 2019 for in-between uncertainty, a
 *       heteroscedastic regression); {@link org.bdl4j.data.GeneratedSets}: a list of named, seeded
 *       generated sets ({@link org.bdl4j.data.SetSpec}, processes of {@link org.bdl4j.data.SetFamily}), each
 *       an {@link org.bdl4j.data.EvaluationSet} of training, test and out-of-distribution rows, for
 *       measuring methods with their defaults.
 *   <li>{@link org.bdl4j.data.TableSchema}: what a fitted model expects of a table, and the alignment
 *       of new tables to it ({@link org.bdl4j.data.TargetMode}).
 *   <li>{@link org.bdl4j.data.Standardizer} and {@link org.bdl4j.data.TargetStandardizer}: z-scores
 *       fitted on the training rows, with the inverse maps for predictions;
 *       {@link org.bdl4j.data.Splits}: seeded train / validation / test splits.
 *   <li>{@link org.bdl4j.data.Task}: classification or regression.
 * </ul>
 */
package org.bdl4j.data;
