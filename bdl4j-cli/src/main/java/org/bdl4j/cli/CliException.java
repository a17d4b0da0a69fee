package org.bdl4j.cli;

/** A user-facing failure: printed as one line {@code bdl4j: MESSAGE}, exit code 1. */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CliException(String message) {
        super(message);
    }

    CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
