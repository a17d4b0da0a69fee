package org.bdl4j.bo;

/** An evaluation of the objective failed or gave something that is not a finite number. */
public final class ObjectiveException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ObjectiveException(String message) {
        super(message);
    }

    public ObjectiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
