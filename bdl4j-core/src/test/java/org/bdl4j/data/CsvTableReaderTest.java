package org.bdl4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTableReaderTest {
    @TempDir
    Path dir;

    private Path csv(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    /** The reader's error for {@code content}, checked to be one line and to start with the file name. */
    private String error(String name, String content, String target, Task task) throws IOException {
        Path p = csv(name, content);
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> CsvTableReader.read(p, target, task));
        assertThat(t).isInstanceOf(DataException.class).isInstanceOf(IllegalArgumentException.class);
        assertThat(t.getMessage()).doesNotContain("\n").startsWith(p.toString() + ": ");
        return t.getMessage().substring(p.toString().length() + 2);
    }

    @Test
    void readsFeaturesAndRegressionTarget() throws IOException {
        Path p = csv("r.csv", "a,b,y\n1,2,0.5\n3,4e0,-1.25\n");
        LoadedTable t = CsvTableReader.load(p, null, Task.REGRESSION);
        Dataset d = t.dataset();
        assertThat(d.rows()).isEqualTo(2);
        assertThat(d.featureShape()).containsExactly(2);
        assertThat(d.featureNames()).containsExactly("a", "b");
        assertThat(d.features()).containsExactly(1f, 2f, 3f, 4f);
        assertThat(d.targets()).containsExactly(0.5f, -1.25f);
        assertThat(d.targetName()).isEqualTo("y");
        assertThat(t.task()).isEqualTo(TaskChoice.requested(Task.REGRESSION));
        assertThat(t.task().describe()).isEqualTo("regression");
    }

    @Test
    void targetColumnByNameAnywhere() throws IOException {
        Path p = csv("t.csv", "label,a,b\ncat,1,2\ndog,3,4\ncat,5,6\n");
        Dataset d = CsvTableReader.read(p, "label", null);
        assertThat(d.featureNames()).containsExactly("a", "b");
        assertThat(d.features()).containsExactly(1f, 2f, 3f, 4f, 5f, 6f);
        assertThat(d.task()).isEqualTo(Task.CLASSIFICATION);
        assertThat(d.classNames()).containsExactly("cat", "dog");
        assertThat(d.labels()).containsExactly(0, 1, 0);
    }

    @Test
    void stringLabelsAreOrderedLexicographically() throws IOException {
        Path p = csv("s.csv", "x,species\n1,versicolor\n2,setosa\n3,virginica\n4,Setosa\n5,setosa\n");
        Dataset d = CsvTableReader.read(p, null, Task.CLASSIFICATION);
        assertThat(d.classNames()).containsExactly("Setosa", "setosa", "versicolor", "virginica");
        assertThat(d.labels()).containsExactly(2, 1, 3, 0, 1);
    }

    @Test
    void numericLabelsAreOrderedByValueAndMergedBySpelling() throws IOException {
        Path p = csv("n.csv", "x,y\n1,10\n2,2\n3,-1\n4,2.0\n5,10\n6,1e1\n");
        Dataset d = CsvTableReader.read(p, null, Task.CLASSIFICATION);
        assertThat(d.classNames()).containsExactly("-1", "2", "10");
        assertThat(d.labels()).containsExactly(2, 1, 0, 1, 2, 2);
    }

    /** Labels keep the user's spelling: 0.0/1.0/2.0 are named so, not 0/1/2, and a model finds them either way. */
    @Test
    void numericLabelsAreNamedAsTheFileFirstSpellsThem() throws IOException {
        Path p = csv("s.csv", "x,y\n1,1.0\n2,0.0\n3,2.0\n4,1\n");
        Dataset d = CsvTableReader.read(p, null, Task.CLASSIFICATION);
        assertThat(d.classNames()).containsExactly("0.0", "1.0", "2.0");
        assertThat(d.labels()).containsExactly(1, 0, 2, 1);
        Path q = csv("s2.csv", "x,y\n5,2\n6,0.0\n");
        Dataset e = CsvTableReader.readForModel(q, new TableSchema(d.featureNames(), "y", Task.CLASSIFICATION,
                d.classNames()), TargetMode.REQUIRED);
        assertThat(e.labels()).containsExactly(2, 0);
    }

    @Test
    void mixedNumericAndTextLabelsAreText() throws IOException {
        Path p = csv("m.csv", "x,y\n1,10\n2,9\n3,a\n");
        Dataset d = CsvTableReader.read(p, null, null);
        assertThat(d.classNames()).containsExactly("10", "9", "a");
    }

    @Test
    void inferenceRule() {
        assertThat(CsvTableReader.inferTask(List.of("cat", "dog", "cat")).task()).isEqualTo(Task.CLASSIFICATION);
        assertThat(CsvTableReader.inferTask(List.of("1", "2", "1", "2.5")).task()).isEqualTo(Task.REGRESSION);
        // binary integer targets are classes even in tiny tables
        assertThat(CsvTableReader.inferTask(List.of("0", "1", "1")).task()).isEqualTo(Task.CLASSIFICATION);
        // 3 distinct integers in 6 rows: 2 rows per value -> classes; in 5 rows -> regression
        assertThat(CsvTableReader.inferTask(List.of("0", "1", "2", "0", "1", "2")).task())
                .isEqualTo(Task.CLASSIFICATION);
        assertThat(CsvTableReader.inferTask(List.of("0", "1", "2", "0", "1")).task()).isEqualTo(Task.REGRESSION);
        // 21 distinct integers is regression however many rows
        List<String> many = new java.util.ArrayList<>();
        for (int r = 0; r < 10; r++) {
            for (int v = 0; v < 21; v++) {
                many.add(Integer.toString(v));
            }
        }
        assertThat(CsvTableReader.inferTask(many).task()).isEqualTo(Task.REGRESSION);
        assertThat(CsvTableReader.inferTask(many.subList(0, 200).stream().filter(s -> !s.equals("20")).toList())
                .task()).isEqualTo(Task.CLASSIFICATION);
        assertThatThrownBy(() -> CsvTableReader.inferTask(List.of())).hasMessage("no target cells to infer a task from");
        // "3.0" is an integer value
        assertThat(CsvTableReader.inferTask(List.of("3.0", "4", "3", "4")).task()).isEqualTo(Task.CLASSIFICATION);
    }

    @Test
    void inferredTaskIsReportedWithReason() throws IOException {
        Path p = csv("i.csv", "x,y\n1,cat\n2,dog\n");
        TaskChoice c = CsvTableReader.load(p, null, null).task();
        assertThat(c.inferred()).isTrue();
        assertThat(c.describe()).isEqualTo("classification (inferred: non-numeric target values such as 'cat' on line 2)");
        Path q = csv("j.csv", "x,y\n1,0.5\n2,1.5\n");
        assertThat(CsvTableReader.load(q, null, null).task().describe())
                .isEqualTo("regression (inferred: the target has non-integer values)");
    }

    @Test
    void explicitTaskOverridesInference() throws IOException {
        Path p = csv("o.csv", "x,y\n1,0\n2,1\n3,1\n");
        assertThat(CsvTableReader.read(p, null, Task.REGRESSION).targets()).containsExactly(0f, 1f, 1f);
        assertThat(CsvTableReader.read(p, null, null).task()).isEqualTo(Task.CLASSIFICATION);
    }

    @Test
    void bomWhitespaceQuotesAndBlankLines() throws IOException {
        Path p = dir.resolve("bom.csv");
        Files.write(p, ("\uFEFF  a , \"b\" ,y\n\n  1 , 2,\" cat \"\n   \n3,\"4\",dog\n\n").getBytes(StandardCharsets.UTF_8));
        Dataset d = CsvTableReader.read(p, "y", null);
        assertThat(d.featureNames()).containsExactly("a", "b");
        assertThat(d.features()).containsExactly(1f, 2f, 3f, 4f);
        assertThat(d.classNames()).containsExactly("cat", "dog");
    }

    @Test
    void crlfLineEnds() throws IOException {
        Path p = csv("crlf.csv", "a,y\r\n1,2.5\r\n2,3.5\r\n");
        assertThat(CsvTableReader.read(p, null, null).targets()).containsExactly(2.5f, 3.5f);
    }

    @Test
    void notANumberNamesFileLineColumnAndValue() throws IOException {
        String content = "id,age,y\n" + "1,20,0\n".repeat(16) + "18,abc,1\n";
        assertThat(error("train.csv", content, null, null)).isEqualTo("line 18, column 'age': not a number: 'abc'");
    }

    @Test
    void emptyCells() throws IOException {
        assertThat(error("e.csv", "a,y\n1,2\n2,3\n,4\n", null, null)).isEqualTo("line 4, column 'a': empty cell");
        assertThat(error("e2.csv", "a,y\n1,2\n2,3\n3,\n", "y", Task.REGRESSION))
                .isEqualTo("line 4, column 'y': empty cell");
        assertThat(error("e3.csv", "a,y\n1,cat\n2, \n", null, Task.CLASSIFICATION))
                .isEqualTo("line 3, column 'y': empty cell");
        assertThat(error("e4.csv", "a,y\n1,cat\n2,\"\"\n", null, null)).isEqualTo("line 3, column 'y': empty cell");
    }

    @Test
    void nonFiniteValues() throws IOException {
        String head = "x1,x2,y\n" + "1,2,3\n".repeat(7);
        assertThat(error("data.csv", head + "1,NaN,3\n", null, null)).isEqualTo("line 9, column 'x2': NaN is not allowed");
        assertThat(error("data.csv", head + "1,nan,3\n", null, null)).isEqualTo("line 9, column 'x2': NaN is not allowed");
        assertThat(error("data.csv", head + "1,-Infinity,3\n", null, null))
                .isEqualTo("line 9, column 'x2': not a finite number: '-Infinity'");
        assertThat(error("data.csv", head + "1,inf,3\n", null, null))
                .isEqualTo("line 9, column 'x2': not a finite number: 'inf'");
        assertThat(error("data.csv", head + "1,1e400,3\n", null, null))
                .isEqualTo("line 9, column 'x2': not a finite number: '1e400'");
        assertThat(error("data.csv", head + "1,1e39,3\n", null, null))
                .isEqualTo("line 9, column 'x2': too large for float32: '1e39'");
        // targets: NaN is an error for regression and for inferred tasks
        assertThat(error("data.csv", head + "1,2,NaN\n", null, Task.REGRESSION))
                .isEqualTo("line 9, column 'y': NaN is not allowed");
        assertThat(error("data.csv", head + "1,2,NaN\n", null, null))
                .isEqualTo("line 9, column 'y': NaN is not allowed");
        assertThat(error("data.csv", head + "1,2,abc\n", null, Task.REGRESSION))
                .isEqualTo("line 9, column 'y': not a number: 'abc'");
    }

    @Test
    void explicitClassificationTakesAnyTextAsLabel() throws IOException {
        Path p = csv("nan.csv", "x,y\n1,NaN\n2,b\n");
        assertThat(CsvTableReader.read(p, null, Task.CLASSIFICATION).classNames()).containsExactly("NaN", "b");
    }

    @Test
    void valuesInMessagesStayOnOneLine() throws IOException {
        String msg = error("q.csv", "a,y\n\"multi\nline\",1\n", null, null);
        assertThat(msg).isEqualTo("line 2, column 'a': not a number: 'multi\\nline'");
    }

    @Test
    void lineNumbersCountBlankLinesAndMultiLineCells() throws IOException {
        String content = "a,note,y\n\n1,\"two\nlines\",0\n\n  \n2,x,1\n3,y,oops\n";
        assertThat(error("l.csv", content, "note", Task.CLASSIFICATION))
                .isEqualTo("line 8, column 'y': not a number: 'oops'");
        assertThat(error("l2.csv", content, "y", null)).isEqualTo("line 3, column 'note': not a number: 'two\\nlines'");
    }

    @Test
    void cellCountMismatch() throws IOException {
        assertThat(error("data.csv", "a,b,c,d,y\n" + "1,2,3,4,5\n".repeat(5) + "1,2,3,4\n", null, null))
                .isEqualTo("line 7 has 4 cells, the header has 5 (cells separated by ',')");
        assertThat(error("data.csv", "a,y\n1,2,3\n", null, null))
                .isEqualTo("line 2 has 3 cells, the header has 2 (cells separated by ',')");
        assertThat(error("data.tsv", "a\ty\n1\t2\t3\n", null, null))
                .isEqualTo("line 2 has 3 cells, the header has 2 (cells separated by tabs)");
    }

    @Test
    void missingTargetColumnListsColumns() throws IOException {
        assertThat(error("data.csv", "a,b,c\n1,2,3\n", "label", null))
                .isEqualTo("no column named 'label' (columns: a, b, c)");
        assertThat(error("one.csv", "a b c\n1 2 3\n", "c", null)).isEqualTo("no column named 'c' (columns: a b c);"
                + " the header has a single column: no comma, tab or semicolon separates its cells");
    }

    /** Spreadsheets export tab- and semicolon-separated files: they read like CSV (the header shows the delimiter). */
    @Test
    void tabAndSemicolonSeparatedFilesRead() throws IOException {
        for (String sep : new String[] {"\t", ";"}) {
            Path p = csv("sep" + (int) sep.charAt(0) + ".csv", String.join(sep, "a", "b", "y") + "\n"
                    + String.join(sep, "1.5", "2", "cat") + "\n" + String.join(sep, "0.5", "\"3\"", "dog") + "\n");
            Dataset d = CsvTableReader.read(p, null, null);
            assertThat(d.featureNames()).containsExactly("a", "b");
            assertThat(d.features()).containsExactly(1.5f, 2f, 0.5f, 3f);
            assertThat(d.classNames()).containsExactly("cat", "dog");
        }
        // a comma in the header wins, also over semicolons inside quotes
        assertThat(CsvRows.delimiter("\"x;y\",z")).isEqualTo(',');
        assertThat(CsvRows.delimiter("\"x,y\";z")).isEqualTo(';');
        assertThat(CsvRows.delimiter("x")).isEqualTo(',');
    }

    @Test
    void headerProblems() throws IOException {
        assertThat(error("empty.csv", "", null, null)).isEqualTo("empty file, expected a header line");
        assertThat(error("blank.csv", "\n  \n\n", null, null)).isEqualTo("empty file, expected a header line");
        assertThat(error("head.csv", "a,y\n\n", null, null)).isEqualTo("no data rows after the header");
        assertThat(error("one.csv", "y\n1\n", null, null))
                .isEqualTo("needs at least one feature column besides the target 'y' (columns: y)");
        assertThat(error("dup.csv", "a,b,a,y\n1,2,3,4\n", null, null))
                .isEqualTo("column 'a' appears more than once in the header (columns 1 and 3)");
        assertThat(error("dupt.csv", "y,b,y\n1,2,3\n", null, null))
                .isEqualTo("column 'y' appears more than once in the header (columns 1 and 3)");
        assertThat(error("index.csv", ",a,y\n0,1,2\n", null, null))
                .isEqualTo("column 1 has no name in the header (every feature needs one; an index column?)");
    }

    @Test
    void malformedCsvAndEncoding() throws IOException {
        assertThat(error("bad.csv", "a,y\n1,2\n\"3,4\n", null, null)).startsWith("line 3: malformed CSV: ");
        assertThat(error("bad2.csv", "a,y\n1,2\n\"3\"x,4\n", null, null)).startsWith("line 3: malformed CSV: ");
        Path p = dir.resolve("latin1.csv");
        Files.write(p, "a,y\n1,ok\n2,caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> CsvTableReader.read(p, null, null)).isInstanceOf(DataException.class)
                .hasMessage(p + ": line 3, column 'y': not valid UTF-8 text (save the file as UTF-8)");
        Path h = dir.resolve("latin1head.csv");
        Files.write(h, "a,\u00e9t\u00e9\n1,2\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> CsvTableReader.read(h, null, null)).isInstanceOf(DataException.class)
                .hasMessage(h + ": line 1: the header is not valid UTF-8 text (save the file as UTF-8)");
    }

    @Test
    void missingFileAndDirectory() {
        Path none = dir.resolve("none.csv");
        assertThatThrownBy(() -> CsvTableReader.read(none, null, null)).isInstanceOf(DataException.class)
                .hasMessage(none + ": no such file");
        assertThatThrownBy(() -> CsvTableReader.read(dir, null, null)).isInstanceOf(DataException.class)
                .hasMessage(dir + ": is a directory, expected a CSV file");
    }

    @Test
    void largeFileStreams() throws IOException {
        int n = 200_000;
        Path p = dir.resolve("big.csv");
        try (Writer w = Files.newBufferedWriter(p)) {
            w.write("x0,x1,x2,x3,y\n");
            for (int i = 0; i < n; i++) {
                w.write(i + "," + (i % 7) + ".5," + (-i) + ",0.25," + (i % 3 == 0 ? "a" : "b") + "\n");
            }
        }
        Dataset d = CsvTableReader.read(p, null, null);
        assertThat(d.rows()).isEqualTo(n);
        assertThat(d.features()).hasSize(4 * n);
        assertThat(d.row(n - 1)).containsExactly(n - 1, (n - 1) % 7 + 0.5f, -(n - 1), 0.25f);
        assertThat(d.classNames()).containsExactly("a", "b");
        assertThat(d.labels()[3]).isEqualTo(0);
        assertThat(d.labels()[4]).isEqualTo(1);
    }
}
