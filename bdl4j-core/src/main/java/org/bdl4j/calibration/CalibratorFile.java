package org.bdl4j.calibration;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.Predictive;
import org.bdl4j.data.Task;
import org.bdl4j.io.ModelFileException;

/**
 * A calibrator fitted on predictions made elsewhere (a model bdl4j did not train, known only by its
 * outputs), saved as one JSON file: the calibrator's exact parameters, the task, the class names in
 * order (classification) and where it was fitted (file, SHA-256, rows). {@link #apply} calibrates
 * later predictions of the same model; the file is written whole or not at all.
 *
 * @param classNames the classes in the predictions' column order (empty for regression)
 * @param fittedOn a description of the calibration predictions, e.g. the file and its SHA-256
 */
public record CalibratorFile(Calibrator calibrator, List<String> classNames, String fittedOn) {
    /** The {@code format} field of the file. */
    public static final String FORMAT = "bdl4j-calibrator";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    public CalibratorFile {
        Objects.requireNonNull(calibrator, "calibrator");
        classNames = List.copyOf(classNames);
        if ((calibrator.task() == Task.CLASSIFICATION) == classNames.isEmpty()) {
            throw new IllegalArgumentException("a classification calibrator needs its class names, a regression one"
                    + " none");
        }
    }

    /**
     * The calibrated predictive of {@code predictions} (the same model's, its classes in the same order).
     *
     * @throws IllegalArgumentException naming the classes when they differ
     */
    public Predictive apply(Predictive predictions) {
        if (predictions instanceof ClassificationPredictive c && !c.classNames().equals(classNames)) {
            throw new IllegalArgumentException("the predictions name the classes " + c.classNames()
                    + ", the calibrator was fitted on " + classNames);
        }
        return calibrator.apply(predictions);
    }

    /** Writes the file whole or not at all (a temporary file moved into place). */
    public void write(Path file) throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        o.addProperty("formatVersion", 1);
        o.addProperty("task", calibrator.task().cliName());
        JsonArray classes = new JsonArray();
        classNames.forEach(classes::add);
        o.add("classes", classes);
        o.addProperty("fittedOn", fittedOn);
        o.add("calibrator", calibrator.toJson());
        Path target = file.toAbsolutePath().normalize();
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".writing");
        try {
            Files.writeString(tmp, GSON.toJson(o) + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Reads a file written by {@link #write}.
     *
     * @throws ModelFileException (one line) naming the file and the field at fault
     */
    public static CalibratorFile read(Path file) {
        JsonObject o;
        try {
            o = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new ModelFileException(file + ": cannot read (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            throw new ModelFileException(file + ": not a bdl4j calibrator file (not a JSON object)", e);
        }
        if (!o.has("format") || !FORMAT.equals(o.get("format").getAsString())) {
            throw new ModelFileException(file + ": not a bdl4j calibrator file (its format field is not \"" + FORMAT
                    + "\")");
        }
        try {
            List<String> classes = new ArrayList<>();
            for (JsonElement e : o.getAsJsonArray("classes")) {
                classes.add(e.getAsString());
            }
            return new CalibratorFile(Calibrator.fromJson(o.getAsJsonObject("calibrator")), classes,
                    o.get("fittedOn").getAsString());
        } catch (RuntimeException e) {
            throw new ModelFileException(file + ": invalid calibrator file (" + e.getMessage() + ")", e);
        }
    }
}
