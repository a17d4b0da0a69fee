package org.bdl4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadForModelTest {
    private static final TableSchema SPECIES = new TableSchema(List.of("x1", "x2", "x3"), "species",
            Task.CLASSIFICATION, List.of("bird", "cat"));
    private static final TableSchema PRICE = new TableSchema(List.of("a", "b"), "price", Task.REGRESSION, null);

    @TempDir
    Path dir;

    private Path csv(String content) throws IOException {
        Path p = dir.resolve("data.csv");
        Files.writeString(p, content);
        return p;
    }

    private String error(Path p, TableSchema schema, TargetMode mode) {
        Throwable t = catchThrowable(() -> CsvTableReader.readForModel(p, schema, mode));
        assertThat(t).isInstanceOf(DataException.class);
        assertThat(t.getMessage()).doesNotContain("\n").startsWith(p + ": ");
        return t.getMessage().substring(p.toString().length() + 2);
    }

    @Test
    void selectsFeaturesByNameInModelOrderAndIgnoresExtraColumns() throws IOException {
        Path p = csv("note,x3,species,x1,id,x2\nhello,3,cat,1,row-a,2\n,6,bird,4,,5\n");
        Dataset d = CsvTableReader.readForModel(p, SPECIES, TargetMode.REQUIRED);
        assertThat(d.featureNames()).containsExactly("x1", "x2", "x3");
        assertThat(d.features()).containsExactly(1f, 2f, 3f, 4f, 5f, 6f);
        assertThat(d.classNames()).containsExactly("bird", "cat");
        assertThat(d.labels()).containsExactly(1, 0);
        assertThat(d.targetName()).isEqualTo("species");
    }

    @Test
    void missingFeaturesAreListedWithCounts() throws IOException {
        Path p = csv("x1,x2,species\n1,2,cat\n");
        assertThat(error(p, SPECIES, TargetMode.IGNORED)).isEqualTo("model expects 3 features, found 2 of them (missing: x3)");
        Path q = csv("y,z\n1,2\n");
        assertThat(error(q, SPECIES, TargetMode.IGNORED))
                .isEqualTo("model expects 3 features, found 0 of them (missing: x1, x2, x3)");
    }

    @Test
    void unknownLabelNamesLineColumnLabelAndKnownLabels() throws IOException {
        String rows = "x1,x2,x3,species\n" + "1,2,3,cat\n".repeat(10) + "1,2,3,dog\n";
        assertThat(error(csv(rows), SPECIES, TargetMode.REQUIRED))
                .isEqualTo("line 12, column 'species': label 'dog' was not seen at fit time (known: bird, cat)");
        assertThat(error(csv(rows), SPECIES, TargetMode.OPTIONAL))
                .isEqualTo("line 12, column 'species': label 'dog' was not seen at fit time (known: bird, cat)");
    }

    @Test
    void targetModes() throws IOException {
        Path without = csv("x1,x2,x3\n1,2,3\n");
        assertThat(error(without, SPECIES, TargetMode.REQUIRED)).isEqualTo("no column named 'species' (columns: x1, x2, x3)");
        assertThat(CsvTableReader.readForModel(without, SPECIES, TargetMode.OPTIONAL).hasTargets()).isFalse();
        // predict: a target column present is ignored, even with labels the model never saw
        Path with = csv("x1,x2,x3,species\n1,2,3,dog\n4,5,6,\n");
        Dataset d = CsvTableReader.readForModel(with, SPECIES, TargetMode.IGNORED);
        assertThat(d.hasTargets()).isFalse();
        assertThat(d.rows()).isEqualTo(2);
        assertThat(d.featureNames()).containsExactly("x1", "x2", "x3");
    }

    @Test
    void numericLabelsMatchByValue() throws IOException {
        TableSchema digits = new TableSchema(List.of("a"), "y", Task.CLASSIFICATION, List.of("0", "1", "10"));
        Path p = csv("a,y\n1,1.0\n2,10\n3,0\n4,1e1\n");
        assertThat(CsvTableReader.readForModel(p, digits, TargetMode.REQUIRED).labels()).containsExactly(1, 2, 0, 2);
        Path q = csv("a,y\n1,2\n");
        assertThat(error(q, digits, TargetMode.REQUIRED))
                .isEqualTo("line 2, column 'y': label '2' was not seen at fit time (known: 0, 1, 10)");
    }

    @Test
    void regressionTargetsAreParsed() throws IOException {
        Path p = csv("b,a,price\n2,1,9.5\n4,3,-1\n");
        Dataset d = CsvTableReader.readForModel(p, PRICE, TargetMode.REQUIRED);
        assertThat(d.features()).containsExactly(1f, 2f, 3f, 4f);
        assertThat(d.targets()).containsExactly(9.5f, -1f);
        Path q = csv("a,b,price\n1,2,n/a\n");
        assertThat(error(q, PRICE, TargetMode.OPTIONAL)).isEqualTo("line 2, column 'price': not a number: 'n/a'");
    }

    @Test
    void badCellsInUsedColumnsOnly() throws IOException {
        Path p = csv("a,b,price,comment\n1,x,3,ok\n");
        assertThat(error(p, PRICE, TargetMode.IGNORED)).isEqualTo("line 2, column 'b': not a number: 'x'");
        Path q = csv("a,b,comment\n1,2,NaN\n");
        assertThat(CsvTableReader.readForModel(q, PRICE, TargetMode.OPTIONAL).features()).containsExactly(1f, 2f);
    }

    @Test
    void duplicateSelectedColumnIsAnError() throws IOException {
        Path p = csv("a,b,a\n1,2,3\n");
        assertThat(error(p, PRICE, TargetMode.IGNORED))
                .isEqualTo("column 'a' appears more than once in the header (columns 1 and 3)");
    }

    @Test
    void emptyFileForModel() throws IOException {
        assertThat(error(csv("a,b\n"), PRICE, TargetMode.IGNORED)).isEqualTo("no data rows after the header");
    }
}
