package org.bdl4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CurveFigureTest {
    private static final String LOG = String.join("\n",
            "SLF4J(W): some logging",
            "lenet bald seed 1: 20 labels, accuracy 0.4370",
            "{\"workload\":\"ACTIVE\",\"method\":\"bald\",\"seed\":1,\"metrics\":{\"acc_at_20\":0.4,\"acc_at_30\":0.5,"
                    + "\"acc_at_40\":0.7,\"mean_accuracy\":0.5}}",
            "{\"workload\":\"ACTIVE\",\"method\":\"bald\",\"seed\":2,\"metrics\":{\"acc_at_20\":0.6,\"acc_at_30\":0.6}}",
            "{\"workload\":\"ACTIVE\",\"method\":\"random\",\"seed\":1,\"metrics\":{\"acc_at_20\":0.3,\"acc_at_30\":0.35}}",
            "{\"workload\":\"ACTIVE\",\"method\":\"random\",\"seed\":2,\"metrics\":{\"acc_at_20\":0.2,\"acc_at_30\":0.45}}",
            "{\"workload\":\"ACTIVE\",\"method\":\"random\",\"seed\":3,\"metrics\":{\"acc_at_20\":0.9,\"acc_at_30\":0.5}}",
            "{\"workload\":\"ACTIVE\",\"method\":\"random\",\"seed\":2,\"metrics\":{\"acc_at_20\":0.0,\"acc_at_30\":0.0}}");

    /**
     * Worked by hand from the lines above: bald's two seeds share X = 20 and 30 (seed 1's 40 is dropped),
     * means 0.5 and 0.55; random's three seeds have medians 0.3 and 0.45 and means 0.4667 and 0.4333
     * (the second line of seed 2, all zeros, is skipped).
     */
    @Test
    void summarisesEachMethodOverItsSeedsAtTheSharedPoints(@TempDir Path dir) throws Exception {
        Path log = Files.writeString(dir.resolve("run.log"), LOG);
        List<CurveFigure.Curve> mean = CurveFigure.curves(CurveFigure.readLines(List.of(log)), "acc",
                CurveFigure.Summary.MEAN);
        assertThat(mean).extracting(CurveFigure.Curve::method).containsExactly("bald", "random");
        assertThat(mean.get(0).x()).containsExactly(20, 30);
        assertThat(mean.get(0).y()).containsExactly(new double[] {0.5, 0.55}, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(mean.get(0).seeds()).isEqualTo(2);
        assertThat(mean.get(1).seeds()).isEqualTo(3);
        assertThat(mean.get(1).y()).containsExactly(new double[] {1.4 / 3, 1.3 / 3},
                org.assertj.core.data.Offset.offset(1e-12));
        List<CurveFigure.Curve> median = CurveFigure.curves(CurveFigure.readLines(List.of(log)), "acc",
                CurveFigure.Summary.MEDIAN);
        assertThat(median.get(1).y()).containsExactly(new double[] {0.3, 0.45}, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(median.get(0).y()).containsExactly(new double[] {0.5, 0.55}, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void writesOnePngAndRejectsWhatItCannotDraw(@TempDir Path dir) throws Exception {
        Path log = Files.writeString(dir.resolve("run.log"), LOG);
        Path png = dir.resolve("curves.png");
        CurveFigure.run(List.of(log), "acc", png, "test");
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(720);
        assertThat(image.getHeight()).isEqualTo(480);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("run.log", "curves.png");
        }
        assertThatThrownBy(() -> CurveFigure.run(List.of(log), "regret", dir.resolve("r.png"), ""))
                .hasMessageContaining("no metric regret_at_X");
        assertThatThrownBy(() -> CurveFigure.run(List.of(log), "nll", dir.resolve("r.png"), ""))
                .hasMessage("FIGURE: --metric must be acc or regret, found 'nll'");
        assertThat(dir.resolve("r.png")).doesNotExist();
    }
}
