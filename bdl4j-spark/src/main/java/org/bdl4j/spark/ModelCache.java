package org.bdl4j.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bdl4j.Posterior;
import org.bdl4j.method.Posteriors;
import org.bdl4j.ood.RejectionFile;

/**
 * One loaded model per JVM and location, shared by every task of an executor: a model is read (and,
 * from a Hadoop file system, copied) once, not once per partition. {@link Posterior#predict} is safe to
 * call from several task threads at once (each call owns its random generator), so the tasks share the
 * posterior. The models stay loaded until the JVM ends; copies are deleted then.
 *
 * <p>The location is a local path, a name shipped with {@code --archives}, or a Hadoop URI
 * ({@link LocalCopies}).
 */
public final class ModelCache {
    private static final Map<String, Posterior> MODELS = new ConcurrentHashMap<>();
    private static final Map<String, RejectionFile.Loaded> RULES = new ConcurrentHashMap<>();
    private static final String OFFLINE = "ai.djl.offline";

    private ModelCache() {}

    /** The model at {@code location}, loaded on first use in this JVM. */
    public static Posterior get(String location) {
        return MODELS.computeIfAbsent(location, ModelCache::load);
    }

    /**
     * The rejection rule saved with the model at {@code location} and the scorer of its score, read on
     * first use in this JVM.
     *
     * @throws IllegalArgumentException if the model has none or it was fitted for another model
     */
    public static RejectionFile.Loaded rejection(String location) {
        return RULES.computeIfAbsent(location, l -> RejectionFile.read(localDirectory(l), get(l)));
    }

    private static Posterior load(String location) {
        // The job jar carries libtorch's natives: an executor never downloads them, unless told to.
        if (System.getProperty(OFFLINE) == null) {
            System.setProperty(OFFLINE, "true");
        }
        TaskThreads.prepare();
        return Posteriors.load(localDirectory(location));
    }

    /** The model directory on this machine, copied there first when it lives on a Hadoop file system. */
    static Path localDirectory(String location) {
        Path dir = LocalCopies.of(location, "model");
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("model " + location + " is not a directory");
        }
        return dir;
    }
}
