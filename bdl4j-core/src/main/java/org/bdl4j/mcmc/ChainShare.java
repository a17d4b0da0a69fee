package org.bdl4j.mcmc;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What one machine returns from an {@link Hmc} fit split by chains ({@link Hmc#runChains}): for chains
 * {@code first} to {@code first + count - 1}, under each candidate prior, the kept draws, their traces
 * and the adapted step sizes. Serializable, so that Spark tasks can each run some chains and the
 * driver join them ({@link Hmc#fit(org.bdl4j.train.MapPosterior, org.bdl4j.data.Dataset,
 * org.bdl4j.data.Dataset, List)}).
 */
public final class ChainShare implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int first;
    private final int count;
    private final List<String> priors;
    private final List<CandidateTraces> traces;
    private final List<double[]> stepSizes;

    ChainShare(int first, int count, List<String> priors, List<CandidateTraces> traces, List<double[]> stepSizes) {
        this.first = first;
        this.count = count;
        this.priors = List.copyOf(priors);
        this.traces = List.copyOf(traces);
        this.stepSizes = List.copyOf(stepSizes);
    }

    /** The first chain's index. */
    public int first() {
        return first;
    }

    /** The number of chains. */
    public int count() {
        return count;
    }

    List<CandidateTraces> traces() {
        return traces;
    }

    /**
     * The shares sorted by their first chain, checked to hold chains 0 to {@code chains - 1} once each,
     * run under {@code candidates}.
     */
    static List<ChainShare> inOrder(List<ChainShare> shares, int chains, List<GaussianWeightPrior> candidates) {
        List<ChainShare> out = new ArrayList<>(shares);
        out.sort(Comparator.comparingInt(ChainShare::first));
        List<String> names = candidates.stream().map(GaussianWeightPrior::describe).toList();
        int next = 0;
        for (ChainShare s : out) {
            if (s.first != next) {
                throw new IllegalArgumentException("the chain shares hold chains from " + s.first + " where chain "
                        + next + " was expected (" + chains + " chains in all)");
            }
            if (!s.priors.equals(names)) {
                throw new IllegalArgumentException("a chain share ran under the priors " + s.priors + ", expected "
                        + names);
            }
            next += s.count;
        }
        if (next != chains) {
            throw new IllegalArgumentException("the chain shares hold " + next + " chains, expected " + chains);
        }
        return out;
    }

    /** Candidate {@code i}'s adapted step sizes, chain by chain over the shares. */
    static double[] stepSizes(List<ChainShare> shares, int i) {
        int n = 0;
        for (ChainShare s : shares) {
            n += s.count;
        }
        double[] out = new double[n];
        int at = 0;
        for (ChainShare s : shares) {
            double[] eps = s.stepSizes.get(i);
            System.arraycopy(eps, 0, out, at, eps.length);
            at += eps.length;
        }
        return out;
    }
}
