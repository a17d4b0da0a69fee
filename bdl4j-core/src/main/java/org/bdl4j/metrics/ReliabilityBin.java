package org.bdl4j.metrics;

/**
 * One bin of a reliability diagram: the samples whose top-label confidence lies in
 * (lower, upper] (the first equal-width bin also holds a confidence of exactly 0).
 *
 * @param lower the lower edge of the bin
 * @param upper the upper edge of the bin
 * @param count the number of samples in the bin
 * @param meanConfidence the mean top-label confidence of those samples, NaN when count is 0
 * @param accuracy the fraction of those samples whose top label is correct, NaN when count is 0
 */
public record ReliabilityBin(double lower, double upper, int count, double meanConfidence, double accuracy) {

    /** |accuracy - meanConfidence|, the bin's calibration gap (NaN for an empty bin). */
    public double gap() {
        return Math.abs(accuracy - meanConfidence);
    }
}
