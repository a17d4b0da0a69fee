package org.bdl4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The file of {@code --subnetwork-mask}: the subnetwork's parameter indices as non-negative integers
 * separated by commas, spaces or newlines; text after {@code #} on a line is a comment.
 */
final class SubnetworkMaskFile {
    private SubnetworkMaskFile() {}

    static int[] read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            throw new CliException("--subnetwork-mask: no such file " + file);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new CliException("--subnetwork-mask: cannot read " + file + ": " + e.getMessage());
        }
        java.util.List<Integer> out = new java.util.ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            int hash = line.indexOf('#');
            String body = hash >= 0 ? line.substring(0, hash) : line;
            for (String token : body.split("[,\\s]+")) {
                if (token.isEmpty()) {
                    continue;
                }
                int v;
                try {
                    v = Integer.parseInt(token);
                } catch (NumberFormatException e) {
                    v = -1;
                }
                if (v < 0) {
                    throw new CliException("--subnetwork-mask " + file + ": line " + (n + 1) + ": '" + token
                            + "' is not a parameter index (a non-negative integer)");
                }
                out.add(v);
            }
        }
        if (out.isEmpty()) {
            throw new CliException("--subnetwork-mask " + file + ": lists no parameter index");
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
