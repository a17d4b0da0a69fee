package org.bdl4j.metrics;

import java.util.Arrays;

/**
 * Scored samples, each flagged or not, grouped by equal score and ordered by descending score: group
 * g holds {@code flagged[g]} flagged and {@code unflagged[g]} unflagged samples sharing one score.
 * Ranking and selective metrics walk these groups, so equal scores always enter together.
 * Built in O(n log n) by sorting the two classes' scores separately and merging them.
 */
final class TieGroups {
    final int[] flagged;
    final int[] unflagged;
    final int groups;
    final int totalFlagged;
    final int totalUnflagged;

    private TieGroups(int[] flagged, int[] unflagged, int groups, int totalFlagged, int totalUnflagged) {
        this.flagged = flagged;
        this.unflagged = unflagged;
        this.groups = groups;
        this.totalFlagged = totalFlagged;
        this.totalUnflagged = totalUnflagged;
    }

    /** Groups {@code scores} (no NaN; -0.0 counts as 0.0) by value, highest first. */
    static TieGroups descending(double[] scores, boolean[] flags) {
        int nFlagged = 0;
        for (boolean f : flags) {
            nFlagged += f ? 1 : 0;
        }
        double[] yes = new double[nFlagged];
        double[] no = new double[scores.length - nFlagged];
        int a = 0;
        int b = 0;
        for (int i = 0; i < scores.length; i++) {
            double s = scores[i] + 0.0; // -0.0 + 0.0 = 0.0
            if (flags[i]) {
                yes[a++] = s;
            } else {
                no[b++] = s;
            }
        }
        Arrays.sort(yes);
        Arrays.sort(no);
        int[] groupYes = new int[scores.length];
        int[] groupNo = new int[scores.length];
        int g = 0;
        int i = yes.length - 1;
        int j = no.length - 1;
        while (i >= 0 || j >= 0) {
            double top = i < 0 ? no[j] : j < 0 ? yes[i] : Math.max(yes[i], no[j]);
            while (i >= 0 && yes[i] == top) {
                groupYes[g]++;
                i--;
            }
            while (j >= 0 && no[j] == top) {
                groupNo[g]++;
                j--;
            }
            g++;
        }
        return new TieGroups(groupYes, groupNo, g, yes.length, no.length);
    }
}
