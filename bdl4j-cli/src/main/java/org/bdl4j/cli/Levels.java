package org.bdl4j.cli;

/** The check of {@code --level}, shared by every command that makes intervals. */
final class Levels {
    private Levels() {}

    static void check(double level) {
        if (!(level > 0 && level < 1)) {
            throw new CliException("--level must be in (0, 1), found " + level);
        }
    }
}
