/**
 * Dense linear algebra on row-major {@code double[]} matrices: Cholesky factorisation with log-det and
 * solves, symmetric eigendecomposition, and Kronecker helpers; the log-determinant of a large matrix
 * held as an engine array (block Schur complements over engine products); and a safeguarded 1-D
 * Newton method. The only package of bdl4j that imports EJML, so that the rest of the library depends
 * on plain arrays.
 */
package org.bdl4j.linalg;
