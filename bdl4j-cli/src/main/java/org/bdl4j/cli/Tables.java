package org.bdl4j.cli;

import java.util.List;
import java.util.Map;
import org.bdl4j.ModelSchema;
import org.bdl4j.data.DataSource;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.TargetMode;

/** Reads the rows a saved model is applied to, aligned to the model's columns and classes. */
final class Tables {
    private Tables() {}

    /** Rows to apply the model to: a built-in set's test part (toy data from seed + 1,000,003). */
    static Dataset forModel(String src, ModelSchema schema, TargetMode mode, long seed) {
        return DataSource.parse(src).loadForModel(DataSource.Role.TEST, seed, schema.table(), mode);
    }

    /** Training rows read for a fitted model (a built-in set's training part, toy data from {@code seed}). */
    static Dataset trainingRowsForModel(String src, ModelSchema schema, long seed) {
        return DataSource.parse(src).loadForModel(DataSource.Role.TRAIN, seed, schema.table(), TargetMode.REQUIRED);
    }

    /** A fixed-width text table of metric rows for the terminal: the {@link #columns} and their {@link #cell}s. */
    static String format(List<Map<String, Object>> rows) {
        if (rows.isEmpty()) {
            return "";
        }
        List<String> keys = columns(rows);
        int[] width = new int[keys.size()];
        String[][] cells = new String[rows.size()][keys.size()];
        for (int c = 0; c < keys.size(); c++) {
            width[c] = keys.get(c).length();
            for (int r = 0; r < rows.size(); r++) {
                cells[r][c] = cell(rows.get(r).get(keys.get(c)));
                width[c] = Math.max(width[c], cells[r][c].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < keys.size(); c++) {
            sb.append(String.format("%-" + (width[c] + 2) + "s", keys.get(c)));
        }
        sb.append('\n');
        for (String[] row : cells) {
            for (int c = 0; c < keys.size(); c++) {
                sb.append(String.format("%-" + (width[c] + 2) + "s", row[c]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * The columns of a table of rows: every key of every row, in the order first seen (a metric that
     * only some methods have, such as {@code ood_auroc_mi}, still gets its column).
     */
    static List<String> columns(List<Map<String, Object>> rows) {
        java.util.LinkedHashSet<String> keys = new java.util.LinkedHashSet<>();
        rows.forEach(r -> keys.addAll(r.keySet()));
        return List.copyOf(keys);
    }

    /** A cell: numbers with four decimals, "-" for a value the row does not have (absent or NaN). */
    static String cell(Object v) {
        if (v == null || (v instanceof Double d && d.isNaN())) {
            return "-";
        }
        return v instanceof Double d ? String.format(java.util.Locale.ROOT, "%.4f", d) : String.valueOf(v);
    }
}
