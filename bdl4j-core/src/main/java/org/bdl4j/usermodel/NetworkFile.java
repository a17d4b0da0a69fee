package org.bdl4j.usermodel;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bdl4j.data.Sha256;
import org.bdl4j.io.ModelDirectory;
import org.bdl4j.io.ModelFileException;

/**
 * The copy of a user's network file inside a saved model: the nested directory {@value #CHILD} holds
 * {@code model.pt} or {@code model.onnx} and a manifest with its SHA-256, so that a replaced or
 * altered copy is refused on loading.
 */
final class NetworkFile {
    /** The nested directory's name. */
    static final String CHILD = "network";
    /** The file's name before its format's extension. */
    static final String BASE_NAME = "model";

    private NetworkFile() {}

    /** A writer of {@code model}'s file into a nested directory. */
    static ModelDirectory.DirectoryWriter writer(UserModel model) throws IOException {
        Path file = model.file().orElseThrow(() -> new IOException("this user model was handed over as a DJL block,"
                + " not loaded from a file, so it cannot be saved"));
        String name = BASE_NAME + model.format().orElseThrow().extension();
        return dir -> {
            Files.createDirectories(dir);
            byte[] bytes = Files.readAllBytes(file);
            Files.write(dir.resolve(name), bytes);
            JsonObject m = new JsonObject();
            m.addProperty("format", ModelDirectory.FORMAT);
            m.addProperty("formatVersion", ModelDirectory.FORMAT_VERSION);
            m.addProperty("method", "network-file");
            m.addProperty("file", name);
            m.addProperty("sha256", Sha256.of(bytes));
            m.add("arrays", new JsonObject());
            Files.writeString(dir.resolve(ModelDirectory.MANIFEST), m.toString());
        };
    }

    /**
     * The network file of the saved model {@code md}, checked against its recorded SHA-256.
     *
     * @throws ModelFileException naming the file when it is unknown, unreadable or changed
     */
    static Path checked(ModelDirectory md) {
        return checked(md, CHILD);
    }

    /** {@link #checked(ModelDirectory)} for the nested directory {@code child}. */
    static Path checked(ModelDirectory md, String child) {
        ModelDirectory net = ModelDirectory.open(md.child(child));
        String name = net.stringField("file");
        boolean known = false;
        for (UserModel.Format f : UserModel.Format.values()) {
            known |= name.equals(BASE_NAME + f.extension());
        }
        if (!known) {
            throw new ModelFileException(net.path().resolve(ModelDirectory.MANIFEST) + ": unknown network file \""
                    + name + "\"");
        }
        Path file = net.path().resolve(name);
        String expected = net.stringField("sha256");
        String found;
        try {
            found = Sha256.of(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new ModelFileException(file + ": cannot read the user's network (" + e.getMessage() + ")", e);
        }
        if (!found.equals(expected)) {
            throw new ModelFileException(file + ": the user's network has changed since the model was saved (SHA-256 "
                    + found + ", recorded " + expected + ")");
        }
        return file;
    }
}
