/** The {@code bdl4j-spark} command ({@code score}, {@code fit-ensemble}), for {@code spark-submit}. */
package org.bdl4j.spark.cli;
