package org.bdl4j.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.bdl4j.RegressionPredictive;
import org.bdl4j.math.NormalDistribution;
import org.junit.jupiter.api.Test;

class QuantileRecalibratorTest {

    /**
     * A mis-specified Gaussian: the model says N(μ, σ²) but y = μ + 2.5 σ (E - 1) with E ~ Exp(1),
     * a right-skewed noise 2.5 times wider than stated. Its nominal 90% interval covers only
     * P(0.342 &lt;= E &lt;= 1.658) = e^-0.342 - e^-1.658 = 0.52.
     */
    record Rows(RegressionPredictive predictive, double[] y) {}

    static Rows skewed(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] mu = new double[n];
        double[] var = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            mu[i] = 4 * r.nextDouble() - 2;
            double sd = 0.5 + r.nextDouble();
            var[i] = sd * sd;
            y[i] = mu[i] + 2.5 * sd * (-Math.log(1 - r.nextDouble()) - 1);
        }
        return new Rows(new RegressionPredictive(mu, var, new double[n]), y);
    }

    static double fractionBelow(double[] y, double[] bound) {
        int k = 0;
        for (int i = 0; i < y.length; i++) {
            k += y[i] <= bound[i] ? 1 : 0;
        }
        return (double) k / y.length;
    }

    @Test
    void recalibratedQuantilesHoldTheirLevelsOnHeldOutData() {
        Rows cal = skewed(2000, 1);
        Rows test = skewed(20000, 2);
        QuantileRecalibrator r = QuantileRecalibrator.fit(cal.predictive(), cal.y());
        RegressionPredictive after = r.apply(test.predictive());

        RegressionPredictive.Interval before90 = test.predictive().interval(0.9);
        double coverBefore = fractionBelow(test.y(), before90.upper()) - fractionBelow(test.y(), before90.lower());
        assertThat(coverBefore).isCloseTo(0.52, within(0.02));

        RegressionPredictive.Interval after90 = after.interval(0.9);
        double coverAfter = fractionBelow(test.y(), after90.upper()) - fractionBelow(test.y(), after90.lower());
        // Monte Carlo margin: 3 binomial standard errors of the calibration and the test fractions
        double margin = 3 * Math.sqrt(0.09 * (1.0 / 2000 + 1.0 / 20000));
        assertThat(coverAfter).isCloseTo(0.9, within(margin));
        for (double q : new double[] {0.05, 0.25, 0.5, 0.75, 0.95}) {
            double m = 3 * Math.sqrt(q * (1 - q) * (1.0 / 2000 + 1.0 / 20000));
            assertThat(fractionBelow(test.y(), after.quantile(q))).as("level %s", q).isCloseTo(q, within(m));
        }
        // before, the one-sided levels were far off (the median of y is below the mean)
        assertThat(fractionBelow(test.y(), test.predictive().quantile(0.5))).isGreaterThan(0.6);
    }

    @Test
    void theMapIsTheEmpiricalCdfOfThePitValuesAndItsInverseIsExact() {
        Rows cal = skewed(300, 3);
        QuantileRecalibrator r = QuantileRecalibrator.fit(cal.predictive(), cal.y());
        double[] mu = cal.predictive().mean();
        double[] sd = cal.predictive().std();
        double[] pit = new double[mu.length];
        for (int i = 0; i < pit.length; i++) {
            pit[i] = NormalDistribution.cdf((cal.y()[i] - mu[i]) / sd[i]);
        }
        for (double p : pit) {
            long atMost = Arrays.stream(pit).filter(v -> v <= p).count(); // ties (PIT = 1.0 far in the tail) count together
            assertThat(r.calibratedLevel(p)).isCloseTo(atMost / 300.0, within(1e-12));
        }
        // levels inside the range of the PIT values (about 1.4% of these PITs round to 1.0: z > 8.3)
        for (double q : new double[] {1e-6, 0.01, 0.1, 0.37, 0.5, 0.9, 0.95}) {
            assertThat(r.calibratedLevel(r.baseLevel(q))).as("R(R^-1(%s))", q).isCloseTo(q, within(1e-12));
            assertThat(r.baseLevel(q)).isStrictlyBetween(0.0, 1.0);
        }
        RegressionPredictive after = r.apply(cal.predictive());
        double z = NormalDistribution.quantile(r.baseLevel(0.8));
        for (int i = 0; i < 5; i++) {
            assertThat(after.quantile(0.8)[i]).isCloseTo(mu[i] + z * sd[i], within(1e-12));
        }
        assertThat(Calibrator.fromJson(r.toJson())).isEqualTo(r);
    }

    @Test
    void invalidMapsAndRecalibratedBasesAreRejected() {
        assertThatThrownBy(() -> new QuantileRecalibrator(new double[] {0, 0.5, 0.4}, new double[] {0, 0.5, 1}))
                .hasMessage("pit values must increase strictly within [0, 1], found 0.4 at index 2");
        assertThatThrownBy(() -> new QuantileRecalibrator(new double[] {0, 1}, new double[] {0, 0.9}))
                .hasMessage("the last level must be 1, found 0.9");
        Rows cal = skewed(50, 4);
        QuantileRecalibrator r = QuantileRecalibrator.fit(cal.predictive(), cal.y());
        RegressionPredictive once = r.apply(cal.predictive());
        assertThatThrownBy(() -> r.apply(once))
                .hasMessage("quantile recalibration needs a Gaussian predictive, found a recalibrated one");
    }
}
