/**
 * The {@code bdl4j} command ({@link org.bdl4j.cli.Main}, built with picocli), with the subcommands
 * {@code demo}, {@code fit}, {@code predict}, {@code evaluate}, {@code compare}, {@code calibrate} and
 * {@code conformal}.
 *
 * <ul>
 *   <li>{@code fit} and {@code compare} know no method: their options are generated from core's option
 *       descriptors ({@code org.bdl4j.options}), the request's and every registered method's
 *       ({@code org.bdl4j.method.PosteriorMethod}), and values are checked by the descriptors' rules;
 *   <li>{@code predict} writes the predictive as CSV (class probabilities with the entropy split, or
 *       mean, aleatoric and epistemic variance and an interval); {@code evaluate} prints a saved model's
 *       metrics, with OOD AUROC by entropy, maximum probability and mutual information;
 *   <li>{@code calibrate} fits a post-hoc calibrator and {@code conformal} split conformal sets or
 *       intervals, on held-out rows, for any saved model ({@code org.bdl4j.calibration},
 *       {@code org.bdl4j.conformal});
 *   <li>{@code compare} and {@code demo} fit several methods on the same split, training the MAP once
 *       for the post-hoc ones, and write an HTML report with PNG plots (XChart): reliability diagrams,
 *       and for 1-D regression the predictive mean with total and epistemic bands.
 * </ul>
 *
 * Errors end the process with one line on stderr (exit code 2 for a malformed command line, 1 for bad
 * input); {@code --verbose} adds the stack trace. Files are written whole or not at all.
 */
package org.bdl4j.cli;
