package org.bdl4j.spark;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.bdl4j.ensemble.EnsembleMember;

/**
 * Ensemble members trained on executors, kept on a shared (Hadoop) file system under a staging
 * directory as {@code member-<m>/}: {@code member.json} (index, seed, σ, λ, epochs, seconds, the
 * number of weights) and {@code parameters.f32} (the weights, big-endian floats).
 *
 * <p>Written whole or not at all: a task writes into {@code _attempt-<m>-<task attempt id>/} and
 * renames that to {@code member-<m>} only when both files are complete. A task killed mid-write leaves
 * only its attempt directory, which nothing reads and the driver deletes; a retried or speculative
 * attempt that finds {@code member-<m>} already there discards its own copy. A member directory that
 * exists is complete, so a job run again after a failure keeps the members already trained.
 */
final class MemberFiles {
    static final String JSON = "member.json";
    static final String WEIGHTS = "parameters.f32";

    private final Path staging;
    private final FileSystem fs;

    MemberFiles(String staging) throws IOException {
        this.staging = new Path(staging);
        this.fs = this.staging.getFileSystem(new Configuration());
    }

    Path member(int m) {
        return new Path(staging, "member-" + m);
    }

    boolean exists(int m) throws IOException {
        return fs.exists(new Path(member(m), JSON)) && fs.exists(new Path(member(m), WEIGHTS));
    }

    /** Writes member m through an attempt directory renamed into place; false if another attempt won. */
    boolean write(EnsembleMember member, long attemptId) throws IOException {
        Path attempt = new Path(staging, "_attempt-" + member.index() + "-" + attemptId);
        fs.delete(attempt, true);
        fs.mkdirs(attempt);
        float[] theta = member.parameters();
        try (OutputStream raw = fs.create(new Path(attempt, WEIGHTS), false);
                DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(raw))) {
            for (float v : theta) {
                out.writeFloat(v);
            }
        }
        JsonObject json = new JsonObject();
        json.addProperty("index", member.index());
        json.addProperty("seed", member.seed());
        json.addProperty("weights", theta.length);
        json.addProperty("sigmaNoise", member.sigmaNoise());
        json.addProperty("priorPrecision", member.priorPrecision());
        json.addProperty("weightDecay", member.weightDecay());
        json.addProperty("epochs", member.epochs());
        json.addProperty("seconds", member.seconds());
        try (OutputStream out = fs.create(new Path(attempt, JSON), false)) {
            out.write(json.toString().getBytes(StandardCharsets.UTF_8));
        }
        if (exists(member.index())) {
            fs.delete(attempt, true);
            return false;
        }
        if (!fs.rename(attempt, member(member.index()))) {
            fs.delete(attempt, true);
            if (!exists(member.index())) {
                throw new IOException("could not move " + attempt + " to " + member(member.index()));
            }
            return false;
        }
        return true;
    }

    /** Reads member m back, checking that its files agree. */
    EnsembleMember read(int m) throws IOException {
        Path dir = member(m);
        JsonObject json;
        try (InputStream in = fs.open(new Path(dir, JSON))) {
            json = JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
        }
        int count = json.get("weights").getAsInt();
        long bytes = fs.getFileStatus(new Path(dir, WEIGHTS)).getLen();
        if (bytes != 4L * count || json.get("index").getAsInt() != m) {
            throw new IOException(dir + ": " + bytes + " bytes of weights for " + count + " weights, member "
                    + json.get("index").getAsInt());
        }
        float[] theta = new float[count];
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(fs.open(new Path(dir, WEIGHTS))))) {
            for (int i = 0; i < count; i++) {
                theta[i] = in.readFloat();
            }
        }
        return new EnsembleMember(m, json.get("seed").getAsLong(), theta, number(json, "sigmaNoise"),
                number(json, "priorPrecision"), number(json, "weightDecay"), json.get("epochs").getAsInt(),
                number(json, "seconds"));
    }

    /** Deletes the staging directory (after the ensemble is saved). */
    void deleteAll() throws IOException {
        fs.delete(staging, true);
    }

    private static double number(JsonObject json, String key) {
        return json.get(key).isJsonNull() ? Double.NaN : json.get(key).getAsDouble();
    }
}
