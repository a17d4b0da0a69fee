package org.bdl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A method registered only in this module's test service file ({@link BaseRateMethod}) appears in
 * {@code fit --help}, fits with its own option, is compared, saved and loaded: nothing in the command
 * line knows it. Its predictions are checked against the frequencies counted here by hand.
 */
class CliRegistryTest {
    @TempDir
    static Path tmp;
    static Path data;

    @BeforeAll
    static void writeData() throws IOException {
        data = tmp.resolve("animals.csv");
        // 7 rows: 4 cat, 2 dog, 1 fox
        Files.write(data, List.of("w,h,kind", "1,2,cat", "2,1,cat", "1,1,cat", "3,3,cat", "5,6,dog", "6,5,dog",
                "9,9,fox"));
    }

    @Test
    void helpListsTheMethodAndItsOption() {
        CliRun help = CliRun.of("fit", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("  base-rate   training class frequencies or target moments, whatever the input")
                .containsPattern("--pseudo-count=A +Base rate: the pseudo-count added to every class\\.\\s+\\(default:"
                        + " 1\\.0\\)\\s+\\[base-rate]");
    }

    @Test
    void fitsSavesLoadsAndPredictsTheSmoothedFrequencies() throws IOException {
        Path model = tmp.resolve("rate");
        CliRun fit = CliRun.of("fit", "--data", data.toString(), "--method", "base-rate", "--pseudo-count", "0.5",
                "--out", model.toString());
        assertThat(fit.code()).as(fit.err()).isZero();
        CliRun predict = CliRun.of("predict", "--model", model.toString(), "--data", data.toString());
        assertThat(predict.code()).as(predict.err()).isZero();
        String[] header = predict.out().lines().findFirst().orElseThrow().split(",");
        String[] row = predict.out().lines().skip(1).findFirst().orElseThrow().split(",");
        assertThat(header).containsSubsequence("p_cat", "p_dog", "p_fox");
        // (n_k + a) / (n + C a) with n = 7, C = 3, a = 0.5, by hand: 4.5/8.5, 2.5/8.5, 1.5/8.5 (printed to 6 decimals)
        assertThat(Double.parseDouble(row[List.of(header).indexOf("p_cat")])).isCloseTo(4.5 / 8.5, within(5e-7));
        assertThat(Double.parseDouble(row[List.of(header).indexOf("p_dog")])).isCloseTo(2.5 / 8.5, within(5e-7));
        assertThat(Double.parseDouble(row[List.of(header).indexOf("p_fox")])).isCloseTo(1.5 / 8.5, within(5e-7));
        JsonObject provenance = JsonParser.parseString(Files.readString(model.resolve("manifest.json")))
                .getAsJsonObject().getAsJsonObject("provenance");
        assertThat(provenance.getAsJsonObject("options").get("pseudo-count").getAsString()).isEqualTo("0.5");
        assertThat(provenance.getAsJsonObject("data").get("rows").getAsInt()).isEqualTo(7);
    }

    @Test
    void itsOptionIsCheckedByItsDescriptorAndRefusedForOtherMethods() {
        CliRun bad = CliRun.of("fit", "--data", data.toString(), "--method", "base-rate", "--pseudo-count", "-1",
                "--out", tmp.resolve("x").toString());
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).isEqualTo("bdl4j: --pseudo-count must be >= 0, found -1.0" + System.lineSeparator());
        CliRun other = CliRun.of("fit", "--data", data.toString(), "--method", "map", "--pseudo-count", "1",
                "--out", tmp.resolve("y").toString());
        assertThat(other.code()).isEqualTo(1);
        assertThat(other.err()).isEqualTo("bdl4j: --pseudo-count applies to --method base-rate, not to map"
                + System.lineSeparator());
    }

    @Test
    void compareMeasuresItBesideTheBuiltInMethods() {
        CliRun c = CliRun.of("compare", "--data", data.toString(), "--test", data.toString(), "--methods",
                "map,base-rate", "--epochs", "2", "--json");
        assertThat(c.code()).as(c.err()).isZero();
        JsonArray rows = JsonParser.parseString(c.out()).getAsJsonArray();
        assertThat(rows).hasSize(2);
        JsonObject rate = rows.get(1).getAsJsonObject();
        assertThat(rate.get("method").getAsString()).isEqualTo("base-rate");
        // a = 1 (the default): p = (5/10, 3/10, 2/10) on every row; NLL = -(4 log .5 + 2 log .3 + log .2)/7
        double nll = -(4 * Math.log(0.5) + 2 * Math.log(0.3) + Math.log(0.2)) / 7;
        assertThat(rate.get("nll").getAsDouble()).isCloseTo(nll, within(1e-6));
    }
}
