package org.bdl4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.bdl4j.Posterior;
import org.bdl4j.Provenance;
import org.bdl4j.data.DataSource;
import org.bdl4j.data.Dataset;
import org.bdl4j.laplace.Laplace;
import org.bdl4j.laplace.LaplacePosterior;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.MapMethod;
import org.bdl4j.method.Posteriors;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.train.MapPosterior;
import org.bdl4j.train.MapTrainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every model file records where its data came from (the file's SHA-256, computed here independently
 * with MessageDigest over the file's bytes), the rows and columns used, the software, MAP training's
 * settings and the method's options; the record survives saving and loading, and a post-hoc model
 * keeps the MAP's training settings.
 */
class ProvenanceTest {
    @TempDir
    Path tmp;

    @Test
    void theModelFileRecordsDataSoftwareTrainingAndOptions() throws IOException, NoSuchAlgorithmException {
        Path csv = tmp.resolve("fruit.csv");
        Files.write(csv, List.of("weight,sugar,fruit", "1.0,0.2,apple", "1.2,0.1,apple", "3.0,0.9,mango",
                "2.8,1.1,mango", "1.1,0.3,apple", "3.2,1.0,mango"));
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(csv)));
        Dataset all = DataSource.parse(csv.toString()).load(DataSource.Role.TRAIN, 0, null, null).dataset();
        Dataset train = all.slice(0, 5); // a subset keeps its origin: the rows used are recorded
        MapTrainer trainer = MapTrainer.builder().optEpochs(3).optBatchSize(4).optLearningRate(0.01)
                .optPriorPrecision(2.0).optSeed(5).build();
        NetworkSpec spec = NetworkSpec.mlp(new int[] {2}, new int[] {4}, Activation.TANH, 0f, 1);
        try (MapPosterior map = MapMethod.train(FitRequest.builder(train).network(spec).trainer(trainer).seed(5)
                .build());
                LaplacePosterior laplace = Laplace.builder(map).build().fit(train)) {
            Provenance p = map.provenance();
            assertThat(p.data().source()).isEqualTo(csv.toString());
            assertThat(p.data().sha256()).isEqualTo(sha);
            assertThat(p.data().rows()).isEqualTo(5);
            assertThat(p.data().columns()).containsExactly("weight", "sugar");
            assertThat(p.data().target()).isEqualTo("fruit");
            assertThat(p.training()).containsEntry("epochs", "3").containsEntry("batch-size", "4")
                    .containsEntry("lr", "0.01").containsEntry("prior-precision", "2.0").containsEntry("seed", "5");
            assertThat(p.software()).containsKeys("bdl4j", "djl", "engine", "engineVersion", "java", "os");
            assertThat(p.created()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");

            Provenance q = laplace.provenance();
            assertThat(q.data()).isEqualTo(p.data());
            assertThat(q.training()).isEqualTo(p.training());
            assertThat(q.options()).containsEntry("subset", "last-layer").containsEntry("hessian", "kron")
                    .containsEntry("prior", "fixed 2.0");
            assertThat(q.base()).as("same data: no base").isNull();

            laplace.save(tmp.resolve("laplace"));
            try (Posterior loaded = Posteriors.load(tmp.resolve("laplace"))) {
                assertThat(loaded.provenance()).isEqualTo(q);
            }
            JsonObject manifest = JsonParser.parseString(Files.readString(tmp.resolve("laplace")
                    .resolve("manifest.json"))).getAsJsonObject();
            assertThat(manifest.get("formatVersion").getAsInt()).isEqualTo(2);
            assertThat(manifest.getAsJsonObject("provenance").getAsJsonObject("data").get("sha256").getAsString())
                    .isEqualTo(sha);
        }
    }

    /** A post-hoc model fitted on other rows than its MAP keeps the MAP's whole record as its base. */
    @Test
    void aPostHocModelOnOtherDataKeepsTheMapsRecordAsItsBase() {
        Dataset a = org.bdl4j.TestTables.blobs(30, 2, 2, 1);
        Dataset b = a.slice(0, 20);
        try (MapPosterior map = MapMethod.train(FitRequest.builder(a)
                .network(NetworkSpec.mlp(new int[] {2}, new int[] {4}, Activation.TANH, 0f, 1))
                .trainer(MapTrainer.builder().optEpochs(1).build()).build());
                LaplacePosterior laplace = Laplace.builder(map).build().fit(b)) {
            assertThat(laplace.provenance().data().rows()).isEqualTo(20);
            assertThat(laplace.provenance().base()).isEqualTo(map.provenance());
        }
    }

    /** A map model whose manifest was edited to name another method is refused in one readable line. */
    @Test
    void aManifestNamingAnotherMethodIsAOneLineError() throws IOException {
        Dataset a = org.bdl4j.TestTables.blobs(20, 2, 2, 1);
        try (MapPosterior map = MapMethod.train(FitRequest.builder(a)
                .network(NetworkSpec.mlp(new int[] {2}, new int[] {3}, Activation.TANH, 0f, 1))
                .trainer(MapTrainer.builder().optEpochs(1).build()).build())) {
            for (String method : org.bdl4j.method.Methods.names()) {
                if (method.equals("map")) {
                    continue;
                }
                Path dir = tmp.resolve("as-" + method);
                map.save(dir);
                Path m = dir.resolve("manifest.json");
                JsonObject json = JsonParser.parseString(Files.readString(m)).getAsJsonObject();
                json.addProperty("method", method);
                Files.writeString(m, json.toString());
                assertThatThrownBy(() -> Posteriors.load(dir)).as(method).isInstanceOf(ModelFileException.class)
                        .hasMessageStartingWith(dir.toString()).satisfies(e -> assertThat(e.getMessage())
                                .doesNotContain("Exception").doesNotContain("Cannot invoke").doesNotContain("null")
                                .doesNotContain("\n"));
            }
        }
    }

    @Test
    void aMissingProvenanceIsAOneLineError() throws IOException {
        Dataset a = org.bdl4j.TestTables.blobs(20, 2, 2, 1);
        try (MapPosterior map = MapMethod.train(FitRequest.builder(a)
                .network(NetworkSpec.mlp(new int[] {2}, new int[0], Activation.TANH, 0f, 1))
                .trainer(MapTrainer.builder().optEpochs(1).build()).build())) {
            Path dir = tmp.resolve("map");
            map.save(dir);
            Path m = dir.resolve("manifest.json");
            JsonObject json = JsonParser.parseString(Files.readString(m)).getAsJsonObject();
            json.remove("provenance");
            Files.writeString(m, json.toString());
            assertThatThrownBy(() -> Posteriors.load(dir)).isInstanceOf(ModelFileException.class)
                    .hasMessage(m + ": missing or invalid field \"provenance\"");
        }
    }
}
