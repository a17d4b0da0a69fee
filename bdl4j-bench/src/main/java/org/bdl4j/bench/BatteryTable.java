package org.bdl4j.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The battery's summary as markdown for a person: one row per method, then each method's worst cell and
 * its crashes (message and sets) and invalid predictives.
 */
final class BatteryTable {
    private BatteryTable() {}

    static void print(List<BatterySummary> summaries, PrintStream out) {
        out.println();
        out.println("| method | sets | crashes | invalid | NLL/MAP median | NLL/MAP worst | ΔNLL median | ΔNLL worst"
                + " | ECE median | ΔAUROC median | cov90 median | fit s (total) |");
        out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (BatterySummary s : summaries) {
            out.println("| " + s.method() + " | " + s.sets() + " | " + s.crashes() + " | " + s.invalid() + " | "
                    + number(s.nllRatio().median()) + " | " + number(s.nllRatio().worst()) + " | "
                    + signed(s.nllDiff().median()) + " | " + signed(s.nllDiff().worst()) + " | "
                    + number(s.medianEce()) + " | " + signed(s.medianAurocDiff()) + " | "
                    + number(s.medianCoverage()) + " | " + String.format(Locale.ROOT, "%.0f", s.fitSeconds()) + " |");
        }
        out.println();
        for (BatterySummary s : summaries) {
            if (s.nllRatio().worstSet() != null || s.nllDiff().worstSet() != null) {
                out.println("- " + s.method() + ": worst NLL/MAP " + number(s.nllRatio().worst()) + " on "
                        + s.nllRatio().worstSet() + "; worst ΔNLL " + signed(s.nllDiff().worst()) + " on "
                        + s.nllDiff().worstSet());
            }
            for (Map.Entry<String, List<String>> e : s.crashMessages().entrySet()) {
                out.println("- " + s.method() + " crashed on " + e.getValue().size() + " set(s) ("
                        + String.join(", ", e.getValue()) + "): " + e.getKey());
            }
            for (String cell : s.invalidCells()) {
                out.println("- " + s.method() + " invalid on " + cell);
            }
        }
        out.flush();
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String signed(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%+.3f", v);
    }
}
