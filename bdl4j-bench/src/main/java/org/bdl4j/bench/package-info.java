/**
 * The benchmark workloads of docs/benchmarks.md, run by {@link org.bdl4j.bench.Bench}, each printing one JSON
 * line on stdout (timings, test metrics, OOD AUROC, software versions) on Fashion-MNIST or seeded
 * synthetic tables:
 *
 * <ul>
 *   <li>W1: MAP training of an MLP 784-256-256-10, timed against the same loop written directly on engine
 *       ops (the "plain libtorch" baseline);
 *   <li>W2: MC dropout with T = 100 passes, the loop against the batched sampling modes;
 *   <li>W3 / W3s: deep ensembles of 5 members trained sequentially and vectorised;
 *   <li>W4 / W4C: Laplace on the W1 network (GGN, marginal-likelihood prior, GLM probit predictive), and
 *       last-layer KFAC Laplace on a 1,000-class model with its peak memory;
 *   <li>W5: post-hoc temperature scaling and split conformal prediction (LAC, APS, RAPS);
 *   <li>FLAT: reading and writing the flat parameter vector;
 *   <li>any registered method started from the W1 MAP, with options by name ({@code --posterior}), and
 *       the SWAG, VI and SGLD presets of it;
 *   <li>BATTERY: every registered method with the command line's defaults on the generated sets of
 *       {@code org.bdl4j.data.GeneratedSets} (and Fashion-MNIST subsets), against MAP.
 * </ul>
 */
package org.bdl4j.bench;
