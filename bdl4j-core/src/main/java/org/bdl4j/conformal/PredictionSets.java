package org.bdl4j.conformal;

import java.util.ArrayList;
import java.util.List;

/** Conformal prediction sets: for each of n inputs, which of the C classes are in its set. */
public final class PredictionSets {
    private final boolean[][] member;
    private final List<String> classNames;

    PredictionSets(boolean[][] member, List<String> classNames) {
        this.member = member;
        this.classNames = List.copyOf(classNames);
    }

    public int rows() {
        return member.length;
    }

    public int numClasses() {
        return classNames.size();
    }

    /** The class names in index order (the predictive's, or "0".."C-1" for plain arrays). */
    public List<String> classNames() {
        return classNames;
    }

    /** Whether class {@code label} is in the set of row {@code row}. */
    public boolean contains(int row, int label) {
        return member[row][label];
    }

    /** |C(x_row)|. */
    public int size(int row) {
        int s = 0;
        for (boolean b : member[row]) {
            s += b ? 1 : 0;
        }
        return s;
    }

    /** The set sizes of all rows. */
    public int[] sizes() {
        int[] out = new int[member.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = size(i);
        }
        return out;
    }

    /** The class indices in the set of {@code row}, increasing. */
    public int[] labels(int row) {
        int[] out = new int[size(row)];
        int j = 0;
        for (int k = 0; k < member[row].length; k++) {
            if (member[row][k]) {
                out[j++] = k;
            }
        }
        return out;
    }

    /** The class names in the set of {@code row}, in class order. */
    public List<String> names(int row) {
        List<String> out = new ArrayList<>();
        for (int k : labels(row)) {
            out.add(classNames.get(k));
        }
        return out;
    }

    /** (1/n) Σ_i |C(x_i)|. */
    public double meanSize() {
        long s = 0;
        for (int i = 0; i < member.length; i++) {
            s += size(i);
        }
        return (double) s / member.length;
    }

    static List<String> defaultNames(int c) {
        List<String> names = new ArrayList<>(c);
        for (int k = 0; k < c; k++) {
            names.add(Integer.toString(k));
        }
        return names;
    }
}
