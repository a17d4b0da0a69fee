package org.bdl4j.cli;

import picocli.CommandLine.Option;

/** {@code --verbose}: stack traces with errors (read by {@link Main} before parsing). */
final class VerboseOption {
    @Option(names = "--verbose", description = "Print stack traces with errors.")
    boolean verbose;
}
