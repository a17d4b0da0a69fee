/**
 * Dense linear algebra on row-major {@code double[]} matrices: Cholesky factorisation with log-det and
 * solves, symmetric eigendecomposition, and Kronecker helpers; and the log-determinant of a large
 * matrix held as an engine array (block Schur complements over engine products). The only package of
 * bdl4j that imports EJML, so that the rest of the library depends on plain arrays; the pure-Java
 * numerics it shares (small Cholesky substitutions, log-det) live in {@code org.bdl4j.math}.
 */
package org.bdl4j.linalg;
