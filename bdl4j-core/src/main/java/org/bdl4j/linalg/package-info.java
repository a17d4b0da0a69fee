/**
 * Dense linear algebra on row-major {@code double[]} matrices, and the only package of bdl4j that
 * imports EJML, so that the rest of the library depends on plain arrays:
 *
 * <ul>
 *   <li>{@link org.bdl4j.linalg.Cholesky}: S = L Lᵀ with log det S, solves and the inverse;
 *   <li>{@link org.bdl4j.linalg.SymmetricEigen}: S = Q diag(v) Qᵀ of a symmetric matrix;
 *   <li>{@link org.bdl4j.linalg.Kronecker}: the explicit product G ⊗ A, and the log-determinant and
 *       inverse traces of s·G ⊗ A + δI from the eigenvalues of the two factors, for KFAC curvature
 *       (Martens &amp; Grosse 2015; Ritter et al. 2018), and the nearest Kronecker product to a matrix
 *       (Van Loan &amp; Pitsianis 1993);
 *   <li>{@link org.bdl4j.linalg.BlockLogDet}: log det of a large symmetric positive definite matrix held
 *       as an engine array, by block Schur complements (a blocked Cholesky without the factor) over
 *       engine products;
 *   <li>{@link org.bdl4j.linalg.Matrices}: small helpers.
 * </ul>
 *
 * The pure-Java numerics it shares (small Cholesky substitutions, log-det) live in
 * {@code org.bdl4j.math}.
 */
package org.bdl4j.linalg;
