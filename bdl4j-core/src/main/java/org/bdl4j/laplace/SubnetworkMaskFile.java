package org.bdl4j.laplace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bdl4j.options.InvalidOptionException;

/**
 * A subnetwork mask file: the subnetwork's parameter indices (see {@link SubnetworkSelection}) as
 * non-negative integers separated by commas, spaces or newlines; text after {@code #} on a line is a
 * comment. Errors name the option, the file and the line.
 */
public final class SubnetworkMaskFile {
    private SubnetworkMaskFile() {}

    /**
     * The indices listed in {@code file}.
     *
     * @param option the option that named the file, for errors
     */
    public static int[] read(Path file, String option) {
        String at = "{" + option + "} " + file;
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            throw new InvalidOptionException(option, at + ": no such file");
        } catch (IOException | UncheckedIOException e) {
            throw new InvalidOptionException(option, at + ": cannot be read: " + e.getMessage());
        }
        List<Integer> out = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            int hash = line.indexOf('#');
            String body = hash >= 0 ? line.substring(0, hash) : line;
            for (String token : body.split("[,\\s]+")) {
                if (!token.isEmpty()) {
                    out.add(index(token, at + ": line " + (n + 1), option));
                }
            }
        }
        if (out.isEmpty()) {
            throw new InvalidOptionException(option, at + ": lists no parameter index");
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int index(String token, String where, String option) {
        int v;
        try {
            v = Integer.parseInt(token);
        } catch (NumberFormatException e) {
            v = -1;
        }
        if (v < 0) {
            throw new InvalidOptionException(option, where + ": '" + token
                    + "' is not a parameter index (a non-negative integer)");
        }
        return v;
    }
}
