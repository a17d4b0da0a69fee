package org.bdl4j.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.StringJoiner;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The records of a UTF-8 CSV file with a header line, one at a time, with the physical line number
 * where each record starts.
 *
 * <p>Format: RFC 4180 (double quotes, quoted cells may span lines) with the delimiter the header line
 * shows: a comma where it has one outside quotes, else a tab, else a semicolon (so tab- and
 * semicolon-separated files, as spreadsheets export them, read as they are); surrounding whitespace of
 * every cell is trimmed; a UTF-8 byte-order mark is skipped; blank lines (empty or whitespace only) are
 * skipped anywhere. The header is the first non-blank line. Every data record must have as many cells
 * as the header. Input that is not valid CSV raises a {@link DataException} naming the line; bytes that
 * are not UTF-8 are decoded to U+FFFD and reported (line and column) when the header or a cell holding
 * them is used, so unused columns of a file may hold anything.
 */
final class CsvRows implements AutoCloseable {
    private static final char[] DELIMITERS = {',', '\t', ';'};
    private static final int MAX_LISTED_COLUMNS = 20;
    private static final char REPLACEMENT = '\uFFFD';
    private static final String NOT_UTF8 = "not valid UTF-8 text (save the file as UTF-8)";

    private final String source;
    private final char delimiter;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final List<String> header;
    private CSVRecord current;
    private long line;

    private CsvRows(String source, char delimiter, CSVParser parser) {
        this.source = source;
        this.delimiter = delimiter;
        this.parser = parser;
        this.records = parser.iterator();
        CSVRecord first = nextNonBlank();
        if (first == null) {
            throw new DataException(source + ": empty file, expected a header line");
        }
        if (first.toList().stream().anyMatch(h -> h.indexOf(REPLACEMENT) >= 0)) {
            throw new DataException(source + ": line " + line + ": the header is " + NOT_UTF8);
        }
        this.header = Collections.unmodifiableList(new ArrayList<>(first.toList()));
    }

    /** Opens {@code file} and reads its header. */
    static CsvRows open(Path file) {
        String source = file.toString();
        if (Files.isDirectory(file)) {
            throw new DataException(source + ": is a directory, expected a CSV file");
        }
        if (!Files.isRegularFile(file)) {
            throw new DataException(source + ": no such file");
        }
        BufferedReader reader = null;
        try {
            char delimiter = delimiter(firstLine(file));
            reader = utf8(file);
            CSVFormat format = CSVFormat.RFC4180.builder().setDelimiter(delimiter).setTrim(true)
                    .setIgnoreSurroundingSpaces(true)
                    .setIgnoreEmptyLines(false) // blank lines are skipped here, so line numbers stay exact
                    .get();
            return new CsvRows(source, delimiter, format.parse(reader));
        } catch (IOException e) {
            closeQuietly(reader);
            throw new DataException(source + ": cannot read: " + oneLine(e), e);
        } catch (RuntimeException e) {
            closeQuietly(reader);
            throw e;
        }
    }

    /** A UTF-8 reader past the byte-order mark; malformed input becomes U+FFFD (checked per used cell). */
    private static BufferedReader utf8(Path file) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8), 1 << 16);
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
        return reader;
    }

    /** The first line that is not blank, or "" for an empty file. */
    private static String firstLine(Path file) throws IOException {
        try (BufferedReader r = utf8(file)) {
            for (String l; (l = r.readLine()) != null;) {
                if (!l.isBlank()) {
                    return l;
                }
            }
            return "";
        }
    }

    /** The first of comma, tab and semicolon that {@code header} holds outside double quotes; else a comma. */
    static char delimiter(String header) {
        for (char d : DELIMITERS) {
            boolean quoted = false;
            for (int i = 0; i < header.length(); i++) {
                char c = header.charAt(i);
                if (c == '"') {
                    quoted = !quoted;
                } else if (c == d && !quoted) {
                    return d;
                }
            }
        }
        return ',';
    }

    /** The file name as given, used as the prefix of every message. */
    String source() {
        return source;
    }

    /** The header cells, trimmed. */
    List<String> header() {
        return header;
    }

    /**
     * The index of the header column named {@code name}, or -1 when there is none.
     *
     * @throws DataException when the name appears more than once
     */
    int findColumn(String name) {
        int found = -1;
        for (int j = 0; j < header.size(); j++) {
            if (header.get(j).equals(name)) {
                if (found >= 0) {
                    throw new DataException(source + ": column " + DataException.quote(name)
                            + " appears more than once in the header (columns " + (found + 1) + " and "
                            + (j + 1) + ")");
                }
                found = j;
            }
        }
        return found;
    }

    /** Like {@link #findColumn} but a missing column is an error listing the columns. */
    int requireColumn(String name) {
        int j = findColumn(name);
        if (j < 0) {
            throw new DataException(source + ": no column named " + DataException.quote(name) + " (columns: "
                    + listColumns() + ")" + separatorHint());
        }
        return j;
    }

    /** The header names joined by ", " (the first 20, then a count). */
    String listColumns() {
        StringJoiner j = new StringJoiner(", ");
        int n = Math.min(header.size(), MAX_LISTED_COLUMNS);
        for (int i = 0; i < n; i++) {
            j.add(header.get(i));
        }
        if (header.size() > n) {
            j.add("... " + header.size() + " in all");
        }
        return j.toString();
    }

    /**
     * Advances to the next non-blank record.
     *
     * @return false at the end of the file
     * @throws DataException when the record's cell count differs from the header's
     */
    boolean next() {
        current = nextNonBlank();
        if (current == null) {
            return false;
        }
        if (current.size() != header.size()) {
            throw new DataException(source + ": line " + line + " has " + current.size() + " cells, the header has "
                    + header.size() + " (cells separated by " + name(delimiter) + ")");
        }
        return true;
    }

    /** The line number (1-based) where the current record starts. */
    long line() {
        return line;
    }

    /**
     * Cell {@code column} of the current record, trimmed.
     *
     * @throws DataException when the cell holds bytes that are not UTF-8
     */
    String cell(int column) {
        String c = current.get(column);
        if (c.indexOf(REPLACEMENT) >= 0) {
            throw DataException.atCell(source, line, header.get(column), NOT_UTF8);
        }
        return c;
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CSVRecord nextNonBlank() {
        while (true) {
            long before = parser.getCurrentLineNumber();
            CSVRecord r;
            try {
                if (!records.hasNext()) {
                    return null;
                }
                r = records.next();
            } catch (UncheckedIOException e) {
                throw readError(before + 1, e.getCause());
            }
            line = before + 1;
            if (!isBlank(r)) {
                return r;
            }
        }
    }

    private static boolean isBlank(CSVRecord r) {
        return r.size() == 0 || (r.size() == 1 && r.get(0).isEmpty());
    }

    private DataException readError(long atLine, IOException cause) {
        return new DataException(source + ": line " + atLine + ": malformed CSV: " + oneLine(cause), cause);
    }

    private String separatorHint() {
        if (header.size() == 1) {
            return "; the header has a single column: no comma, tab or semicolon separates its cells";
        }
        return "";
    }

    private static String name(char delimiter) {
        return delimiter == '\t' ? "tabs" : delimiter == ';' ? "';'" : "','";
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replace('\n', ' ').replace('\r', ' ');
    }

    private static void closeQuietly(BufferedReader reader) {
        if (reader != null) {
            try {
                reader.close();
            } catch (IOException ignored) {
                // the original error is the one reported
            }
        }
    }
}
