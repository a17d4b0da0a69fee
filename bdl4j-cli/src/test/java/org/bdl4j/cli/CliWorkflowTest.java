package org.bdl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fit / evaluate / predict / compare / demo end to end on CSV files the test writes. */
class CliWorkflowTest {
    @TempDir
    static Path tmp;
    static Path animals;
    static Path animalsTest;
    static Path prices;

    @BeforeAll
    static void writeData() throws IOException {
        animals = tmp.resolve("animals.csv");
        animalsTest = tmp.resolve("animals-test.csv");
        writeAnimals(animals, 300, 1);
        writeAnimals(animalsTest, 100, 2);
        prices = tmp.resolve("prices.csv");
        SplittableRandom r = new SplittableRandom(3);
        List<String> lines = new ArrayList<>(List.of("size,rooms,price"));
        for (int i = 0; i < 300; i++) {
            double size = 50 + 100 * r.nextDouble();
            double rooms = 1 + r.nextInt(5);
            double price = 1000 + 20 * size + 500 * rooms + 100 * gaussian(r);
            lines.add(String.format(Locale.ROOT, "%.3f,%.0f,%.2f", size, rooms, price));
        }
        Files.write(prices, lines);
    }

    /** Two string classes separated along the first feature; an unused 'id' column in between. */
    static void writeAnimals(Path file, int n, long seed) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        List<String> lines = new ArrayList<>(List.of("weight,id,height,species"));
        for (int i = 0; i < n; i++) {
            boolean dog = r.nextBoolean();
            double w = (dog ? 2 : -2) + gaussian(r);
            double h = gaussian(r);
            lines.add(String.format(Locale.ROOT, "%.4f,%d,%.4f,%s", w, i, h, dog ? "dog" : "cat"));
        }
        Files.write(file, lines);
    }

    static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    @Test
    void classificationWithStringLabels() throws IOException {
        Path model = tmp.resolve("animal-model");
        CliRun fit = CliRun.of("fit", "--data", animals.toString(), "--method", "map", "--epochs", "30",
                "--hidden", "16", "--quiet", "--out", model.toString());
        assertThat(fit.code()).as(fit.err()).isZero();
        assertThat(fit.out()).contains("fitted map").contains("2 classes");

        CliRun eval = CliRun.of("evaluate", "--model", model.toString(), "--data", animalsTest.toString(), "--json");
        assertThat(eval.code()).as(eval.err()).isZero();
        JsonObject m = JsonParser.parseString(eval.out()).getAsJsonObject();
        assertThat(m.keySet()).containsExactly("accuracy", "nll", "brier", "ece", "mce", "sel_acc80");
        // classes 4 standard deviations apart: the Bayes accuracy is 97.7%
        assertThat(m.get("accuracy").getAsDouble()).isGreaterThan(0.9);

        Path out = tmp.resolve("animal-pred.csv");
        CliRun pred = CliRun.of("predict", "--model", model.toString(), "--data", animalsTest.toString(), "--out",
                out.toString());
        assertThat(pred.code()).as(pred.err()).isZero();
        List<String> rows = Files.readAllLines(out);
        assertThat(rows.get(0)).isEqualTo("prediction,confidence,p_cat,p_dog,entropy,aleatoric,epistemic");
        assertThat(rows).hasSize(101);
        String[] first = rows.get(1).split(",");
        assertThat(first[0]).isIn("cat", "dog");
        double pc = Double.parseDouble(first[2]);
        double pd = Double.parseDouble(first[3]);
        assertThat(pc + pd).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-4));
        assertThat(Double.parseDouble(first[6])).isZero(); // MAP: no epistemic part
    }

    @Test
    void predictWithoutTheTargetColumnGivesTheSameRows() throws IOException {
        Path model = tmp.resolve("animal-model-2");
        assertThat(CliRun.of("fit", "--data", animals.toString(), "--epochs", "5", "--quiet", "--out",
                model.toString()).code()).isZero();
        List<String> lines = Files.readAllLines(animalsTest);
        List<String> noTarget = new ArrayList<>();
        for (String l : lines) {
            // drop the target and reorder the features (height, weight, id): columns are matched by name
            String[] f = l.split(",");
            noTarget.add(f[2] + "," + f[0] + "," + f[1]);
        }
        Path features = tmp.resolve("features-only.csv");
        Files.write(features, noTarget);
        CliRun a = CliRun.of("predict", "--model", model.toString(), "--data", animalsTest.toString());
        CliRun b = CliRun.of("predict", "--model", model.toString(), "--data", features.toString());
        assertThat(a.code()).as(a.err()).isZero();
        assertThat(b.code()).as(b.err()).isZero();
        assertThat(b.out()).isEqualTo(a.out());
    }

    @Test
    void regressionWithAndWithoutStandardisation() {
        for (String standardize : new String[] {"auto", "none"}) {
            Path model = tmp.resolve("price-model-" + standardize);
            CliRun fit = CliRun.of("fit", "--data", prices.toString(), "--task", "regression", "--hidden", "none",
                    "--epochs", "400", "--batch-size", "300", "--lr", "0.05", "--prior-precision", "1e-4",
                    "--standardize", standardize, "--quiet", "--out", model.toString());
            assertThat(fit.code()).as(fit.err()).isZero();
            CliRun eval = CliRun.of("evaluate", "--model", model.toString(), "--data", prices.toString(), "--json");
            assertThat(eval.code()).as(eval.err()).isZero();
            JsonObject m = JsonParser.parseString(eval.out()).getAsJsonObject();
            assertThat(m.keySet()).containsExactly("rmse", "nll", "crps", "picp", "interval_width");
            double rmse = m.get("rmse").getAsDouble();
            if (standardize.equals("auto")) {
                // a linear model on standardised data recovers the linear truth: RMSE near the noise 100
                assertThat(rmse).isBetween(80.0, 130.0);
                // a 90% interval of a well-fitted Gaussian covers about 90% of the training rows
                assertThat(m.get("picp").getAsDouble()).isBetween(0.85, 0.95);
            } else {
                // raw targets in the thousands: without standardisation the same budget fits far worse,
                // but predictions are still in the target's units (finite, same scale)
                assertThat(rmse).isGreaterThan(0).isFinite();
            }
            CliRun pred = CliRun.of("predict", "--model", model.toString(), "--data", prices.toString(), "--level", "0.8");
            assertThat(pred.code()).as(pred.err()).isZero();
            List<String> lines = pred.out().lines().toList();
            assertThat(lines.get(0)).isEqualTo("mean,std,aleatoric_var,epistemic_var,lower,upper");
            assertThat(lines).hasSize(301);
        }
    }

    /**
     * The ensemble's noise choice as a user meets it: on toy:heteroscedastic (noise growing with |x|) the
     * heteroscedastic members predict the validation rows better (measured when written: NLL 0.62 against
     * 0.82 for homoscedastic members), {@code fit} says so in one line and the manifest keeps both NLLs;
     * with {@code --noise homoscedastic} nothing is chosen.
     */
    @Test
    void theEnsemblePrintsAndSavesItsNoiseChoice() throws IOException {
        Path model = tmp.resolve("ensemble-noise");
        CliRun fit = CliRun.of("fit", "--data", "toy:heteroscedastic:300", "--method", "ensemble", "--members", "2",
                "--quiet", "--out", model.toString());
        assertThat(fit.code()).as(fit.err()).isZero();
        assertThat(fit.err()).contains("bdl4j: ensemble chose the heteroscedastic-gaussian likelihood on the"
                + " validation rows (--noise fixes it)");
        assertThat(fit.out()).contains("network mlp 1-64-64-2"); // a mean and a variance head
        JsonObject choice = JsonParser.parseString(Files.readString(model.resolve("manifest.json"))).getAsJsonObject()
                .getAsJsonObject("hyperparameters").getAsJsonObject("noiseChoice");
        assertThat(choice.get("heteroscedasticValidationNll").getAsDouble())
                .isLessThan(choice.get("homoscedasticValidationNll").getAsDouble());

        Path fixed = tmp.resolve("ensemble-noise-fixed");
        CliRun given = CliRun.of("fit", "--data", "toy:heteroscedastic:300", "--method", "ensemble", "--members", "2",
                "--noise", "homoscedastic", "--quiet", "--out", fixed.toString());
        assertThat(given.code()).as(given.err()).isZero();
        assertThat(given.err()).doesNotContain("chose");
        assertThat(Files.readString(fixed.resolve("manifest.json"))).doesNotContain("noiseChoice");
    }

    @Test
    void laplaceFitsSavesAndPredictsThroughTheCommand() {
        Path model = tmp.resolve("laplace-moons");
        // 16,16 hidden units: P = 354, a full all-weights covariance that is quick to fit and load
        CliRun fit = CliRun.of("fit", "--data", "toy:two-moons", "--method", "laplace", "--subset", "all", "--hessian",
                "full", "--prior-optimize", "marglik", "--link", "mc", "--samples", "200", "--epochs", "20",
                "--hidden", "16,16", "--quiet", "--out", model.toString());
        assertThat(fit.code()).as(fit.err()).isZero();
        assertThat(fit.out()).contains("fitted laplace");
        CliRun eval = CliRun.of("evaluate", "--model", model.toString(), "--data", "toy:two-moons", "--json");
        assertThat(eval.code()).as(eval.err()).isZero();
        assertThat(JsonParser.parseString(eval.out()).getAsJsonObject().get("accuracy").getAsDouble()).isGreaterThan(0.8);
        CliRun pred = CliRun.of("predict", "--model", model.toString(), "--data", "toy:two-moons:20");
        assertThat(pred.code()).as(pred.err()).isZero();
        List<String> lines = pred.out().lines().toList();
        assertThat(lines).hasSize(21);
        // the MC link samples logits: some rows carry epistemic uncertainty (mutual information > 0)
        assertThat(lines.stream().skip(1).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(',') + 1)))
                .max().orElseThrow()).isGreaterThan(0);
        CliRun bad = CliRun.of("fit", "--data", "toy:two-moons", "--method", "laplace", "--hessian", "dense",
                "--out", tmp.resolve("x").toString());
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).isEqualTo("bdl4j: --hessian must be full, diag or kron, found 'dense'"
                + System.lineSeparator());
    }

    /**
     * Laplace on a saved map model ({@code --from}) is the Laplace of the same MAP trained in process:
     * the map model round-trips bit-identically, so the predictions are identical.
     */
    @Test
    void laplaceFromASavedMapModelPredictsLikeLaplaceOnTheSameTraining() {
        String[] training = {"--data", "toy:two-moons:200", "--hidden", "16", "--epochs", "15", "--seed", "4", "--quiet"};
        Path map = tmp.resolve("from-map");
        Path direct = tmp.resolve("from-direct");
        Path loaded = tmp.resolve("from-loaded");
        assertThat(CliRun.of(concat(training, "fit", "--method", "map", "--out", map.toString())).code()).isZero();
        CliRun a = CliRun.of(concat(training, "fit", "--method", "laplace", "--hessian", "full", "--out",
                direct.toString()));
        assertThat(a.code()).as(a.err()).isZero();
        CliRun b = CliRun.of("fit", "--method", "laplace", "--hessian", "full", "--from", map.toString(), "--data",
                "toy:two-moons:200", "--seed", "4", "--quiet", "--out", loaded.toString());
        assertThat(b.code()).as(b.err()).isZero();
        CliRun pa = CliRun.of("predict", "--model", direct.toString(), "--data", "toy:two-moons:30");
        CliRun pb = CliRun.of("predict", "--model", loaded.toString(), "--data", "toy:two-moons:30");
        assertThat(pa.code()).as(pa.err()).isZero();
        assertThat(pb.out()).isEqualTo(pa.out());
        // --from is for the methods that start from a MAP, and needs a map model
        CliRun ens = CliRun.of("fit", "--method", "ensemble", "--from", map.toString(), "--data", "toy:two-moons",
                "--out", tmp.resolve("from-x").toString());
        assertThat(ens.code()).isEqualTo(1);
        assertThat(ens.err()).startsWith("bdl4j: --from applies to the methods that start from a map model (map,"
                + " laplace, vi, swag, sgld, hmc").endsWith("found --method ensemble" + System.lineSeparator());
        // the options that train the network do not apply to a loaded one; --prior-precision applies to the method
        CliRun epochs = CliRun.of("fit", "--method", "laplace", "--from", map.toString(), "--data", "toy:two-moons",
                "--epochs", "5", "--out", tmp.resolve("from-z").toString());
        assertThat(epochs.err()).isEqualTo("bdl4j: --epochs does not apply with --from (the map model is trained"
                + " already)" + System.lineSeparator());
        for (String lambda : new String[] {"30", "3000"}) {
            Path p = tmp.resolve("from-lambda-" + lambda);
            CliRun fit = CliRun.of("fit", "--method", "laplace", "--hessian", "full", "--from", map.toString(), "--data",
                    "toy:two-moons:200", "--seed", "4", "--prior-precision", lambda, "--quiet", "--out", p.toString());
            assertThat(fit.code()).as(fit.err()).isZero();
            JsonObject laplace = JsonParser.parseString(readManifest(p)).getAsJsonObject().getAsJsonObject("laplace");
            assertThat(laplace.get("priorPrecision").getAsDouble()).isEqualTo(Double.parseDouble(lambda));
        }
        CliRun notMap = CliRun.of("fit", "--method", "laplace", "--from", direct.toString(), "--data", "toy:two-moons",
                "--out", tmp.resolve("from-y").toString());
        assertThat(notMap.code()).isEqualTo(1);
        assertThat(notMap.err()).startsWith("bdl4j: --from ").contains("found a laplace model");
    }

    private static String readManifest(Path model) {
        try {
            return Files.readString(model.resolve("manifest.json"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String[] concat(String[] options, String... command) {
        String[] all = new String[command.length + options.length];
        System.arraycopy(command, 0, all, 0, command.length);
        System.arraycopy(options, 0, all, command.length, options.length);
        return all;
    }

    @Test
    void everyMethodFitsSavesLoadsAndPredictsIdentically() throws IOException {
        for (String method : new String[] {"mc-dropout", "ensemble", "vi", "swag", "sgld", "hmc"}) {
            Path model = tmp.resolve("method-" + method);
            // each method's own option: an option no chosen method reads is an error
            String[] own = method.equals("ensemble") ? new String[] {"--members", "3"} : new String[] {"--samples", "20"};
            CliRun fit = CliRun.of(concat(new String[] {"--data", "toy:two-moons:200", "--method", method, "--hidden",
                "16", "--dropout", "0.1", "--epochs", "10", own[0], own[1], "--quiet", "--out", model.toString()}, "fit"));
            assertThat(fit.code()).as(method + ": " + fit.err()).isZero();
            CliRun a = CliRun.of("predict", "--model", model.toString(), "--data", "toy:two-moons:30", "--seed", "2");
            CliRun b = CliRun.of("predict", "--model", model.toString(), "--data", "toy:two-moons:30", "--seed", "2");
            assertThat(a.code()).as(method + ": " + a.err()).isZero();
            assertThat(b.out()).as(method).isEqualTo(a.out());
            assertThat(a.out().lines().count()).isEqualTo(31);
            // sampling methods carry epistemic uncertainty: some row has mutual information > 0
            assertThat(a.out().lines().skip(1).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(',') + 1)))
                    .max().orElseThrow()).as(method).isGreaterThan(0);
        }
    }

    /**
     * compare with its default method list and no method options completes for every method of the
     * registry that supports the likelihood (the test's own {@code base-rate} included), each once and in
     * the registry's order, with a finite NLL (--epochs only keeps the test
     * short; that MC dropout trains its own network is {@code McDropoutRateTest}'s).
     */
    @Test
    void compareWithDefaultsRunsEveryMethod() {
        CliRun c = CliRun.of("compare", "--data", "toy:two-moons:120", "--epochs", "30", "--json");
        assertThat(c.code()).as(c.err()).isZero();
        JsonArray a = JsonParser.parseString(c.out()).getAsJsonArray();
        List<String> methods = new ArrayList<>();
        a.forEach(e -> methods.add(e.getAsJsonObject().get("method").getAsString()));
        assertThat(methods).containsExactlyElementsOf(org.bdl4j.method.Methods.supporting(
                org.bdl4j.Likelihood.CATEGORICAL).stream().map(org.bdl4j.method.PosteriorMethod::name).toList());
        assertThat(methods).containsSubsequence("map", "mc-dropout", "ensemble", "laplace", "vi", "swag", "sgld", "hmc");
        for (var e : a) {
            assertThat(e.getAsJsonObject().get("nll").getAsDouble()).as(e.toString()).isFinite();
        }
    }

    /**
     * A method that fails does not take the others with it: SWAG at a learning rate of 10^9 diverges,
     * the MAP's row is printed, the table names SWAG with its error, and compare exits with 1.
     */
    @Test
    void aFailingMethodIsNamedAndTheOthersAreReported() {
        CliRun c = CliRun.of("compare", "--data", "toy:two-moons:100", "--methods", "map,swag", "--swag-lr", "1e9",
                "--epochs", "5");
        assertThat(c.code()).as(c.err()).isEqualTo(1);
        assertThat(c.out()).contains("map ").containsPattern("swag: not in the table: failed: SWAG diverged");
        assertThat(c.err()).contains("compare [2/2] swag: failed after").endsWith(
                "bdl4j: 1 of 2 methods did not finish: swag (the table says why)" + System.lineSeparator());
    }

    /** What a fit notices reaches the user: a warning line on stderr, kept in the model's provenance. */
    @Test
    void fitWarnsAboutTooFewRows() throws IOException {
        Path tiny = tmp.resolve("tiny.csv");
        Files.write(tiny, List.of("a,b,y", "0.1,1,u", "0.5,2,v", "0.9,1,u", "0.2,3,v", "0.7,2,u", "0.4,1,v"));
        Path model = tmp.resolve("tiny-model");
        CliRun fit = CliRun.of("fit", "--data", tiny.toString(), "--epochs", "3", "--quiet", "--out", model.toString());
        assertThat(fit.code()).as(fit.err()).isZero();
        assertThat(fit.err()).isEqualTo("bdl4j: warning: only 6 training rows: the predictive rests mostly on the"
                + " prior" + System.lineSeparator());
        assertThat(readManifest(model)).contains("only 6 training rows");
    }

    @Test
    void compareJsonListsEveryMethodWithTimes() {
        CliRun c = CliRun.of("compare", "--data", "toy:two-moons", "--methods", "map,laplace", "--epochs", "20",
                "--json");
        assertThat(c.code()).as(c.err()).isZero();
        JsonArray a = JsonParser.parseString(c.out()).getAsJsonArray();
        // the two methods, the MAP recalibrated on the held-out rows, conformal prediction on the MAP and
        // on the method of lowest calibration NLL (here the only other one)
        assertThat(a.asList().stream().map(e -> e.getAsJsonObject().get("method").getAsString()).toList())
                .containsExactly("map", "laplace", "map+temperature", "map+conformal", "laplace+conformal");
        JsonObject conformal = a.get(3).getAsJsonObject();
        assertThat(conformal.keySet()).containsExactly("method", "coverage", "mean_set_size");
        assertThat(conformal.get("coverage").getAsDouble()).isBetween(0.0, 1.0);
        assertThat(c.err()).contains("rows held out for the post-hoc rows");
        JsonObject row = a.get(0).getAsJsonObject();
        assertThat(row.keySet()).containsExactly("method", "accuracy", "nll", "brier", "ece", "mce", "sel_acc80",
                "fit_seconds", "predict_seconds", "relative_cost", "warnings");
        assertThat(row.get("method").getAsString()).isEqualTo("map");
        // the MAP is its own cost unit; Laplace's fit time includes the MAP's training
        assertThat(row.get("relative_cost").getAsDouble()).isEqualTo(1.0);
        JsonObject laplace = a.get(1).getAsJsonObject();
        assertThat(laplace.get("relative_cost").getAsDouble()).isCloseTo(laplace.get("fit_seconds").getAsDouble()
                / row.get("fit_seconds").getAsDouble(), org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void evaluateWithOodAddsAuroc() {
        Path model = tmp.resolve("moons");
        assertThat(CliRun.of("fit", "--data", "toy:two-moons", "--epochs", "10", "--quiet", "--out", model.toString())
                .code()).isZero();
        CliRun eval = CliRun.of("evaluate", "--model", model.toString(), "--data", "toy:two-moons", "--ood",
                "toy:spirals", "--json");
        // spirals has the same feature names (x0, x1); its labels are ignored for OOD rows
        assertThat(eval.code()).as(eval.err()).isZero();
        JsonObject m = JsonParser.parseString(eval.out()).getAsJsonObject();
        assertThat(m.keySet()).containsExactly("accuracy", "nll", "brier", "ece", "mce", "sel_acc80", "ood_auroc",
                "ood_auroc_msp");
        assertThat(m.get("ood_auroc").getAsDouble()).isBetween(0.0, 1.0);
    }

    @Test
    void demoWritesTheTableAndTheReport() {
        Path dir = tmp.resolve("report");
        CliRun d = CliRun.of("demo", "--out", dir.toString(), "--epochs", "5");
        assertThat(d.code()).as(d.err()).isZero();
        assertThat(d.out()).contains("toy:two-moons").contains("toy:regression-gap").contains("map");
        assertThat(dir.resolve("index.html")).exists();
        assertThat(dir.resolve("section1-reliability-map.png")).exists();
        assertThat(dir.resolve("section1-risk-coverage.png")).exists();
        assertThat(dir.resolve("section1-ood-hmc.png")).exists();
        assertThat(dir.resolve("section1-uncertainty-hmc.png")).exists();
        assertThat(dir.resolve("section1-reliability-map+temperature.png")).exists();
        assertThat(dir.resolve("section2-predictive-map.png")).exists();
        assertThat(dir.resolve("section2-predictive-map+variance.png")).exists();
        // the OOD ring, the gap's epistemic column, the post-hoc rows and the reading
        assertThat(d.out()).contains("ood_auroc").contains("gap_epistemic_std").contains("map+temperature")
                .contains("split conformal prediction at 90% coverage, calibrated on 200 held-out rows")
                .contains("Best test NLL");
    }
}
