package org.bdl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bdl4j.bo.TestFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bdl4j optimize}: its JSON, its log and resumption, and bad input in one line. */
class CliOptimizeTest {
    @TempDir
    Path dir;

    private static CliRun optimize(String... extra) {
        List<String> args = new ArrayList<>(List.of("optimize", "--members", "2", "--epochs", "50", "--quiet",
                "--seed", "3"));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void jsonCurveAndResumingFromTheLog() throws IOException {
        Path log = dir.resolve("branin.csv");
        CliRun run = optimize("--objective", "branin", "--budget", "7", "--initial", "5", "--log", log.toString(),
                "--json");
        assertThat(run.code()).as(run.err()).isZero();
        JsonObject j = JsonParser.parseString(run.out()).getAsJsonObject();
        JsonArray curve = j.getAsJsonArray("curve");
        assertThat(curve).hasSize(7);
        for (int i = 1; i < 7; i++) {
            assertThat(curve.get(i).getAsDouble()).isLessThanOrEqualTo(curve.get(i - 1).getAsDouble());
        }
        double best = j.get("best").getAsDouble();
        assertThat(best).isEqualTo(curve.get(6).getAsDouble());
        JsonArray x = j.getAsJsonArray("x_best");
        assertThat(TestFunction.BRANIN.evaluate(new double[] {x.get(0).getAsDouble(), x.get(1).getAsDouble()}))
                .isEqualTo(best);
        assertThat(j.get("regret").getAsDouble()).isCloseTo(best - TestFunction.BRANIN.minimum(), within(1e-12));
        List<String> logged = Files.readAllLines(log);
        assertThat(logged).hasSize(8).first().isEqualTo("x1,x2,y");
        // a larger budget on the same log evaluates only the new points
        CliRun more = optimize("--objective", "branin", "--budget", "9", "--initial", "5", "--log", log.toString(),
                "--json");
        assertThat(more.code()).as(more.err()).isZero();
        assertThat(Files.readAllLines(log)).hasSize(10).startsWith(logged.toArray(String[]::new));
    }

    @Test
    void badInputGetsOneLine() {
        assertThat(optimize("--objective", "echo 1").errLines()).containsExactly("bdl4j: --bounds is needed for an"
                + " objective command (lo:hi for each dimension)");
        assertThat(optimize("--objective", "branin", "--budget", "0").errLines()).containsExactly("bdl4j: --budget must"
                + " be >= 1, found 0");
        assertThat(optimize("--objective", "exit 4", "--bounds", "0:1", "--budget", "6").errLines()).containsExactly(
                "bdl4j: objective command 'exit 4' exited with status 4");
        assertThat(optimize("--objective", "echo x", "--bounds", "0:1", "--budget", "6").errLines()).containsExactly(
                "bdl4j: objective command 'echo x' printed 'x', expected a number");
        assertThat(optimize("--objective", "branin", "--bounds", "0:1,2").errLines()).containsExactly("bdl4j: --bounds:"
                + " expected lo:hi for dimension 2, found '2'");
        assertThat(optimize("--objective", "branin", "--acquisition", "pi").errLines()).containsExactly("bdl4j:"
                + " --acquisition must be ei, ucb or thompson, found 'pi'");
        assertThat(CliRun.of("optimize", "--objective", "branin", "--method", "laplace", "--acquisition", "thompson",
                "--budget", "6", "--quiet").errLines()).containsExactly("bdl4j: thompson needs functions drawn from the posterior: use the"
                + " ensemble surrogate (its members), found laplace");
    }
}
