package org.bdl4j.io;

/**
 * A model directory that cannot be read: missing, not a bdl4j model, of a newer format, corrupt or
 * truncated. The message is one line naming the directory (or file) and what was found.
 */
public final class ModelFileException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ModelFileException(String message) {
        super(message);
    }

    public ModelFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
