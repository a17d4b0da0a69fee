package org.bdl4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSourceTest {
    @TempDir
    Path dir;

    @Test
    void parsesTheThreeKinds() {
        DataSource csv = DataSource.parse("data/train.csv");
        assertThat(csv.kind()).isEqualTo(DataSource.Kind.CSV);
        assertThat(csv.path()).isEqualTo(Path.of("data/train.csv"));
        assertThat(csv.describe()).isEqualTo("CSV file data/train.csv");

        DataSource fm = DataSource.parse("fashion-mnist");
        assertThat(fm.kind()).isEqualTo(DataSource.Kind.FASHION_MNIST);
        assertThat(fm.path()).isEqualTo(FashionMnist.DEFAULT_DIR);
        assertThat(DataSource.parse("fashion-mnist:/tmp/fm").path()).isEqualTo(Path.of("/tmp/fm"));
        assertThat(DataSource.parse("./fashion-mnist").kind()).isEqualTo(DataSource.Kind.CSV);

        DataSource toy = DataSource.parse("toy:two-moons");
        assertThat(toy.kind()).isEqualTo(DataSource.Kind.TOY);
        assertThat(toy.toyName()).isEqualTo("two-moons");
        assertThat(toy.toyRows()).isEqualTo(ToyData.DEFAULT_ROWS);
        assertThat(toy.describe()).isEqualTo("toy data two-moons (400 rows)");
        assertThat(DataSource.parse("toy:spirals:1200").toyRows()).isEqualTo(1200);
        assertThat(toy.toString()).isEqualTo("toy:two-moons");
    }

    @Test
    void parseErrors() {
        assertThatThrownBy(() -> DataSource.parse("  ")).isInstanceOf(DataException.class)
                .hasMessage("empty data source (expected a CSV file, fashion-mnist[:DIR] or toy:NAME[:N])");
        assertThatThrownBy(() -> DataSource.parse("toy:moons")).isInstanceOf(DataException.class)
                .hasMessage("toy:moons: unknown toy data set 'moons' (known: two-moons, spirals, regression-gap, "
                        + "heteroscedastic)");
        assertThatThrownBy(() -> DataSource.parse("toy:spirals:many")).isInstanceOf(DataException.class)
                .hasMessage("toy:spirals:many: row count must be a positive integer, found 'many'");
        assertThatThrownBy(() -> DataSource.parse("toy:spirals:0"))
                .hasMessage("toy:spirals:0: row count must be a positive integer, found '0'");
        assertThatThrownBy(() -> DataSource.parse("fashion-mnist:")).hasMessage("fashion-mnist:: no directory after 'fashion-mnist:'");
        assertThatThrownBy(() -> DataSource.parse("a\u0000b.csv")).isInstanceOf(DataException.class)
                .hasMessageStartingWith("a\u0000b.csv: not a valid file name");
        assertThatThrownBy(() -> DataSource.parse("toy:spirals:2").load(DataSource.Role.TRAIN, 1, null, null))
                .isInstanceOf(DataException.class).hasMessage("toy:spirals:2: row count must be >= 3, found 2");
    }

    @Test
    void toyTestDataUsesADifferentSeed() {
        DataSource toy = DataSource.parse("toy:regression-gap:100");
        Dataset train = toy.load(DataSource.Role.TRAIN, 5, null, null).dataset();
        Dataset test = toy.load(DataSource.Role.TEST, 5, null, null).dataset();
        assertThat(train.features()).isEqualTo(ToyData.regressionGap(100, 5).features());
        assertThat(test.features()).isEqualTo(ToyData.regressionGap(100, 5 + 1_000_003).features());
        assertThat(DataSource.seedFor(DataSource.Role.TEST, 5)).isEqualTo(1_000_008L);
        for (float x : test.features()) {
            for (float t : train.features()) {
                assertThat(x).isNotEqualTo(t);
            }
        }
        TaskChoice task = toy.load(DataSource.Role.TRAIN, 5, null, null).task();
        assertThat(task.task()).isEqualTo(Task.REGRESSION);
        assertThat(task.inferred()).isFalse();
        assertThat(task.describe()).isEqualTo("regression");
    }

    @Test
    void builtInSetsRejectContradictingTargetOrTask() {
        DataSource toy = DataSource.parse("toy:two-moons");
        assertThat(toy.load(DataSource.Role.TRAIN, 1, "y", Task.CLASSIFICATION).dataset().rows()).isEqualTo(400);
        assertThatThrownBy(() -> toy.load(DataSource.Role.TRAIN, 1, "label", null)).isInstanceOf(DataException.class)
                .hasMessage("toy:two-moons: no column named 'label' (the target is 'y')");
        assertThatThrownBy(() -> toy.load(DataSource.Role.TRAIN, 1, null, Task.REGRESSION))
                .isInstanceOf(DataException.class)
                .hasMessage("toy:two-moons: is a classification data set, found task 'regression'");
    }

    @Test
    void csvLoadsTheSameFileForBothRoles() throws IOException {
        Path p = dir.resolve("d.csv");
        Files.writeString(p, "a,b,y\n1,2,x\n3,4,z\n");
        DataSource src = DataSource.parse(p.toString());
        LoadedTable t = src.load(DataSource.Role.TRAIN, 0, null, null);
        assertThat(t.task().inferred()).isTrue();
        assertThat(src.load(DataSource.Role.TEST, 99, null, null).dataset().features())
                .isEqualTo(t.dataset().features());
        TableSchema schema = TableSchema.of(t.dataset());
        Dataset forModel = src.loadForModel(DataSource.Role.TEST, 0, schema, TargetMode.REQUIRED);
        assertThat(forModel.labels()).containsExactly(0, 1);
        Path missing = dir.resolve("missing.csv");
        assertThatThrownBy(() -> DataSource.parse(missing.toString()).load(DataSource.Role.TRAIN, 0, null, null))
                .isInstanceOf(DataException.class).hasMessage(missing + ": no such file");
    }

    @Test
    void loadForModelConformsBuiltInSets() {
        DataSource toy = DataSource.parse("toy:two-moons:50");
        TableSchema moons = TableSchema.of(toy.load(DataSource.Role.TRAIN, 3, null, null).dataset());
        Dataset test = toy.loadForModel(DataSource.Role.TEST, 3, moons, TargetMode.REQUIRED);
        assertThat(test.rows()).isEqualTo(50);
        assertThat(test.classNames()).containsExactly("0", "1");
        assertThat(toy.loadForModel(DataSource.Role.TEST, 3, moons, TargetMode.IGNORED).hasTargets()).isFalse();

        TableSchema other = new TableSchema(List.of("x0", "x1", "x2"), "y", Task.CLASSIFICATION, List.of("0", "1"));
        assertThatThrownBy(() -> toy.loadForModel(DataSource.Role.TEST, 3, other, TargetMode.IGNORED))
                .isInstanceOf(DataException.class)
                .hasMessage("toy:two-moons:50: model expects 3 features, found 2 of them (missing: x2)");
        DataSource spirals = DataSource.parse("toy:spirals:30");
        assertThatThrownBy(() -> spirals.loadForModel(DataSource.Role.TEST, 3, moons, TargetMode.REQUIRED))
                .isInstanceOf(DataException.class)
                .hasMessage("toy:spirals:30: row 3, column 'y': label '2' was not seen at fit time (known: 0, 1)");
    }

    @Test
    void fashionMnistRolesAndMissingDirectory() throws IOException {
        IdxFiles.writeFashion(dir, "train", 4, true);
        IdxFiles.writeFashion(dir, "t10k", 2, true);
        DataSource src = DataSource.parse("fashion-mnist:" + dir);
        assertThat(src.load(DataSource.Role.TRAIN, 0, null, null).dataset().rows()).isEqualTo(4);
        assertThat(src.load(DataSource.Role.TEST, 0, "label", Task.CLASSIFICATION).dataset().rows()).isEqualTo(2);
        Path none = dir.resolve("none");
        assertThatThrownBy(() -> DataSource.parse("fashion-mnist:" + none).load(DataSource.Role.TEST, 0, null, null))
                .isInstanceOf(DataException.class).hasMessageContaining("apt-get install dataset-fashion-mnist");
        assertThat(Arrays.asList(DataSource.Role.values())).containsExactly(DataSource.Role.TRAIN, DataSource.Role.TEST);
    }

    /** The derived OOD sets: the transformations of {@link FashionMnist#ood} of the first 2,000 test images. */
    @Test
    void fashionMnistOodSetsAreMadeFromTheTestImagesAndCannotBeFitted() throws IOException {
        IdxFiles.writeFashion(dir, "t10k", FashionMnist.OOD_ROWS, true);
        Dataset test = FashionMnist.loadTest(dir);
        for (FashionMnist.Ood kind : FashionMnist.Ood.values()) {
            String name = DataSource.oodName(kind);
            DataSource src = DataSource.parse(name + ":" + dir);
            assertThat(src.kind()).isEqualTo(DataSource.Kind.FASHION_MNIST_OOD);
            assertThat(src.fashionOod()).isEqualTo(kind);
            Dataset rows = src.loadForModel(DataSource.Role.TEST, 0, TableSchema.of(test), TargetMode.IGNORED);
            float[] expected = FashionMnist.ood(test, kind, FashionMnist.OOD_NOISE_SEED).features();
            assertThat(Arrays.mismatch(rows.features(), expected)).as(name).isEqualTo(-1); // (a diff of 1.5M values is slow)
            assertThatThrownBy(() -> src.load(DataSource.Role.TRAIN, 0, null, null)).isInstanceOf(DataException.class)
                    .hasMessage(name + ":" + dir + ": is an out-of-distribution set without labels, made from the test"
                            + " images; it can be predicted and scored, not fitted");
        }
        assertThat(DataSource.parse("fashion-mnist-invert").path()).isEqualTo(FashionMnist.DEFAULT_DIR);
        assertThat(DataSource.oodName(FashionMnist.Ood.FLIP)).isEqualTo("fashion-mnist-flip");
        Path small = dir.resolve("small");
        Files.createDirectories(small);
        IdxFiles.writeFashion(small, "t10k", 10, true);
        assertThatThrownBy(() -> DataSource.parse("fashion-mnist-flip:" + small).loadForModel(DataSource.Role.TEST, 0,
                TableSchema.of(test), TargetMode.IGNORED)).isInstanceOf(DataException.class)
                .hasMessage("fashion-mnist-flip:" + small + ": is made from the first 2000 test images, found 10 in "
                        + small);
    }
}
