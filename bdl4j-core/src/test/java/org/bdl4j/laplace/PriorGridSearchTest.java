package org.bdl4j.laplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.bdl4j.Likelihood;
import org.bdl4j.RegressionPredictive;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.ToyData;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.MapMethod;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.train.MapPosterior;
import org.bdl4j.train.MapTrainer;
import org.junit.jupiter.api.Test;

/**
 * The validation grid search of the prior precision picks the grid point of smallest validation NLL:
 * every point of the default grid (21 points, 10^(-4 + 0.4k), written out here) is evaluated
 * independently through the public API (a fixed prior, the posterior's predictive, the NLL summed
 * here), and the arg-min must be the λ the search chose. The NLL must vary over the grid by far more
 * than round-off, so that the choice is decisive.
 */
class PriorGridSearchTest {

    private static double[] closedFormGrid() {
        double[] grid = new double[21];
        for (int k = 0; k < grid.length; k++) {
            grid[k] = Math.pow(10, -4 + 0.4 * k);
        }
        return grid;
    }

    @Test
    void classificationChoosesTheGridPointOfSmallestValidationNll() {
        Dataset train = ToyData.twoMoons(200, 0.1, 7);
        Dataset validation = ToyData.twoMoons(150, 0.35, 12);
        MapTrainer trainer = MapTrainer.builder().optEpochs(60).optBatchSize(50).optLearningRate(1e-2)
                .optPriorPrecision(1.0).optSeed(3).build();
        try (MapPosterior map = MapMethod.train(FitRequest.builder(train).likelihood(Likelihood.CATEGORICAL)
                .network(NetworkSpec.mlp(new int[] {2}, new int[] {16}, Activation.TANH, 0f, 2)).trainer(trainer)
                .seed(3).build());
                LaplacePosterior post = Laplace.builder(map).subset(SubsetOfWeights.ALL).hessian(HessianStructure.KRON)
                        .priorPrecision(PriorPrecision.fixed(1.0)).build().fit(train)) {
            double[] grid = closedFormGrid();
            double[] nll = new double[grid.length];
            for (int k = 0; k < grid.length; k++) {
                post.setPriorPrecision(PriorPrecision.fixed(grid[k]));
                double[][] p = post.predictClasses(validation).probabilities();
                for (int i = 0; i < p.length; i++) {
                    nll[k] -= Math.log(p[i][validation.labels()[i]]) / p.length;
                }
            }
            assertChoice(post, PriorPrecision.gridSearch(validation), grid, nll);
        }
    }

    @Test
    void regressionChoosesTheGridPointOfSmallestValidationGaussianNll() {
        Dataset train = ToyData.regressionGap(100, 2);
        Dataset validation = ToyData.regressionGap(80, 5);
        MapTrainer trainer = MapTrainer.builder().optEpochs(80).optBatchSize(50).optLearningRate(1e-2)
                .optPriorPrecision(1.0).optSeed(2).build();
        try (MapPosterior map = MapMethod.train(FitRequest.builder(train).likelihood(Likelihood.GAUSSIAN)
                .network(NetworkSpec.mlp(new int[] {1}, new int[] {8}, Activation.TANH, 0f, 1)).trainer(trainer).seed(2)
                .build());
                LaplacePosterior post = Laplace.builder(map).subset(SubsetOfWeights.ALL).hessian(HessianStructure.FULL)
                        .priorPrecision(PriorPrecision.fixed(1.0)).build().fit(train)) {
            double[] grid = closedFormGrid();
            double[] nll = new double[grid.length];
            float[] y = validation.targets();
            for (int k = 0; k < grid.length; k++) {
                post.setPriorPrecision(PriorPrecision.fixed(grid[k]));
                RegressionPredictive p = post.predictRegression(validation);
                for (int i = 0; i < y.length; i++) {
                    double v = p.aleatoricVariance()[i] + p.epistemicVariance()[i];
                    double r = y[i] - p.mean()[i];
                    nll[k] += (0.5 * Math.log(2 * Math.PI * v) + r * r / (2 * v)) / y.length;
                }
            }
            assertChoice(post, PriorPrecision.gridSearch(validation), grid, nll);
        }
    }

    private static void assertChoice(LaplacePosterior post, PriorPrecision search, double[] grid, double[] nll) {
        double[] used = ((PriorPrecision.GridSearch) search).grid();
        for (int k = 0; k < grid.length; k++) {
            assertThat(used[k]).isCloseTo(grid[k], within(1e-12 * grid[k]));
        }
        int best = 0;
        double max = nll[0];
        for (int k = 1; k < grid.length; k++) {
            if (nll[k] < nll[best]) {
                best = k;
            }
            max = Math.max(max, nll[k]);
        }
        assertThat(max - nll[best]).as("NLL spread over the grid").isGreaterThan(1e-3);
        double chosen = post.setPriorPrecision(search);
        assertThat(chosen).as("NLL by grid point %s", java.util.Arrays.toString(nll))
                .isCloseTo(grid[best], within(1e-12 * grid[best]));
        assertThat(post.priorPrecision()).isEqualTo(chosen);
    }

    @Test
    void badGridsAreOneLineErrors() {
        Dataset validation = ToyData.twoMoons(10, 0.3, 12);
        assertThatThrownBy(() -> PriorPrecision.gridSearch(validation.withoutTargets())).hasMessage(
                "the grid-search validation table has no target column");
        assertThatThrownBy(() -> PriorPrecision.gridSearch(validation, 1e-2, 1e2, 1)).hasMessage(
                "the prior-precision grid needs at least 2 points, found 1");
        assertThatThrownBy(() -> PriorPrecision.gridSearch(validation, 0, 1e2, 5)).hasMessage(
                "the prior-precision search range must satisfy 0 < low < high, found [0.0, 100.0]");
    }
}
