package org.bdl4j.laplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.bdl4j.data.Dataset;
import org.bdl4j.data.ToyData;
import org.bdl4j.metrics.PredictiveReports;
import org.bdl4j.train.MapPosterior;
import org.junit.jupiter.api.Test;

/**
 * The full structure's sweep ({@link FullSweep}: one eigendecomposition of H, each row's Jacobian rotated
 * once, weighed per λ) against the λ-by-λ route it replaces in the prior's grid search: for every λ of a
 * grid, each validation row's NLL from the sweep must equal that of the posterior set to that fixed λ
 * (which inverts H + λI) predicting through the public API. Covers the one-Linear-layer route with
 * cotangent taps (classification: Monte Carlo link with full covariances, probit with variances) and with
 * the identity tap of one regression output, the several-layer route (all weights of the MLP) and a
 * subnetwork's Jacobian columns.
 */
class FullSweepTest {

    @Test
    void lastLayerAndAllWeightsClassificationSweepsEqualEachFixedPrior() {
        Dataset train = ToyData.twoMoons(120, 0.15, 7);
        Dataset validation = ToyData.twoMoons(60, 0.3, 12);
        try (MapPosterior map = MoonsMap.train(train, new int[] {16}, 40)) {
            for (SubsetOfWeights subset : new SubsetOfWeights[] {SubsetOfWeights.LAST_LAYER, SubsetOfWeights.ALL}) {
                for (Link link : new Link[] {Link.MC, Link.PROBIT}) {
                    try (LaplacePosterior post = Laplace.builder(map).subset(subset).hessian(HessianStructure.FULL)
                            .link(link).optSamples(50).priorPrecision(PriorPrecision.fixed(1.0)).build().fit(train)) {
                        assertSweepEqualsFixedPriors(post, validation, subset + " " + link);
                    }
                }
            }
            // a subnetwork of 20 parameters spread over both layers: its Jacobian columns alone are formed
            int[] chosen = java.util.stream.IntStream.range(0, 20).map(i -> i * 4 + 1).toArray();
            try (LaplacePosterior post = Laplace.builder(map).subnetwork(SubnetworkSelection.of(chosen)).link(Link.MC)
                    .optSamples(50).priorPrecision(PriorPrecision.fixed(1.0)).build().fit(train)) {
                assertSweepEqualsFixedPriors(post, validation, "subnetwork MC");
            }
        }
    }

    @Test
    void regressionSweepEqualsEachFixedPrior() {
        Dataset train = ToyData.regressionGap(80, 11);
        Dataset validation = ToyData.regressionGap(40, 13);
        try (MapPosterior map = LaplaceBehaviourTest.trainRegression(train)) {
            for (SubsetOfWeights subset : new SubsetOfWeights[] {SubsetOfWeights.LAST_LAYER, SubsetOfWeights.ALL}) {
                try (LaplacePosterior post = Laplace.builder(map).subset(subset).hessian(HessianStructure.FULL)
                        .priorPrecision(PriorPrecision.fixed(1.0)).build().fit(train)) {
                    assertSweepEqualsFixedPriors(post, validation, subset + " regression");
                }
            }
        }
    }

    private static void assertSweepEqualsFixedPriors(LaplacePosterior post, Dataset validation, String what) {
        double[] grid = ((PriorPrecision.GridSearch) PriorPrecision.gridSearch(validation, 1e-3, 1e3, 7)).grid();
        double[][] swept = post.validationRowNll(grid, post.sigmaNoise(), validation);
        for (int k = 0; k < grid.length; k++) {
            post.setPriorPrecision(PriorPrecision.fixed(grid[k]));
            double[] expected = PredictiveReports.rowNll(post.predict(validation), validation);
            for (int i = 0; i < expected.length; i++) {
                assertThat(swept[k][i]).as("%s λ %s row %d", what, grid[k], i)
                        .isCloseTo(expected[i], within(1e-9 * Math.max(1, Math.abs(expected[i]))));
            }
        }
    }
}
