package org.bdl4j.laplace;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.bdl4j.curvature.CurvatureAccumulator;

/**
 * What a Laplace fit needs from its training rows, as sums over rows: the curvature structure's sums
 * ({@link CurvatureAccumulator#sums}: H = Σ_n J_nᵀ Λ_n J_n in full, diagonal or Kronecker form), the
 * log-likelihood Σ_n log p(y_n | x_n, θ*) at the MAP and the row count N. Sums of disjoint row sets
 * add ({@link #plus}), so a data set's partitions can be swept apart, on Spark executors for instance
 * ({@link Laplace#curvatureSums}), and the posterior built from their total ({@link Laplace#fit(CurvatureSums,
 * org.bdl4j.data.DataProvenance)}), which equals the fit on all rows up to the order of summation.
 *
 * @param sums the structure's arrays, in its order
 * @param logLikelihood Σ_n log p(y_n | x_n, θ*)
 * @param rows N
 */
public record CurvatureSums(List<double[]> sums, double logLikelihood, long rows) implements Serializable {
    public CurvatureSums {
        List<double[]> copy = new ArrayList<>();
        sums.forEach(a -> copy.add(a.clone()));
        sums = List.copyOf(copy);
    }

    /** The sums of both row sets (the same weights, structure and MAP). */
    public CurvatureSums plus(CurvatureSums other) {
        List<double[]> total = new ArrayList<>();
        sums.forEach(a -> total.add(a.clone()));
        CurvatureAccumulator.addInto(total, other.sums);
        return new CurvatureSums(total, logLikelihood + other.logLikelihood, rows + other.rows);
    }

    @Override
    public List<double[]> sums() {
        List<double[]> copy = new ArrayList<>();
        sums.forEach(a -> copy.add(a.clone()));
        return copy;
    }
}
