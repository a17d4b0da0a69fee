package org.bdl4j.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.io.ModelFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A calibrator file reads back exactly, refuses other classes, and names a file it cannot read. */
class CalibratorFileTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsExactlyAndChecksTheClasses() throws Exception {
        Path f = dir.resolve("c.json");
        CalibratorFile written = new CalibratorFile(new TemperatureScaler(2.0 / 3.0), List.of("a", "b"), "cal.csv");
        written.write(f);
        CalibratorFile read = CalibratorFile.read(f);
        assertThat(read).isEqualTo(written);
        ClassificationPredictive p = ClassificationPredictive.ofPoint(new double[][] {{0.8, 0.2}}, List.of("a", "b"));
        // T = 2/3 sharpens: softmax(log p / T) = p^1.5 normalised
        double sharp = Math.pow(0.8, 1.5) / (Math.pow(0.8, 1.5) + Math.pow(0.2, 1.5));
        assertThat(read.apply(p).asClassification().probabilities()[0][0]).isCloseTo(sharp,
                org.assertj.core.data.Offset.offset(1e-12));
        ClassificationPredictive other = ClassificationPredictive.ofPoint(new double[][] {{0.8, 0.2}}, List.of("x", "y"));
        assertThatThrownBy(() -> read.apply(other)).hasMessage("the predictions name the classes [x, y], the"
                + " calibrator was fitted on [a, b]");
    }

    @Test
    void aFileThatIsNotACalibratorGetsOneLine() throws Exception {
        Path f = dir.resolve("x.json");
        Files.writeString(f, "{\"format\": \"bdl4j-model\"}");
        assertThatThrownBy(() -> CalibratorFile.read(f)).isInstanceOf(ModelFileException.class)
                .hasMessage(f + ": not a bdl4j calibrator file (its format field is not \"bdl4j-calibrator\")");
        Files.writeString(f, "[1, 2");
        assertThatThrownBy(() -> CalibratorFile.read(f)).hasMessage(f + ": not a bdl4j calibrator file (not a JSON"
                + " object)");
    }
}
