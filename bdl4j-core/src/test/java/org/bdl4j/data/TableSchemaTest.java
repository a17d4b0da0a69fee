package org.bdl4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableSchemaTest {
    private static Dataset abc() {
        return Dataset.classification(new float[] {1, 2, 3, 4, 5, 6}, 2, new int[] {3}, List.of("a", "b", "c"),
                new int[] {0, 1}, List.of("x", "y"), "t");
    }

    @Test
    void ofTakesTheTrainingTablesView() {
        TableSchema s = TableSchema.of(abc());
        assertThat(s.featureNames()).containsExactly("a", "b", "c");
        assertThat(s.targetName()).isEqualTo("t");
        assertThat(s.task()).isEqualTo(Task.CLASSIFICATION);
        assertThat(s.classNames()).containsExactly("x", "y");
    }

    @Test
    void sameFeaturesShareTheArray() {
        Dataset d = abc();
        Dataset c = TableSchema.of(d).conform(d, "src", TargetMode.REQUIRED);
        assertThat(c.features()).isSameAs(d.features());
        assertThat(c.labels()).containsExactly(0, 1);
    }

    @Test
    void selectsAndReordersFeaturesAndRemapsClasses() {
        TableSchema s = new TableSchema(List.of("c", "a"), "t", Task.CLASSIFICATION, List.of("w", "y", "x"));
        Dataset c = s.conform(abc(), "src", TargetMode.REQUIRED);
        assertThat(c.featureNames()).containsExactly("c", "a");
        assertThat(c.featureShape()).containsExactly(2);
        assertThat(c.features()).containsExactly(3f, 1f, 6f, 4f);
        assertThat(c.classNames()).containsExactly("w", "y", "x");
        assertThat(c.labels()).containsExactly(2, 1);
    }

    @Test
    void errors() {
        TableSchema missing = new TableSchema(List.of("a", "q", "r"), "t", Task.CLASSIFICATION, List.of("x", "y"));
        assertThatThrownBy(() -> missing.conform(abc(), "toy:x", TargetMode.IGNORED)).isInstanceOf(DataException.class)
                .hasMessage("toy:x: model expects 3 features, found 1 of them (missing: q, r)");
        TableSchema fewer = new TableSchema(List.of("a"), "t", Task.CLASSIFICATION, List.of("x"));
        assertThatThrownBy(() -> fewer.conform(abc(), "toy:x", TargetMode.REQUIRED)).isInstanceOf(DataException.class)
                .hasMessage("toy:x: row 2, column 't': label 'y' was not seen at fit time (known: x)");
        TableSchema regression = new TableSchema(List.of("a"), "t", Task.REGRESSION, null);
        assertThatThrownBy(() -> regression.conform(abc(), "toy:x", TargetMode.OPTIONAL))
                .isInstanceOf(DataException.class)
                .hasMessage("toy:x: the data has classification targets, the model does regression");
        assertThat(regression.conform(abc(), "toy:x", TargetMode.IGNORED).hasTargets()).isFalse();
        Dataset unlabeled = abc().withoutTargets();
        assertThatThrownBy(() -> regression.conform(unlabeled, "toy:x", TargetMode.REQUIRED))
                .isInstanceOf(DataException.class).hasMessage("toy:x: has no targets (the model's target is 't')");
        assertThat(regression.conform(unlabeled, "toy:x", TargetMode.OPTIONAL).hasTargets()).isFalse();
    }

    @Test
    void invalidSchemas() {
        assertThatThrownBy(() -> new TableSchema(List.of("a", "a"), "t", Task.REGRESSION, null))
                .hasMessage("feature name 'a' appears twice");
        assertThatThrownBy(() -> new TableSchema(List.of("a"), "a", Task.REGRESSION, null))
                .hasMessage("the target 'a' is also a feature name");
        assertThatThrownBy(() -> new TableSchema(List.of("a"), "t", Task.CLASSIFICATION, List.of()))
                .hasMessage("a classification schema needs class names");
    }
}
