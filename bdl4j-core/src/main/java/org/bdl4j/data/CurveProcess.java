package org.bdl4j.data;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

/**
 * 1-D regression y = f(x) + s(x) ε, ε ~ N(0, 1). Training row i has x uniform on the
 * (i mod k)-th of the k training intervals; test rows have x uniform on the test range, which also
 * covers the gap between the training intervals, if any.
 */
final class CurveProcess implements RowProcess {
    private final DoubleUnaryOperator mean;
    private final DoubleUnaryOperator noiseStd;
    private final List<ToyData.Interval> support;
    private final ToyData.Interval testRange;
    private final ToyData.Interval gap;

    /**
     * @param gap the interval without training rows, or null
     */
    CurveProcess(DoubleUnaryOperator mean, DoubleUnaryOperator noiseStd, List<ToyData.Interval> support,
            ToyData.Interval testRange, ToyData.Interval gap) {
        this.mean = mean;
        this.noiseStd = noiseStd;
        this.support = List.copyOf(support);
        this.testRange = testRange;
        this.gap = gap;
    }

    /** Training and test x both uniform on {@code range}. */
    static CurveProcess on(ToyData.Interval range, DoubleUnaryOperator mean, DoubleUnaryOperator noiseStd) {
        return new CurveProcess(mean, noiseStd, List.of(range), range, null);
    }

    @Override
    public Dataset train(int n, SplittableRandom rng) {
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            draw(support.get(i % support.size()), rng, x, y, i);
        }
        return ToyData.regression(x, 1, y);
    }

    @Override
    public Dataset test(int n, SplittableRandom rng) {
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            draw(testRange, rng, x, y, i);
        }
        return ToyData.regression(x, 1, y);
    }

    @Override
    public ToyData.Interval gap() {
        return gap;
    }

    private void draw(ToyData.Interval range, SplittableRandom rng, float[] x, float[] y, int i) {
        double xi = range.low() + range.width() * rng.nextDouble();
        x[i] = (float) xi;
        y[i] = (float) (mean.applyAsDouble(xi) + noiseStd.applyAsDouble(xi) * rng.nextGaussian());
    }
}
