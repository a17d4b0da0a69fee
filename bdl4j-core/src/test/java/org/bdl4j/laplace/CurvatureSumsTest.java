package org.bdl4j.laplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.data.DataProvenance;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.ToyData;
import org.bdl4j.train.MapPosterior;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * A Laplace fit swept in parts (three disjoint row sets, as Spark partitions would) against the fit on
 * all rows: every curvature sum (KFAC factors, full and diagonal matrices, last layer and all layers)
 * agrees to 1e-5 of its array's largest value, and the log-likelihood to 1e-6 relative. Only the
 * grouping into batches differs, but each batch's products run in float32 (relative rounding about
 * 6e-8 per term) before they are added in double precision. The marginal likelihood's λ agrees to
 * 1e-4 relative (an iterative search, which moves by more than the curvature's rounding) and the
 * class probabilities to 1e-5.
 */
class CurvatureSumsTest {
    private static final Dataset MOONS = ToyData.twoMoons(300, 0.1, 7);

    private static MapPosterior map() {
        return MoonsMap.train(MOONS, new int[] {16, 16}, 30);
    }

    @ParameterizedTest
    @CsvSource({"LAST_LAYER,KRON", "LAST_LAYER,FULL", "ALL,KRON", "ALL,DIAG", "ALL,FULL"})
    void sumsOfPartsEqualTheWholeFit(SubsetOfWeights subset, HessianStructure hessian) {
        try (MapPosterior map = map()) {
            Laplace laplace = Laplace.builder(map).subset(subset).hessian(hessian)
                    .priorPrecision(PriorPrecision.marginalLikelihood()).link(Link.PROBIT).build();
            CurvatureSums whole = laplace.curvatureSums(MOONS);
            CurvatureSums parts = laplace.curvatureSums(MOONS.slice(0, 100))
                    .plus(laplace.curvatureSums(MOONS.slice(100, 137)))
                    .plus(laplace.curvatureSums(MOONS.slice(137, 300)));
            assertThat(parts.rows()).isEqualTo(300);
            assertThat(parts.logLikelihood()).isCloseTo(whole.logLikelihood(), within(1e-6 * Math.abs(whole.logLikelihood())));
            List<double[]> a = whole.sums();
            List<double[]> b = parts.sums();
            assertThat(b).hasSameSizeAs(a);
            for (int i = 0; i < a.size(); i++) {
                double scale = 0;
                for (double v : a.get(i)) {
                    scale = Math.max(scale, Math.abs(v));
                }
                for (int j = 0; j < a.get(i).length; j++) {
                    assertThat(b.get(i)[j]).as("sum %d[%d]", i, j).isCloseTo(a.get(i)[j], within(1e-5 * scale));
                }
            }
            DataProvenance data = DataProvenance.of(MOONS);
            try (LaplacePosterior one = laplace.fit(MOONS); LaplacePosterior joined = laplace.fit(parts, data)) {
                assertThat(joined.priorPrecision()).isCloseTo(one.priorPrecision(), within(1e-4 * one.priorPrecision()));
                ClassificationPredictive p1 = one.predictClasses(MOONS);
                ClassificationPredictive p2 = joined.predictClasses(MOONS);
                for (int i = 0; i < MOONS.rows(); i++) {
                    assertThat(p2.probabilities()[i][0]).isCloseTo(p1.probabilities()[i][0], within(1e-5));
                }
                assertThat(joined.provenance().data().rows()).isEqualTo(300);
            }
        }
    }

    @Test
    void sumsOfAnotherStructureAreRefused() {
        try (MapPosterior map = map()) {
            CurvatureSums kron = Laplace.builder(map).build().curvatureSums(MOONS);
            Laplace full = Laplace.builder(map).hessian(HessianStructure.FULL).build();
            assertThatThrownBy(() -> full.fit(kron, DataProvenance.of(MOONS)))
                    .hasMessageStartingWith("curvature sums of ");
        }
    }

    /**
     * A largest-variance subnetwork swept apart in two passes (the diagonal curvature of every layer,
     * then, with the subnetwork chosen from its total, the subnetwork's full curvature) equals the fit
     * on all rows: the same 20 weights (the diagonals agree to float rounding, far below the gaps
     * between the chosen and the next variances here), so the same λ and probabilities.
     */
    @Test
    void aLargestVarianceSubnetworkIsFittedInTwoPasses() {
        try (MapPosterior map = map()) {
            Laplace sub = Laplace.builder(map).subnetwork(SubnetworkSelection.largestVariance(20))
                    .priorPrecision(PriorPrecision.marginalLikelihood()).link(Link.PROBIT).build();
            assertThat(sub.choosesSubnetworkFromRows()).isTrue();
            assertThatThrownBy(() -> sub.curvatureSums(MOONS)).hasMessageContaining("withSubnetworkChosen");
            CurvatureSums selection = sub.subnetworkSelectionSums(MOONS.slice(0, 120))
                    .plus(sub.subnetworkSelectionSums(MOONS.slice(120, 300)));
            Laplace chosen = sub.withSubnetworkChosen(selection);
            assertThat(chosen.choosesSubnetworkFromRows()).isFalse();
            CurvatureSums total = chosen.curvatureSums(MOONS.slice(0, 77)).plus(chosen.curvatureSums(MOONS.slice(77, 300)));
            try (LaplacePosterior one = sub.fit(MOONS); LaplacePosterior joined = chosen.fit(total, DataProvenance.of(MOONS))) {
                assertThat(joined.priorPrecision()).isCloseTo(one.priorPrecision(), within(1e-4 * one.priorPrecision()));
                assertThat(joined.subnetwork().orElseThrow().indices()).containsExactly(
                        one.subnetwork().orElseThrow().indices());
                ClassificationPredictive p1 = one.predictClasses(MOONS);
                ClassificationPredictive p2 = joined.predictClasses(MOONS);
                for (int i = 0; i < MOONS.rows(); i++) {
                    assertThat(p2.probabilities()[i][0]).isCloseTo(p1.probabilities()[i][0], within(1e-5));
                }
            }
            Laplace kron = Laplace.builder(map).build();
            assertThatThrownBy(() -> kron.subnetworkSelectionSums(MOONS)).isInstanceOf(IllegalStateException.class);
        }
    }
}
