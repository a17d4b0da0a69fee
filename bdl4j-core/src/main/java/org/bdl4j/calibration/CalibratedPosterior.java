package org.bdl4j.calibration;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.bdl4j.ModelSchema;
import org.bdl4j.Posterior;
import org.bdl4j.Provenance;
import org.bdl4j.Predictive;
import org.bdl4j.data.Task;
import org.bdl4j.data.DataProvenance;
import org.bdl4j.data.Dataset;
import org.bdl4j.io.ManifestCodec;
import org.bdl4j.io.ModelDirectory;
import org.bdl4j.io.ModelFileException;
import org.bdl4j.method.Posteriors;
import org.bdl4j.io.Provenances;

/**
 * Any posterior followed by a fitted {@link Calibrator}: its predictive is
 * {@code calibrator.apply(base.predict(x))}, with the base's schema. It owns the base posterior
 * (closing it closes the base).
 *
 * <p>Saved as a model directory of method {@value #METHOD} whose manifest holds the calibrator's
 * parameters (exact JSON doubles) and whose sub-directory {@code base} holds the base posterior,
 * written by the base itself; {@code org.bdl4j.method.Posteriors.load} reads both back
 * ({@link CalibratedPosteriorLoader}).
 */
public final class CalibratedPosterior implements Posterior {
    /** The method name in manifests. */
    public static final String METHOD = "calibrated";
    /** The sub-directory holding the base posterior. */
    public static final String BASE = "base";

    private final Posterior base;
    private final Calibrator calibrator;
    private final Provenance provenance;

    /**
     * Wraps {@code base}, taking ownership of it, with a calibrator fitted elsewhere: the provenance is
     * the base's with the calibrator named (no calibration rows recorded).
     */
    public CalibratedPosterior(Posterior base, Calibrator calibrator) {
        this(base, calibrator, Provenances.now(base.provenance().data(), base.provenance().training(),
                Map.of("calibration", calibrator.name()), base.provenance()));
    }

    /**
     * Wraps {@code base}, taking ownership of it.
     *
     * @param provenance how the calibrator was fitted (on which rows), with the base's as its base
     * @throws IllegalArgumentException if the calibrator is for the other task or (vector scaling)
     *     another number of classes
     */
    public CalibratedPosterior(Posterior base, Calibrator calibrator, Provenance provenance) {
        this.base = Objects.requireNonNull(base, "base");
        this.calibrator = Objects.requireNonNull(calibrator, "calibrator");
        this.provenance = Objects.requireNonNull(provenance, "provenance");
        ModelSchema s = base.schema();
        if (calibrator.task() != s.task()) {
            throw new IllegalArgumentException("calibrator " + calibrator.name() + " is for " + calibrator.task().cliName()
                    + ", the posterior does " + s.task().cliName());
        }
        if (calibrator instanceof VectorScaler v && v.weights().length != s.numClasses()) {
            throw new IllegalArgumentException("vector scaling was fitted on " + v.weights().length
                    + " classes, the posterior has " + s.numClasses());
        }
    }

    /**
     * Fits {@code method} to the base posterior's predictive on {@code calibration} (rows with true
     * targets, in the user's units, class labels indexed as in the base's schema) and wraps the base.
     * On success the result owns {@code base}; on failure the caller still does.
     */
    public static CalibratedPosterior fit(Posterior base, Dataset calibration, CalibrationMethod method) {
        Objects.requireNonNull(method, "method");
        ModelSchema s = base.schema();
        if (method.task() != s.task()) {
            throw new IllegalArgumentException("calibration method " + method.cliName() + " is for "
                    + method.task().cliName() + ", the posterior does " + s.task().cliName());
        }
        if (s.task() == Task.CLASSIFICATION && calibration.task() == Task.CLASSIFICATION
                && !calibration.classNames().equals(s.classNames())) {
            throw new IllegalArgumentException("the calibration labels are " + calibration.classNames()
                    + ", the posterior's classes " + s.classNames());
        }
        Predictive p = base.predict(calibration);
        Calibrator fitted = method.fit(p, calibration);
        return new CalibratedPosterior(base, fitted, Provenances.now(DataProvenance.of(calibration),
                base.provenance().training(), Map.of("calibration", method.cliName()), base.provenance())
                .withWarnings(fitted.warnings()));
    }

    public Posterior base() {
        return base;
    }

    public Calibrator calibrator() {
        return calibrator;
    }

    @Override
    public String method() {
        return METHOD;
    }

    @Override
    public ModelSchema schema() {
        return base.schema();
    }

    @Override
    public Provenance provenance() {
        return provenance;
    }

    @Override
    public Predictive predict(Dataset inputs) {
        return calibrator.apply(base.predict(inputs));
    }

    @Override
    public void save(Path directory) throws IOException {
        JsonObject m = new JsonObject();
        m.addProperty("method", METHOD);
        m.addProperty("task", schema().task().cliName());
        m.addProperty("baseMethod", base.method());
        m.add("calibrator", calibrator.toJson());
        m.add("provenance", Provenances.write(provenance));
        ModelDirectory.write(directory, m, Map.of(), Map.of(BASE, base::save));
    }

    /** Reads a directory written by {@link #save}, loading the base with {@link Posteriors#load}. */
    public static CalibratedPosterior load(ModelDirectory md) {
        JsonObject json = md.objectField("calibrator");
        Calibrator calibrator = ManifestCodec.read(md, "calibrator", () -> Calibrator.fromJson(json));
        Provenance provenance = ManifestCodec.read(md, "provenance",
                () -> Provenances.read(md.objectField("provenance")));
        Posterior base = Posteriors.load(md.child(BASE));
        try {
            return new CalibratedPosterior(base, calibrator, provenance);
        } catch (RuntimeException e) {
            base.close();
            throw new ModelFileException(md.path() + ": inconsistent model: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        base.close();
    }
}
