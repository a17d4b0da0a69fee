package org.bdl4j.method;

import static org.assertj.core.api.Assertions.assertThat;

import org.bdl4j.TestTables;
import org.bdl4j.data.Dataset;
import org.bdl4j.laplace.HessianStructure;
import org.bdl4j.laplace.Laplace;
import org.bdl4j.laplace.LaplacePosterior;
import org.bdl4j.laplace.PriorPrecision;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.train.MapPosterior;
import org.bdl4j.train.MapTrainer;
import org.junit.jupiter.api.Test;

/**
 * What a fit notices is kept in the model's provenance: too few rows for the classes, and a prior
 * precision that ends at its search bound; post-hoc models inherit their MAP's warnings (HMC's mixing
 * warnings: {@code HmcMixingWarningsTest}).
 */
class WarningsTest {
    private static FitRequest request(Dataset train) {
        return FitRequest.builder(train).network(NetworkSpec.mlp(new int[] {2}, new int[] {8}, Activation.TANH, 0f, 1))
                .trainer(MapTrainer.builder().optEpochs(5).build()).seed(2).build();
    }

    @Test
    void tooFewRowsAClassIsAWarningThatPostHocModelsKeep() {
        Dataset small = TestTables.blobs(24, 2, 6, 1); // 24 rows, 6 classes: 4 a class
        try (MapPosterior map = MapMethod.train(request(small))) {
            assertThat(map.provenance().warnings()).containsExactly("only 24 training rows for 6 classes (fewer than"
                    + " 5 a class): the predictive rests mostly on the prior");
            try (LaplacePosterior laplace = Laplace.builder(map).build().fit(small)) {
                assertThat(laplace.provenance().warnings()).containsAll(map.provenance().warnings());
            }
        }
        try (MapPosterior map = MapMethod.train(request(TestTables.blobs(10, 2, 2, 1)))) {
            assertThat(map.provenance().warnings()).containsExactly("only 10 training rows: the predictive rests"
                    + " mostly on the prior");
        }
        try (MapPosterior map = MapMethod.train(request(TestTables.blobs(60, 2, 3, 1)))) {
            assertThat(map.provenance().warnings()).isEmpty();
        }
    }

    /** A search range that excludes the evidence's maximum: λ lands on the bound, and the user is told. */
    @Test
    void aPriorPrecisionAtItsSearchBoundIsAWarning() {
        Dataset train = TestTables.blobs(80, 2, 2, 3);
        try (MapPosterior map = MapMethod.train(request(train))) {
            try (LaplacePosterior post = Laplace.builder(map).hessian(HessianStructure.FULL)
                    .priorPrecision(PriorPrecision.marginalLikelihood(1e-4, 1e-3)).build().fit(train)) {
                assertThat(post.priorPrecision()).isCloseTo(1e-3, org.assertj.core.api.Assertions.within(1e-15));
                assertThat(post.provenance().warnings()).anySatisfy(w -> assertThat(w)
                        .startsWith("the prior precision 0.001 ended at its search bound [0.0001, 0.001]"));
            }
            try (LaplacePosterior post = Laplace.builder(map).hessian(HessianStructure.FULL)
                    .priorPrecision(PriorPrecision.marginalLikelihood()).build().fit(train)) {
                assertThat(post.provenance().warnings()).noneSatisfy(w -> assertThat(w).contains("search bound"));
            }
        }
    }
}
