package org.bdl4j.io;

import ai.djl.engine.Engine;
import com.google.gson.JsonObject;

/** The versions of bdl4j, DJL and the engine, written into every manifest and benchmark line. */
public final class Versions {
    /** The bdl4j version (kept equal to the Maven project version). */
    public static final String BDL4J = "0.1.0-SNAPSHOT";

    private Versions() {}

    public static JsonObject json() {
        JsonObject o = new JsonObject();
        o.addProperty("bdl4j", BDL4J);
        o.addProperty("djl", Engine.getDjlVersion());
        o.addProperty("engine", Engine.getInstance().getEngineName());
        o.addProperty("engineVersion", Engine.getInstance().getVersion());
        return o;
    }
}
