/**
 * Pure-Java numerics shared by every layer of bdl4j, each formula in one place:
 *
 * <ul>
 *   <li>{@link org.bdl4j.math.NormalDistribution}: Φ, φ, Φ⁻¹, erf and erfc of N(0, 1) (erf and erfc
 *       after Cody 1969; Φ⁻¹ by Acklam's rational approximation refined by one Halley step);
 *   <li>{@link org.bdl4j.math.Softmax}: the stable softmax and log-sum-exp of logit rows;
 *   <li>{@link org.bdl4j.math.Softplus}: log(1 + e^s) and its inverse, as the engine computes it;
 *   <li>{@link org.bdl4j.math.SmallCholesky}: A = L Lᵀ of a small dense matrix (Cholesky-Banachiewicz;
 *       strict, or semi-definite with a jitter), its solves and log det A;
 *   <li>{@link org.bdl4j.math.SafeguardedNewton}: the minimiser of a convex function of one variable
 *       (Newton's method inside a bisection bracket, as Numerical Recipes' {@code rtsafe});
 *   <li>{@link org.bdl4j.math.GoldenSection}: the maximiser of a function of one variable by
 *       golden-section search (Kiefer 1953), optionally after a grid;
 *   <li>{@link org.bdl4j.math.Vectors}: inner product and max-norm;
 *   <li>{@link org.bdl4j.math.Floats}: float/double array conversion.
 * </ul>
 *
 * <p>This package depends on the JDK only: no engine (DJL), no EJML, and no other package of bdl4j,
 * so that the root contract ({@code org.bdl4j}) and every package above it can use it without a
 * cycle. Everything here works on plain {@code double[]} and {@code float[]} arrays; the large
 * EJML-backed linear algebra stays in {@code org.bdl4j.linalg}.
 */
package org.bdl4j.math;
