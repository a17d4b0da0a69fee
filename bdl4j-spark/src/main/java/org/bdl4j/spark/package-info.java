/**
 * bdl4j on Apache Spark (Java API; Spark is {@code provided}: 4.x with Scala 2.13 by default, 3.5 with
 * the {@code spark-3.5} profile).
 *
 * <ul>
 *   <li>{@link org.bdl4j.spark.BdlSpark#score}: a DataFrame scored with a bdl4j model's predictive and its
 *       aleatoric and epistemic parts, partition by partition in batches ({@link org.bdl4j.spark.ScoreSpec});
 *       one model per executor JVM ({@link org.bdl4j.spark.ModelCache}), loaded from a local path, a
 *       shipped archive or any Hadoop file system; with the model's saved rejection rule and a conformal
 *       predictor calibrated on distributed rows ({@link org.bdl4j.spark.SparkConformal}) when asked;
 *   <li>{@link org.bdl4j.spark.SparkEnsemble#fit}: a deep ensemble trained one member per task, each member
 *       written atomically to a staging directory and joined on the driver
 *       ({@link org.bdl4j.spark.EnsembleFitSpec});
 *   <li>{@link org.bdl4j.spark.SparkLaplace#fit}: a Laplace approximation around a saved MAP, its curvature
 *       and log-likelihood summed over the partitions and added up the tree to the driver
 *       ({@link org.bdl4j.spark.FromMapFitSpec});
 *   <li>{@link org.bdl4j.spark.SparkHmc#fit}: HMC around a saved MAP, one chain per task on the collected
 *       training rows, the chains joined on the driver.
 * </ul>
 */
package org.bdl4j.spark;
