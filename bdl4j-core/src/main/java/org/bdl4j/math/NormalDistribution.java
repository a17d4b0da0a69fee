package org.bdl4j.math;

/**
 * The standard normal distribution N(0, 1) in double precision: {@link #pdf}, {@link #cdf},
 * {@link #quantile}, and the error functions {@link #erf} and {@link #erfc} they rest on.
 *
 * <p>The error functions use W. J. Cody's rational Chebyshev approximations (W. J. Cody, "Rational
 * Chebyshev approximations for the error function", Mathematics of Computation 23 (1969) 631-637;
 * the coefficients of the SPECFUN routine CALERF) on the three intervals |x| &lt;= 0.46875,
 * 0.46875 &lt; |x| &lt;= 4 and |x| &gt; 4, about 1e-16 relative error. In the tails the factor
 * exp(-t^2) is evaluated as exp(-s^2) exp(-(t - s)(t + s)) with s = floor(16 t) / 16, as in CALERF,
 * so that the rounding of t^2 does not cost relative accuracy; {@link #cdf} applies the same split to
 * x^2 / 2 directly (no rounding of x / sqrt(2) enters the exponent), which keeps the relative error of
 * Phi(x) near 1e-15 down to x = -37.
 *
 * <p>{@link #quantile} starts from P. J. Acklam's rational approximation of the inverse normal CDF
 * (relative error 1.15e-9) and refines it with one step of Halley's method,
 * x &lt;- x - u / (1 + x u / 2) with u = (Phi(x) - p) / phi(x), which brings it to about 1e-15.
 */
public final class NormalDistribution {
    private static final double INV_SQRT_2PI = 0.398942280401432677939946059934;
    private static final double INV_SQRT_PI = 0.564189583547756286948079451561;
    private static final double INV_SQRT_2 = 0.707106781186547524400844362105;
    /** Cody's boundary between the erf and the erfc approximations. */
    private static final double THRESH = 0.46875;

    // Cody (1969), CALERF: erf on [0, 0.46875]
    private static final double[] A = {3.16112374387056560e00, 1.13864154151050156e02,
        3.77485237685302021e02, 3.20937758913846947e03, 1.85777706184603153e-1};
    private static final double[] B = {2.36012909523441209e01, 2.44024637934444173e02,
        1.28261652607737228e03, 2.84423683343917062e03};
    // erfc(y) exp(y^2) on (0.46875, 4]
    private static final double[] C = {5.64188496988670089e-1, 8.88314979438837594e00,
        6.61191906371416295e01, 2.98635138197400131e02, 8.81952221241769090e02,
        1.71204761263407058e03, 2.05107837782607147e03, 1.23033935479799725e03,
        2.15311535474403846e-8};
    private static final double[] D = {1.57449261107098347e01, 1.17693950891312499e02,
        5.37181101862009858e02, 1.62138957456669019e03, 3.29079923573345963e03,
        4.36261909014324716e03, 3.43936767414372164e03, 1.23033935480374942e03};
    // erfc(y) exp(y^2) on (4, infinity)
    private static final double[] P = {3.05326634961232344e-1, 3.60344899949804439e-1,
        1.25781726111229246e-1, 1.60837851487422766e-2, 6.58749161529837803e-4,
        1.63153871373020978e-2};
    private static final double[] Q = {2.56852019228982242e00, 1.87295284992346047e00,
        5.27905102951428412e-1, 6.05183413124413191e-2, 2.33520497626869185e-3};

    // Acklam's inverse normal CDF: central region and lower tail
    private static final double[] ACKLAM_A = {-3.969683028665376e+01, 2.209460984245205e+02,
        -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
    private static final double[] ACKLAM_B = {-5.447609879822406e+01, 1.615858368580409e+02,
        -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01};
    private static final double[] ACKLAM_C = {-7.784894002430293e-03, -3.223964580411365e-01,
        -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
    private static final double[] ACKLAM_D = {7.784695709041462e-03, 3.224671290700398e-01,
        2.445134137142996e+00, 3.754408661907416e+00};
    private static final double ACKLAM_P_LOW = 0.02425;

    private NormalDistribution() {
    }

    /** The density phi(x) = exp(-x^2 / 2) / sqrt(2 pi). */
    public static double pdf(double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        return INV_SQRT_2PI * expMinusScaledSquare(Math.abs(x), 0.5);
    }

    /** The distribution function Phi(x) = P(Z &lt;= x) = erfc(-x / sqrt(2)) / 2. */
    public static double cdf(double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        double t = Math.abs(x) * INV_SQRT_2;
        if (t <= THRESH) {
            return 0.5 + 0.5 * erfSmall(x * INV_SQRT_2);
        }
        // erfc(|x| / sqrt 2) with exp(-x^2 / 2) evaluated on x itself
        double upperTail = 0.5 * expMinusScaledSquare(Math.abs(x), 0.5) * erfcScaled(t);
        return x < 0 ? upperTail : 1 - upperTail;
    }

    /**
     * The quantile function Phi^-1(p): Acklam's approximation refined by one Halley step. For
     * p &gt; 1/2 it returns -Phi^-1(1 - p) (1 - p is exact there), so both tails have full
     * relative accuracy.
     *
     * @return -infinity for p = 0, +infinity for p = 1
     * @throws IllegalArgumentException if p is NaN or outside [0, 1]
     */
    public static double quantile(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("p must be in [0, 1], found " + p);
        }
        if (p > 0.5) {
            return -lowerQuantile(1 - p);
        }
        return lowerQuantile(p);
    }

    /** The error function erf(x) = 2 / sqrt(pi) * integral_0^x exp(-t^2) dt (Cody 1969). */
    public static double erf(double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        double y = Math.abs(x);
        if (y <= THRESH) {
            return erfSmall(x);
        }
        double r = (0.5 - erfcPositive(y)) + 0.5;
        return x < 0 ? -r : r;
    }

    /** The complementary error function erfc(x) = 1 - erf(x), accurate in the upper tail (Cody 1969). */
    public static double erfc(double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        double y = Math.abs(x);
        if (y <= THRESH) {
            return 1 - erfSmall(x);
        }
        double r = erfcPositive(y);
        return x < 0 ? 2 - r : r;
    }

    /** Phi^-1(p) for p in [0, 1/2]. */
    private static double lowerQuantile(double p) {
        if (p == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        double x;
        if (p < ACKLAM_P_LOW) {
            double q = Math.sqrt(-2 * Math.log(p));
            x = (((((ACKLAM_C[0] * q + ACKLAM_C[1]) * q + ACKLAM_C[2]) * q + ACKLAM_C[3]) * q
                    + ACKLAM_C[4]) * q + ACKLAM_C[5])
                    / ((((ACKLAM_D[0] * q + ACKLAM_D[1]) * q + ACKLAM_D[2]) * q + ACKLAM_D[3]) * q + 1);
        } else {
            double q = p - 0.5;
            double r = q * q;
            x = (((((ACKLAM_A[0] * r + ACKLAM_A[1]) * r + ACKLAM_A[2]) * r + ACKLAM_A[3]) * r
                    + ACKLAM_A[4]) * r + ACKLAM_A[5]) * q
                    / (((((ACKLAM_B[0] * r + ACKLAM_B[1]) * r + ACKLAM_B[2]) * r + ACKLAM_B[3]) * r
                    + ACKLAM_B[4]) * r + 1);
        }
        // Halley step. Near the centre, Phi(x) - p is formed as erf(x / sqrt 2) / 2 - (p - 1/2)
        // (p - 1/2 is exact for p in [1/4, 1/2]) so that small quantiles keep their relative accuracy.
        double residual = p >= 0.25
                ? 0.5 * erf(x * INV_SQRT_2) - (p - 0.5)
                : cdf(x) - p;
        double density = pdf(x);
        if (density == 0) {
            return x; // p is subnormal: no better than Acklam's value is representable anyway
        }
        double u = residual / density;
        return x - u / (1 + x * u / 2);
    }

    /** erf(x) for |x| &lt;= 0.46875. */
    private static double erfSmall(double x) {
        double ysq = x * x;
        double num = A[4] * ysq;
        double den = ysq;
        for (int i = 0; i < 3; i++) {
            num = (num + A[i]) * ysq;
            den = (den + B[i]) * ysq;
        }
        return x * (num + A[3]) / (den + B[3]);
    }

    /** erfc(y) for y &gt; 0.46875. */
    private static double erfcPositive(double y) {
        return expMinusScaledSquare(y, 1) * erfcScaled(y);
    }

    /** erfc(y) exp(y^2) for y &gt; 0.46875 (Cody's second and third intervals). */
    private static double erfcScaled(double y) {
        if (y <= 4) {
            double num = C[8] * y;
            double den = y;
            for (int i = 0; i < 7; i++) {
                num = (num + C[i]) * y;
                den = (den + D[i]) * y;
            }
            return (num + C[7]) / (den + D[7]);
        }
        double ysq = 1 / (y * y);
        double num = P[5] * ysq;
        double den = ysq;
        for (int i = 0; i < 4; i++) {
            num = (num + P[i]) * ysq;
            den = (den + Q[i]) * ysq;
        }
        double r = ysq * (num + P[4]) / (den + Q[4]);
        return (INV_SQRT_PI - r) / y;
    }

    /**
     * exp(-c t^2) for t &gt;= 0 and c in {1/2, 1}, as exp(-c s^2) exp(-c (t - s)(t + s)) with
     * s = floor(16 t) / 16: c s^2 is exact, so no rounding of t^2 is amplified by the exponential.
     */
    private static double expMinusScaledSquare(double t, double c) {
        if (t == Double.POSITIVE_INFINITY) {
            return 0;
        }
        double s = Math.floor(16 * t) / 16;
        double del = (t - s) * (t + s);
        return Math.exp(-c * s * s) * Math.exp(-c * del);
    }
}
