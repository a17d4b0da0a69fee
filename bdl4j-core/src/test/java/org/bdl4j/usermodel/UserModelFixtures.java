package org.bdl4j.usermodel;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.bdl4j.curvature.ReferenceMlp;
import org.bdl4j.data.Dataset;

/**
 * The TorchScript fixtures written by {@code src/test/resources/usermodel/make_fixtures.py} and rows
 * drawn from the rules that script trained them on (with other random numbers):
 * classifier x ~ N(0, I_4), y = argmax(x A); regressor x ~ N(0, I_2), y = sin(2 x0) + 0.5 x1 + N(0, 0.1²).
 */
final class UserModelFixtures {
    private static final double[][] A = {{1, 0, -1}, {0, 1, -1}, {1, -1, 0}, {0.5, 0.5, 0.5}};

    private UserModelFixtures() {}

    static Path file(String name) {
        try {
            return Path.of(UserModelFixtures.class.getResource("/usermodel/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Dataset classification(int rows, long seed) {
        Random r = new Random(seed);
        float[] x = new float[rows * 4];
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            double best = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < 4; j++) {
                x[i * 4 + j] = (float) r.nextGaussian();
            }
            for (int k = 0; k < 3; k++) {
                double z = 0;
                for (int j = 0; j < 4; j++) {
                    z += x[i * 4 + j] * A[j][k];
                }
                if (z > best) {
                    best = z;
                    y[i] = k;
                }
            }
        }
        return Dataset.classification(x, rows, new int[] {4}, Dataset.defaultFeatureNames(4), y,
                List.of("0", "1", "2"), "y");
    }

    static Dataset regression(int rows, long seed) {
        Random r = new Random(seed);
        float[] x = new float[rows * 2];
        float[] y = new float[rows];
        for (int i = 0; i < rows; i++) {
            x[i * 2] = (float) r.nextGaussian();
            x[i * 2 + 1] = (float) r.nextGaussian();
            y[i] = (float) (Math.sin(2 * x[i * 2]) + 0.5 * x[i * 2 + 1] + 0.1 * r.nextGaussian());
        }
        return Dataset.regression(x, rows, new int[] {2}, Dataset.defaultFeatureNames(2), y, "y");
    }

    /** The classifier's weights as the script wrote them (bdl4j's flat order). */
    static float[] classifierTheta() throws IOException {
        JsonObject o = JsonParser.parseString(Files.readString(file("classifier-weights.json"))).getAsJsonObject();
        JsonArray a = o.getAsJsonArray("theta");
        float[] t = new float[a.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = a.get(i).getAsFloat();
        }
        return t;
    }

    /** The classifier's structure as an independent double-precision reference (4-8-8-3, tanh). */
    static final ReferenceMlp CLASSIFIER = new ReferenceMlp(4, 8, 8, 3);
}
