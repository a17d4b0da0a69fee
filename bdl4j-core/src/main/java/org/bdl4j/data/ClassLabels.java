package org.bdl4j.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * Class labels and their indices.
 *
 * <p>Ordering ({@link #order}): when every label is a finite number, classes are ordered by numeric
 * value, spellings of one value are one class ({@code "1.0"} and {@code "1"}), and a class is named as
 * the file first spells it ({@code 0.0, 1.0, 2.0} stay {@code "0.0"}, {@code "1.0"}, {@code "2.0"}, so
 * that predictions name the labels as the user wrote them); otherwise classes are ordered by
 * {@link String#compareTo} on the raw labels (UTF-16 code-unit order).
 *
 * <p>Lookup ({@link #indexOf}) against the class names of a fitted model: an exact match first; then,
 * for a cell that is a finite number, the class whose name has the same numeric value.
 */
final class ClassLabels {
    private static final int MAX_LISTED = 20;

    private final List<String> names;
    private final Map<String, Integer> byName = new HashMap<>();
    private final Map<Double, Integer> byValue = new HashMap<>();

    /** A lookup over known class names (index = position). */
    ClassLabels(List<String> names) {
        this.names = List.copyOf(names);
        for (int i = 0; i < names.size(); i++) {
            byName.putIfAbsent(names.get(i), i);
            Double v = NumberCells.parse(names.get(i));
            if (v != null && Double.isFinite(v)) {
                byValue.putIfAbsent(normalise(v), i);
            }
        }
    }

    /** The class index of {@code label}, or -1 when it is not a known class. */
    int indexOf(String label) {
        Integer i = byName.get(label);
        if (i == null) {
            Double v = NumberCells.parse(label);
            if (v != null && Double.isFinite(v)) {
                i = byValue.get(normalise(v));
            }
        }
        return i == null ? -1 : i;
    }

    /** The message for a label not among the known classes: {@code label 'dog' was not seen at fit time (known: ...)}. */
    String unknown(String label) {
        StringJoiner j = new StringJoiner(", ");
        int n = Math.min(names.size(), MAX_LISTED);
        for (int i = 0; i < n; i++) {
            j.add(names.get(i));
        }
        if (names.size() > n) {
            j.add("... " + names.size() + " in all");
        }
        return "label " + DataException.quote(label) + " was not seen at fit time (known: " + j + ")";
    }

    /**
     * Class names and a re-indexing for labels observed in a file.
     *
     * @param names the class names in class order
     * @param remap {@code remap[k]} is the class index of {@code observed.get(k)}
     */
    record Encoding(List<String> names, int[] remap) {
    }

    /** Orders the distinct labels {@code observed} (see the class comment). */
    static Encoding order(List<String> observed) {
        double[] values = new double[observed.size()];
        boolean numeric = true;
        for (int k = 0; k < values.length && numeric; k++) {
            Double v = NumberCells.parse(observed.get(k));
            numeric = v != null && Double.isFinite(v);
            values[k] = numeric ? normalise(v) : 0;
        }
        return numeric ? numericOrder(observed, values) : textOrder(observed);
    }

    /** @param observed the distinct labels in the order the file first shows them */
    private static Encoding numericOrder(List<String> observed, double[] values) {
        TreeMap<Double, Integer> classOf = new TreeMap<>();
        Map<Double, String> firstSpelling = new HashMap<>();
        for (int k = 0; k < values.length; k++) {
            classOf.put(values[k], 0);
            firstSpelling.putIfAbsent(values[k], observed.get(k).trim());
        }
        List<String> names = new ArrayList<>(classOf.size());
        for (Map.Entry<Double, Integer> e : classOf.entrySet()) {
            e.setValue(names.size());
            names.add(firstSpelling.get(e.getKey()));
        }
        int[] remap = new int[values.length];
        for (int k = 0; k < values.length; k++) {
            remap[k] = classOf.get(values[k]);
        }
        return new Encoding(names, remap);
    }

    private static Encoding textOrder(List<String> observed) {
        String[] sorted = observed.toArray(new String[0]);
        Arrays.sort(sorted);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < sorted.length; i++) {
            index.put(sorted[i], i);
        }
        int[] remap = new int[observed.size()];
        for (int k = 0; k < remap.length; k++) {
            remap[k] = index.get(observed.get(k));
        }
        return new Encoding(List.of(sorted), remap);
    }

    private static double normalise(double v) {
        return v == 0.0 ? 0.0 : v; // -0.0 and 0.0 are one class
    }
}
