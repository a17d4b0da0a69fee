package org.bdl4j.data;

/** What to do with the target column when reading data for an already fitted model. */
public enum TargetMode {
    /** The target must be present and valid (evaluate, calibrate, conformal calibration). */
    REQUIRED,
    /** Read and validate the target if the column is present; otherwise return features only. */
    OPTIONAL,
    /** Never read the target, even if present (predict). */
    IGNORED
}
