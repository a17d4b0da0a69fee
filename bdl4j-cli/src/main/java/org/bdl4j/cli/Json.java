package org.bdl4j.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/** JSON on stdout: one shared, non-escaping, NaN-tolerant writer. */
final class Json {
    static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeSpecialFloatingPointValues().create();

    private Json() {}
}
