/**
 * Dense linear algebra on row-major {@code double[]} matrices: Cholesky factorisation with log-det and
 * solves, symmetric eigendecomposition, and Kronecker helpers. The only package of bdl4j that imports
 * EJML, so that the rest of the library depends on plain arrays.
 */
package org.bdl4j.linalg;
