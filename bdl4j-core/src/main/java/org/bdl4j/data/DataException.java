package org.bdl4j.data;

/**
 * Bad input data: a missing file or column, a cell that is not a finite number, an unknown label, a
 * corrupt IDX file, a wrong feature count.
 *
 * <p>The message is always one line that names the source (file or data-source name), and where it
 * applies the line or row, the column by name and the value found, for example
 * {@code train.csv: line 18, column 'age': not a number: 'abc'}. Values are quoted with
 * {@link #quote(String)} so that control characters cannot break the line. The command line prints
 * the message as it is.
 */
public final class DataException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private static final int MAX_QUOTED_LENGTH = 60;

    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@code source: line N, column 'name': problem}. */
    public static DataException atCell(String source, long line, String column, String problem) {
        return new DataException(source + ": line " + line + ", column " + quote(column) + ": " + problem);
    }

    /**
     * A value in single quotes, with line breaks, tabs and other control characters escaped and values
     * longer than 60 characters cut (ending in "..."), so that messages stay on one line.
     */
    public static String quote(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(Math.min(value.length(), MAX_QUOTED_LENGTH) + 5).append('\'');
        int n = Math.min(value.length(), MAX_QUOTED_LENGTH);
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (Character.isISOControl(c)) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        if (value.length() > MAX_QUOTED_LENGTH) {
            b.append("...");
        }
        return b.append('\'').toString();
    }
}
