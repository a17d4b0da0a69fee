package org.bdl4j.spark.cli;

import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/**
 * The options every {@code bdl4j-spark} command shares, and its Spark session: the one
 * {@code spark-submit} configured, or a local one with {@code --master}, stopped after the command.
 */
final class SparkSessionOptions {
    @Option(names = "--master", description = "The Spark master when not run by spark-submit, e.g. local[4].")
    String master;

    @Option(names = "--verbose", description = "Print stack traces with errors.")
    boolean verbose;

    /** Runs {@code work} in the session of the application {@code name}. */
    <T> T run(String name, Function<SparkSession, T> work) {
        SparkSession.Builder builder = SparkSession.builder().appName(name);
        if (master != null) {
            builder.master(master);
        }
        SparkSession spark = builder.getOrCreate();
        try {
            return work.apply(spark);
        } finally {
            if (master != null) {
                spark.stop();
            }
        }
    }
}
