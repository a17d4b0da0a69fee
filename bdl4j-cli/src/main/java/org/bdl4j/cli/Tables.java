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

    static Dataset forModel(String src, ModelSchema schema, TargetMode mode, long seed) {
        return DataSource.parse(src).loadForModel(DataSource.Role.TEST, seed, schema.table(), mode);
    }

    /** A fixed-width text table of metric rows for the terminal. */
    static String format(List<Map<String, Object>> rows) {
        if (rows.isEmpty()) {
            return "";
        }
        List<String> keys = List.copyOf(rows.get(0).keySet());
        int[] width = new int[keys.size()];
        String[][] cells = new String[rows.size()][keys.size()];
        for (int c = 0; c < keys.size(); c++) {
            width[c] = keys.get(c).length();
            for (int r = 0; r < rows.size(); r++) {
                Object v = rows.get(r).get(keys.get(c));
                cells[r][c] = v instanceof Double d ? String.format(java.util.Locale.ROOT, "%.4f", d) : String.valueOf(v);
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
}
