package org.bdl4j.io;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The TorchScript modules that bdl4j-core ships as resources, for the engine operations that DJL's Java
 * API does not reach (the symmetric eigendecomposition, libtorch's fused Adam). Each module is written by
 * a script under {@code scripts/torchscript/}, copied from the class path to a temporary directory and
 * loaded on the CPU once per JVM; the loaded module is shared by every thread.
 */
public final class EngineScript {
    private static final Map<String, Model> LOADED = new ConcurrentHashMap<>();

    private EngineScript() {}

    /**
     * The module {@code name + ".pt"} from the resources next to {@code owner}, loaded on first use.
     *
     * @param what what the module does, for the error message when it cannot be loaded
     */
    public static Model load(Class<?> owner, String name, String what) {
        return LOADED.computeIfAbsent(owner.getName() + "/" + name, key -> read(owner, name, what));
    }

    private static Model read(Class<?> owner, String name, String what) {
        try {
            Path dir = TemporaryDirectory.untilExit("bdl4j-script-");
            try (InputStream in = owner.getResourceAsStream(name + ".pt")) {
                if (in == null) {
                    throw new IllegalStateException("the resource " + name + ".pt is missing from bdl4j-core");
                }
                Files.copy(in, dir.resolve(name + ".pt"));
            }
            Model loaded = Model.newInstance(name, Device.cpu(), "PyTorch");
            loaded.load(dir, name);
            return loaded;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the engine's " + what + ": " + e.getMessage(), e);
        } catch (MalformedModelException e) {
            throw new IllegalStateException("cannot load the engine's " + what + ": " + e.getMessage(), e);
        }
    }
}
