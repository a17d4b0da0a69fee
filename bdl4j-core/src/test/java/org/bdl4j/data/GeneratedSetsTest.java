package org.bdl4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GeneratedSetsTest {

    @Test
    void theListSpansTheAxesWithUniqueNames() {
        List<SetSpec> all = GeneratedSets.all();
        assertThat(all).hasSizeBetween(20, 30);
        Set<String> names = new HashSet<>();
        Set<Integer> rows = new HashSet<>();
        Set<Integer> classFeatures = new HashSet<>();
        Set<Integer> classes = new HashSet<>();
        Set<SetFamily> families = new HashSet<>();
        for (SetSpec s : all) {
            assertThat(names.add(s.name())).as("unique name %s", s.name()).isTrue();
            assertThat(GeneratedSets.named(s.name())).isEqualTo(s);
            families.add(s.family());
            if (s.task() == Task.CLASSIFICATION) {
                rows.add(s.trainRows());
                classFeatures.add(s.features());
                classes.add(s.classes());
            }
        }
        assertThat(rows).contains(100, 500, 2000, 5000);
        assertThat(classFeatures).contains(1, 2, 5, 10, 50);
        assertThat(classes).contains(2, 3, 5, 10, 20);
        assertThat(families).containsExactlyInAnyOrder(SetFamily.values());
        assertThat(names).contains("blobs-n500-d10-c5", "moons-n100", "imbalanced-n2000-c3", "labelnoise-n500-c2",
                "sine-hetero-n200", "gap-n100", "linear-n1000-d20");
        assertThat(GeneratedSets.smoke()).extracting(SetSpec::name)
                .containsExactly("moons-n100", "blobs-n100-d2-c3", "gap-n100", "sine-hetero-n200");
    }

    @Test
    void everySetHasItsShapesAndTheSameNameGivesTheSameTables() {
        for (SetSpec s : GeneratedSets.all()) {
            EvaluationSet a = GeneratedSets.generate(s);
            assertThat(a.name()).isEqualTo(s.name());
            assertThat(a.seed()).isEqualTo(s.seed());
            assertThat(a.train().rows()).isEqualTo(s.trainRows());
            assertThat(a.test().rows()).isEqualTo(GeneratedSets.TEST_ROWS);
            assertThat(a.ood().rows()).isEqualTo(GeneratedSets.TEST_ROWS);
            assertThat(a.train().featureCount()).isEqualTo(s.features());
            assertThat(a.test().featureCount()).isEqualTo(s.features());
            assertThat(a.ood().hasTargets()).isFalse();
            assertThat(a.task()).isEqualTo(s.task());
            assertThat(a.test().task()).isEqualTo(s.task());
            assertThat(a.train().origin().source()).isEqualTo("generated:" + s.name());
            if (s.task() == Task.CLASSIFICATION) {
                assertThat(a.train().numClasses()).isEqualTo(s.classes());
            }
            for (float v : a.train().features()) {
                assertThat(Float.isFinite(v)).isTrue();
            }
        }
        EvaluationSet a = GeneratedSets.generate(GeneratedSets.named("blobs-n500-d10-c5"));
        EvaluationSet b = GeneratedSets.generate(GeneratedSets.named("blobs-n500-d10-c5"));
        assertThat(b.train().features()).isEqualTo(a.train().features());
        assertThat(b.train().labels()).isEqualTo(a.train().labels());
        assertThat(b.test().features()).isEqualTo(a.test().features());
        assertThat(b.ood().features()).isEqualTo(a.ood().features());
        assertThat(a.test().features()).isNotEqualTo(a.train().slice(0, GeneratedSets.TEST_ROWS).features());
    }

    /** FNV-1a of "a" is the published test vector 0xaf63dc4c8601ec8c. */
    @Test
    void theSeedIsTheFnv1aHashOfTheName() {
        assertThat(new SetSpec("a", SetFamily.GAP, 1, 1, 0).seed()).isEqualTo(0xaf63dc4c8601ec8cL);
        assertThat(GeneratedSets.named("gap-n100").seed()).isNotEqualTo(GeneratedSets.named("gap-n500").seed());
    }

    @Test
    void theGapHasNoTrainingInputsAndAThirdOfTheTestInputs() {
        EvaluationSet s = GeneratedSets.generate(GeneratedSets.named("gap-n500"));
        assertThat(s.hasGap()).isTrue();
        assertThat(s.gap()).isEqualTo(ToyData.regressionGapInterval());
        for (float x : s.train().features()) {
            assertThat(s.gap().containsStrictly(x)).isFalse();
        }
        int inGap = 0;
        for (int i = 0; i < s.test().rows(); i++) {
            float x = s.test().features()[i];
            assertThat(x).isBetween(-1.5f, 1.5f);
            inGap += s.gap().containsStrictly(x) ? 1 : 0;
            assertThat(s.test().targets()[i]).isCloseTo((float) Math.sin(3 * x), within(0.6f));
        }
        assertThat(inGap).isBetween(130, 200);
        assertThat(GeneratedSets.generate(GeneratedSets.named("sine-homo-n100")).hasGap()).isFalse();
    }

    /** Every OOD row is its test row moved by one vector of length 10 in standardised units. */
    @Test
    void oodRowsAreTheTestRowsShiftedByTenStandardDeviations() {
        for (String name : List.of("blobs-n500-d10-c5", "gap-n100", "nonlinear-n500-d10")) {
            EvaluationSet s = GeneratedSets.generate(GeneratedSets.named(name));
            double[] sd = Standardizer.fit(s.train()).std();
            int d = sd.length;
            double[] first = new double[d];
            for (int i = 0; i < s.test().rows(); i++) {
                double length = 0;
                for (int j = 0; j < d; j++) {
                    double z = (s.ood().features()[i * d + j] - s.test().features()[i * d + j]) / sd[j];
                    if (i == 0) {
                        first[j] = z;
                    }
                    assertThat(z).isCloseTo(first[j], within(1e-3));
                    length += z * z;
                }
                assertThat(Math.sqrt(length)).isCloseTo(GeneratedSets.OOD_SHIFT_SDS, within(1e-3));
            }
        }
    }

    @Test
    void imbalancedClassesFollowTenfoldPriors() {
        EvaluationSet s = GeneratedSets.generate(GeneratedSets.named("imbalanced-n2000-c3"));
        int[] counts = new int[3];
        for (int y : s.train().labels()) {
            counts[y]++;
        }
        assertThat(counts[0]).isBetween(1740, 1860);
        assertThat(counts[1]).isBetween(140, 220);
        assertThat(counts[2]).isBetween(8, 30);
        assertThat(BlobProcess.tenfoldPriors(3)).containsExactly(new double[] {100 / 111.0, 10 / 111.0, 1 / 111.0},
                within(1e-12));
    }

    /** The same draws with and without flips: the rows are identical, a tenth of the labels differ. */
    @Test
    void labelNoiseFlipsATenthOfTheLabelsToOtherClasses() {
        double[] priors = BlobProcess.uniformPriors(5);
        Dataset clean = new BlobProcess(5, priors, 0, new SplittableRandom(3)).train(4000, new SplittableRandom(4));
        Dataset noisy = new BlobProcess(5, priors, SetFamily.LABEL_FLIP, new SplittableRandom(3))
                .train(4000, new SplittableRandom(4));
        assertThat(noisy.features()).isEqualTo(clean.features());
        int flipped = 0;
        for (int i = 0; i < 4000; i++) {
            flipped += noisy.labels()[i] != clean.labels()[i] ? 1 : 0;
        }
        assertThat(flipped / 4000.0).isCloseTo(0.1, within(0.015));
    }

    @Test
    void heteroscedasticNoiseGrowsAlongX() {
        EvaluationSet s = GeneratedSets.generate(GeneratedSets.named("sine-hetero-n200"));
        double left = 0;
        double right = 0;
        int nl = 0;
        int nr = 0;
        for (int i = 0; i < s.test().rows(); i++) {
            double x = s.test().features()[i];
            double r = s.test().targets()[i] - Math.sin(2 * x);
            if (x < -1.5) {
                left += r * r;
                nl++;
            } else if (x > 1.5) {
                right += r * r;
                nr++;
            }
        }
        assertThat(Math.sqrt(left / nl)).isBetween(0.05, 0.25);
        assertThat(Math.sqrt(right / nr)).isBetween(0.4, 0.8);
    }

    @Test
    void embeddedToySetsKeepThePlaneAndAddNoise() {
        EvaluationSet s = GeneratedSets.generate(GeneratedSets.named("moons-n500-d10"));
        assertThat(s.train().featureCount()).isEqualTo(10);
        assertThat(s.train().numClasses()).isEqualTo(2);
        double[] sd = Standardizer.fit(s.train()).std();
        for (int j = 2; j < 10; j++) {
            assertThat(sd[j]).isCloseTo(1.0, within(0.1));
        }
    }

    @Test
    void unknownNamesAreListed() {
        assertThatThrownBy(() -> GeneratedSets.named("blobs")).isInstanceOf(DataException.class)
                .hasMessageStartingWith("no generated set 'blobs' (known: blobs-n100-d2-c2, ");
    }
}
