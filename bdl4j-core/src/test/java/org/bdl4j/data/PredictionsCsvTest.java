package org.bdl4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictionsCsvTest {
    @TempDir
    Path dir;

    private Path csv(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void readsProbabilityColumnsAndNamedLabels() throws IOException {
        Path p = csv("p.csv", "p_cat,p_dog,label\n0.9,0.1,cat\n0.25,0.75,dog\n0.5,0.5,cat\n");
        PredictionsCsv.ClassScores s = PredictionsCsv.classScores(p, "label", null);
        assertThat(s.classNames()).containsExactly("cat", "dog");
        assertThat(s.values()).hasDimensions(3, 2);
        assertThat(s.values()[1]).containsExactly(0.25, 0.75);
        assertThat(s.labels()).containsExactly(0, 1, 0);
        // the same columns checked against a fitted model's classes, and read without labels
        assertThat(PredictionsCsv.classScores(p, "label", List.of("cat", "dog")).hasLabels()).isTrue();
        Path unlabeled = csv("u.csv", "logit_0,logit_1,logit_2\n1.5,-2,0.25\n");
        PredictionsCsv.ClassScores u = PredictionsCsv.classScores(unlabeled, null, List.of("0", "1", "2"));
        assertThat(u.hasLabels()).isFalse();
        assertThat(u.values()[0]).containsExactly(1.5, -2, 0.25);
    }

    @Test
    void numericLabelsMatchNumericClassNamesByValue() throws IOException {
        Path p = csv("n.csv", "p_0,p_1,y\n0.9,0.1,1.0\n0.2,0.8,0\n");
        assertThat(PredictionsCsv.classScores(p, "y", null).labels()).containsExactly(1, 0);
    }

    @Test
    void problemsNameTheFileLineColumnAndValue() throws IOException {
        Path p = csv("bad.csv", "p_cat,p_dog,label\n0.9,0.1,cat\n0.2,0.8,bird\n");
        assertThatThrownBy(() -> PredictionsCsv.classScores(p, "label", null)).isInstanceOf(DataException.class)
                .hasMessage(p + ": line 3, column 'label': label 'bird' was not seen at fit time (known: cat, dog)");
        Path q = csv("nan.csv", "p_cat,p_dog,label\n0.9,NaN,cat\n");
        assertThatThrownBy(() -> PredictionsCsv.classScores(q, "label", null))
                .hasMessage(q + ": line 2, column 'p_dog': not a finite number: 'NaN'");
        Path r = csv("cls.csv", "p_cat,p_cow,label\n0.9,0.1,cat\n");
        assertThatThrownBy(() -> PredictionsCsv.classScores(r, "label", List.of("cat", "dog")))
                .hasMessage(r + ": the score columns name the classes [cat, cow], the model's classes are [cat, dog]");
        assertThatThrownBy(() -> PredictionsCsv.classScores(r, "target", null))
                .hasMessageStartingWith(r + ": no column named 'target' (columns: p_cat, p_cow, label)");
    }

    @Test
    void readsRegressionMeanStdAndTarget() throws IOException {
        Path p = csv("r.csv", "mean,std,lower,y\n1.5,0.5,0,2\n-1,2,0,-3.5\n");
        PredictionsCsv.RegressionPredictions r = PredictionsCsv.regression(p, "y");
        assertThat(r.mean()).containsExactly(1.5, -1);
        assertThat(r.variance()).containsExactly(0.25, 4);
        assertThat(r.targets()).containsExactly(2, -3.5);
        Path noStd = csv("m.csv", "mean\n3\n");
        assertThat(PredictionsCsv.regression(noStd, null).variance()).containsExactly(0);
        Path neg = csv("neg.csv", "mean,std\n3,-1\n");
        assertThatThrownBy(() -> PredictionsCsv.regression(neg, null))
                .hasMessage(neg + ": line 2, column 'std': a standard deviation must be >= 0, found -1.0");
    }
}
