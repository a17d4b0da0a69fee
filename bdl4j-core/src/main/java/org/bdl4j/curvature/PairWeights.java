package org.bdl4j.curvature;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-row weights w_b,oo' = (G_b)_oo' of the output curvature G_b of one Linear layer's batch,
 * for the block pairs (o, o') of its full curvature Σ_b G_b ⊗ ã_b ã_bᵀ, whose block (o, o') is
 * Ãᵀ diag(w_oo') Ã. G_b is diag(d_b) - u_b u_bᵀ for the tapped output Hessians (the softmax GGN:
 * d = u = p; the Gaussian GGN: d = 1/σ², no u), or Σ_k g_bk g_bkᵀ for back-propagated or
 * empirical-Fisher taps. Only the weights of the pairs asked for are formed, so that many outputs
 * never need the [B, C, C] array.
 */
final class PairWeights {
    /** The pairs (o, o') with o' in [from, to) of block row o. */
    record Segment(int o, int from, int to) {
        int pairs() {
            return to - from;
        }
    }

    private final NDArray d; // [B, C], or [B, 1] for every output; null for gradient taps
    private final NDArray u; // [B, C] or null
    private final NDArray g; // [K, B, C] gradient taps, else null

    private PairWeights(NDArray d, NDArray u, NDArray g) {
        this.d = d;
        this.u = u;
        this.g = g;
    }

    /** The weights of a tap, in {@code type}. */
    static PairWeights of(LayerTaps.Tap t, DataType type) {
        if (t.hessian() == null) {
            return new PairWeights(null, null, t.grads().toType(type, false));
        }
        NDArray u = t.hessian().rankOneFactor();
        return new PairWeights(t.hessian().diagonalPart().toType(type, false),
                u == null ? null : u.toType(type, false), null);
    }

    /** The weights of rows from..to-1 of the batch (views). */
    PairWeights rows(long from, long to) {
        String r = from + ":" + to;
        return g != null ? new PairWeights(null, null, g.get(":, " + r))
                : new PairWeights(d.get(r), u == null ? null : u.get(r), null);
    }

    /** w_b,oo' for the pairs of the segments, concatenated: [B, Σ pairs]. */
    NDArray of(List<Segment> segments) {
        NDList parts = new NDList();
        for (Segment s : segments) {
            parts.add(segment(s));
        }
        return parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 1);
    }

    private NDArray segment(Segment s) {
        String cols = s.from() + ":" + s.to();
        String own = s.o() + ":" + (s.o() + 1);
        if (g != null) {
            return g.get(":, :, " + own).mul(g.get(":, :, " + cols)).sum(new int[] {0});
        }
        NDArray w = u != null ? u.get(":, " + own).mul(u.get(":, " + cols)).neg()
                : d.get(":, 0:1").zerosLike().repeat(1, s.pairs()); // the Gaussian GGN: diagonal only
        if (s.from() != s.o()) {
            return w;
        }
        long column = Math.min(s.o(), d.getShape().get(1) - 1); // the Gaussian's one 1/σ² serves every output
        NDArray first = w.get(":, 0:1").add(d.get(":, " + column + ":" + (column + 1)));
        return s.pairs() == 1 ? first : NDArrays.concat(new NDList(first, w.get(":, 1:")), 1);
    }

    /**
     * The pairs (o, o' ≥ o) of {@code out} outputs in row-major order, cut into groups of at most
     * {@code maxPairs} pairs, each group a list of segments of consecutive pairs.
     */
    static List<List<Segment>> groups(int out, int maxPairs) {
        List<List<Segment>> groups = new ArrayList<>();
        List<Segment> group = new ArrayList<>();
        int room = maxPairs;
        for (int o = 0; o < out; o++) {
            int from = o;
            while (from < out) {
                int to = Math.min(out, from + room);
                group.add(new Segment(o, from, to));
                room -= to - from;
                from = to;
                if (room == 0) {
                    groups.add(group);
                    group = new ArrayList<>();
                    room = maxPairs;
                }
            }
        }
        if (!group.isEmpty()) {
            groups.add(group);
        }
        return groups;
    }
}
