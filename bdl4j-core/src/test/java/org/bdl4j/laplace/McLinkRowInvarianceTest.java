package org.bdl4j.laplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.bdl4j.data.Dataset;
import org.bdl4j.data.ToyData;
import org.bdl4j.train.MapPosterior;
import org.junit.jupiter.api.Test;

/**
 * The Monte Carlo link's predictive of a row does not depend on the rows predicted with it: row i
 * alone, in a slice starting elsewhere, or among all rows gets the same probabilities, to float
 * rounding of the linearised logits (1e-6), where drawing ε per row in sequence moved them by Monte
 * Carlo error (2.7e-3 seen at S = 100 before the draws were shared).
 */
class McLinkRowInvarianceTest {
    private static final Dataset MOONS = ToyData.twoMoons(200, 0.1, 7);

    private static MapPosterior map() {
        return MoonsMap.train(MOONS, new int[] {16}, 30);
    }

    @Test
    void aRowGetsTheSameProbabilitiesAloneOrInAnyBatch() {
        Dataset grid = ToyData.twoMoons(60, 0.4, 9).withoutTargets();
        try (MapPosterior map = map();
                LaplacePosterior post = Laplace.builder(map).subset(SubsetOfWeights.ALL)
                        .hessian(HessianStructure.KRON).priorPrecision(PriorPrecision.fixed(1.0)).link(Link.MC)
                        .build().fit(MOONS)) {
            double[][] all = post.predictClasses(grid).probabilities();
            double[][] tail = post.predictClasses(grid.slice(17, 60)).probabilities();
            for (int i = 17; i < 60; i++) {
                assertThat(tail[i - 17][0]).as("row %d", i).isCloseTo(all[i][0], within(1e-6));
                double alone = post.predictClasses(grid.slice(i, i + 1)).probabilities()[0][0];
                assertThat(alone).as("row %d alone", i).isCloseTo(all[i][0], within(1e-6));
            }
        }
    }
}
