/** The {@code bdl4j-spark} command ({@code score}, {@code fit-ensemble}, {@code fit-laplace}, {@code calibrate}), for {@code spark-submit}. */
package org.bdl4j.spark.cli;
