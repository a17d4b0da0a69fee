/**
 * Pure-Java numerics shared by every layer of bdl4j, each formula in one place: the standard normal
 * distribution ({@link org.bdl4j.math.NormalDistribution}).
 *
 * <p>This package depends on the JDK only: no engine (DJL), no EJML, and no other package of bdl4j,
 * so that the root contract ({@code org.bdl4j}) and every package above it can use it without a
 * cycle. Everything here works on plain {@code double[]} and {@code float[]} arrays.
 */
package org.bdl4j.math;
