package org.bdl4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class StandardizerTest {
    @Test
    void trainBecomesMeanZeroStdOne() {
        Dataset train = ToyData.twoMoons(1_000, 0.2, 4);
        Standardizer s = Standardizer.fit(train);
        Dataset z = s.apply(train);
        for (int j = 0; j < 2; j++) {
            double sum = 0;
            double sq = 0;
            for (int i = 0; i < z.rows(); i++) {
                double v = z.features()[2 * i + j];
                sum += v;
                sq += v * v;
            }
            assertThat(sum / z.rows()).isCloseTo(0.0, within(1e-6));
            assertThat(Math.sqrt(sq / z.rows())).isCloseTo(1.0, within(1e-6)); // population std
        }
        assertThat(z.labels()).isEqualTo(train.labels());
        assertThat(z.featureNames()).isEqualTo(train.featureNames());
        assertThat(train.features()[0]).isNotEqualTo(z.features()[0]); // the input is not modified
    }

    @Test
    void statisticsAreThePopulationMeanAndStd() {
        // column a: 1, 2, 3, 6 -> mean 3, population variance (4 + 1 + 0 + 9) / 4 = 3.5
        Dataset d = Dataset.unlabeled(new float[] {1, 5, 2, 5, 3, 5, 6, 5}, 4, new int[] {2}, List.of("a", "b"));
        Standardizer s = Standardizer.fit(d);
        assertThat(s.mean()).containsExactly(3.0, 5.0);
        assertThat(s.std()[0]).isCloseTo(Math.sqrt(3.5), within(1e-12));
        assertThat(s.std()[1]).isEqualTo(1.0); // constant column
        assertThat(s.apply(d).row(3)).containsExactly((float) (3 / Math.sqrt(3.5)), 0f);
    }

    @Test
    void nearlyConstantFloatColumnMapsToExactZero() {
        float[] x = new float[30];
        java.util.Arrays.fill(x, 0.1f);
        Dataset d = Dataset.unlabeled(x, 30, new int[] {1}, List.of("c"));
        assertThat(Standardizer.fit(d).apply(d).features()).containsOnly(0f);
    }

    @Test
    void rebuiltFromStatisticsGivesTheSameResult() {
        Dataset train = ToyData.heteroscedastic(200, 1);
        Dataset test = ToyData.heteroscedastic(50, 2);
        Standardizer s = Standardizer.fit(train);
        Standardizer t = Standardizer.of(s.mean(), s.std());
        assertThat(t.apply(test).features()).isEqualTo(s.apply(test).features());
        float[] rows = test.features().clone();
        s.applyInPlace(rows);
        assertThat(rows).isEqualTo(s.apply(test).features());
    }

    @Test
    void errors() {
        Standardizer s = Standardizer.of(new double[] {0, 0}, new double[] {1, 2});
        Dataset three = Dataset.unlabeled(new float[3], 1, new int[] {3}, List.of("a", "b", "c"));
        assertThatThrownBy(() -> s.apply(three)).isInstanceOf(DataException.class)
                .hasMessage("standardizer was fitted on 2 features, the data has 3");
        assertThatThrownBy(() -> s.applyInPlace(new float[3])).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> Standardizer.of(new double[] {0}, new double[] {0}))
                .hasMessage("std[0] must be finite and > 0, found 0.0");
        assertThatThrownBy(() -> Standardizer.of(new double[] {0}, new double[] {1, 1}))
                .hasMessage("mean and std need the same positive length, found 1 and 2");
    }

    @Test
    void targetStandardizerRoundTrip() {
        Dataset train = ToyData.heteroscedastic(500, 3);
        TargetStandardizer t = TargetStandardizer.fit(train);
        Dataset z = t.apply(train);
        double sum = 0;
        double sq = 0;
        for (float v : z.targets()) {
            sum += v;
            sq += v * v;
        }
        assertThat(sum / z.rows()).isCloseTo(0, within(1e-6));
        assertThat(Math.sqrt(sq / z.rows())).isCloseTo(1, within(1e-6));
        assertThat(z.features()).isSameAs(train.features());
        for (int i = 0; i < 20; i++) {
            assertThat(t.inverseMean(z.targets()[i])).isCloseTo(train.targets()[i], within(1e-5));
        }
        // a variance of 1 in standard units is the training variance in original units
        assertThat(t.inverseVariance(1.0)).isCloseTo(t.std() * t.std(), within(1e-12));
        assertThat(t.inverseVariance(0.25)).isCloseTo(0.25 * t.std() * t.std(), within(1e-12));
        assertThat(t.inverseStd(0.5)).isCloseTo(0.5 * t.std(), within(1e-12));
        TargetStandardizer u = TargetStandardizer.fromArray(t.toArray());
        assertThat(u.mean()).isEqualTo(t.mean());
        assertThat(u.std()).isEqualTo(t.std());
        assertThat(TargetStandardizer.of(2, 3).inverseMean(1)).isEqualTo(5.0);
    }

    @Test
    void targetStandardizerNeedsRegressionTargets() {
        assertThatThrownBy(() -> TargetStandardizer.fit(ToyData.twoMoons(10, 0.1, 1))).isInstanceOf(DataException.class)
                .hasMessage("target standardisation needs regression targets, the table has classification targets");
        assertThatThrownBy(() -> TargetStandardizer.of(0, -1)).hasMessage("std[0] must be finite and > 0, found -1.0");
    }
}
