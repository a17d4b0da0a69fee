package org.bdl4j.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One run of the command in-process, with its exit code and captured streams. */
record CliRun(int code, String out, String err) {

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(code, out.toString(), err.toString());
    }

    /** The error output's lines. */
    java.util.List<String> errLines() {
        return err.lines().toList();
    }
}
