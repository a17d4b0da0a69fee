package org.bdl4j.io;

import ai.djl.engine.Engine;
import com.google.gson.JsonObject;

/** The versions of bdl4j, DJL and the engine, written into every manifest and benchmark line. */
public final class Versions {
    /** The bdl4j version (kept equal to the Maven project version). */
    public static final String BDL4J = "0.1.0-SNAPSHOT";

    private Versions() {}

    /** bdl4j, DJL and engine versions, the Java runtime and the operating system, by name. */
    public static java.util.Map<String, String> software() {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("bdl4j", BDL4J);
        m.put("djl", Engine.getDjlVersion());
        m.put("engine", Engine.getInstance().getEngineName());
        m.put("engineVersion", Engine.getInstance().getVersion());
        m.put("java", System.getProperty("java.runtime.version", System.getProperty("java.version")) + " ("
                + System.getProperty("java.vendor") + ")");
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        return m;
    }

    public static JsonObject json() {
        JsonObject o = new JsonObject();
        o.addProperty("bdl4j", BDL4J);
        o.addProperty("djl", Engine.getDjlVersion());
        o.addProperty("engine", Engine.getInstance().getEngineName());
        o.addProperty("engineVersion", Engine.getInstance().getVersion());
        return o;
    }
}
