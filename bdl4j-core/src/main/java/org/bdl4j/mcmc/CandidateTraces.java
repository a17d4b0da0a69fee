package org.bdl4j.mcmc;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The kept draws of one candidate prior's chains in an {@link Hmc} run and their traces: the watched
 * weights, the log posterior and the predictions at the diagnostic inputs, per chain and draw, and the
 * number of accepted proposals.
 */
final class CandidateTraces implements Serializable {
    private static final long serialVersionUID = 1L;
    final ChainTraces weights;
    final ChainTraces logPosterior;
    ChainTraces functions;
    final List<List<float[]>> kept = new ArrayList<>();
    final int draws;
    long accepted;

    CandidateTraces(int watched, int chains, int draws) {
        this(new ChainTraces(watched, chains, draws), new ChainTraces(1, chains, draws), null, draws);
        for (int c = 0; c < chains; c++) {
            kept.add(new ArrayList<>());
        }
    }

    private CandidateTraces(ChainTraces weights, ChainTraces logPosterior, ChainTraces functions, int draws) {
        this.weights = weights;
        this.logPosterior = logPosterior;
        this.functions = functions;
        this.draws = draws;
    }

    void record(int c, int d, float[] theta, int[] watched, double logPost, double[] f) {
        kept.get(c).add(theta);
        for (int i = 0; i < watched.length; i++) {
            weights.record(c, d, i, theta[watched[i]]);
        }
        logPosterior.record(c, d, 0, logPost);
        functions = functions != null ? functions : new ChainTraces(f.length, kept.size(), draws);
        for (int i = 0; i < f.length; i++) {
            functions.record(c, d, i, f[i]);
        }
    }

    /** Candidate {@code i}'s traces of the shares, their chains one after the other. */
    static CandidateTraces joined(List<ChainShare> shares, int i) {
        List<CandidateTraces> parts = new ArrayList<>();
        shares.forEach(s -> parts.add(s.traces().get(i)));
        if (parts.size() == 1) {
            return parts.get(0);
        }
        CandidateTraces out = new CandidateTraces(ChainTraces.joined(parts.stream().map(t -> t.weights).toList()),
                ChainTraces.joined(parts.stream().map(t -> t.logPosterior).toList()),
                ChainTraces.joined(parts.stream().map(t -> t.functions).toList()), parts.get(0).draws);
        for (CandidateTraces t : parts) {
            out.kept.addAll(t.kept);
            out.accepted += t.accepted;
        }
        return out;
    }
}
