package org.bdl4j.math;

/**
 * Conversions between float32 and float64 arrays, element by element: widening d_i = (double) f_i
 * is exact; narrowing f_i = (float) d_i rounds to the nearest float (ties to even), as Java's cast.
 */
public final class Floats {
    private Floats() {}

    /** d_i = f_i, exactly. */
    public static double[] toDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /** f_i = (float) d_i, rounded to nearest. */
    public static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    /** Rounds every d_i to its nearest float value in place, (double) (float) d_i, and returns d. */
    public static double[] roundToFloat(double[] d) {
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) d[i];
        }
        return d;
    }
}
