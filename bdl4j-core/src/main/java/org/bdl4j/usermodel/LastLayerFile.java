package org.bdl4j.usermodel;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the last layer f = W φ + b of a network whose feature extractor φ is a file of its own
 * ({@link UserModel#loadFeatureExtractor}), from either
 *
 * <ul>
 *   <li>a TorchScript file of the layer alone ({@code torch.jit.script(model.fc).save("head.pt")}): its
 *       one {@code weight}/{@code bias} pair, or
 *   <li>a CSV file of C rows, one per output, each the layer's D weights of that output followed by its
 *       bias (D + 1 numbers), with an optional header line; e.g. from NumPy,
 *       {@code np.savetxt("head.csv", np.hstack([W, b[:, None]]), delimiter=",")}.
 * </ul>
 */
public final class LastLayerFile {
    private LastLayerFile() {}

    /**
     * The layer in {@code file}, named after the file.
     *
     * @throws IllegalArgumentException (one line, naming the file and, for a CSV, the row and column) if
     *     the file is missing, unreadable or not such a layer
     */
    public static LinearLayer read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such file");
        }
        String name = String.valueOf(file.getFileName());
        if (UserModel.isZip(file)) {
            return fromTorchScript(file, name);
        }
        return fromCsv(file, name);
    }

    private static LinearLayer fromTorchScript(Path file, String name) {
        try (UserModel layer = UserModel.load(file, OutputSelection.firstTwo())) {
            Optional<List<LinearLayer>> layers = layer.linearLayers();
            List<LinearLayer> found = layers.orElse(List.of());
            if (found.size() != 1) {
                throw new IllegalArgumentException(file + ": a last layer's TorchScript file holds one linear layer"
                        + " (a weight [C, D] and a bias [C]), this one " + found.size());
            }
            LinearLayer l = found.get(0);
            return new LinearLayer(name, l.weight(), l.bias(), l.outputs(), l.inputs());
        }
    }

    private static LinearLayer fromCsv(Path file, String name) {
        List<double[]> rows = new ArrayList<>();
        int firstRow = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNumber = 0;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                if (rows.isEmpty() && firstRow == 0 && !isNumber(cells[0])) {
                    firstRow = lineNumber; // a header
                    continue;
                }
                double[] values = new double[cells.length];
                for (int c = 0; c < cells.length; c++) {
                    String cell = cells[c].strip();
                    if (!isNumber(cell)) {
                        throw new IllegalArgumentException(file + " line " + lineNumber + " column " + (c + 1) + ": '"
                                + cell + "' is not a number (a last layer's CSV holds the D weights and the bias of"
                                + " one output a row, separated by commas)");
                    }
                    values[c] = Double.parseDouble(cell);
                }
                if (!rows.isEmpty() && values.length != rows.get(0).length) {
                    throw new IllegalArgumentException(file + " line " + lineNumber + ": " + values.length
                            + " values, the first row has " + rows.get(0).length);
                }
                rows.add(values);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(file + ": no rows (a last layer's CSV holds one row per output: its"
                    + " weights, then its bias)");
        }
        int outputs = rows.size();
        int inputs = rows.get(0).length - 1;
        if (inputs < 1) {
            throw new IllegalArgumentException(file + ": one value a row; a last layer's CSV row holds the D weights"
                    + " of one output followed by its bias");
        }
        float[] weight = new float[outputs * inputs];
        float[] bias = new float[outputs];
        for (int o = 0; o < outputs; o++) {
            double[] r = rows.get(o);
            for (int i = 0; i < inputs; i++) {
                weight[o * inputs + i] = (float) r[i];
            }
            bias[o] = (float) r[inputs];
        }
        return new LinearLayer(name, weight, bias, outputs, inputs);
    }

    private static boolean isNumber(String cell) {
        String c = cell.strip();
        if (c.isEmpty()) {
            return false;
        }
        try {
            return Double.isFinite(Double.parseDouble(c));
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
