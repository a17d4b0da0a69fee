package org.bdl4j.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A block's parameters as one flat float vector θ, in the fixed order of
 * {@code block.getParameters()} (each array row-major). This is the order of every curvature
 * matrix, posterior covariance and sample in bdl4j.
 *
 * <p>On the CPU the values are read and written through a direct view of each tensor's memory
 * (no intermediate copies, no new arrays), so loading a few hundred thousand floats costs a memcpy.
 */
public final class FlatParameters {
    private FlatParameters() {}

    /** The parameter arrays of an initialised block, in flat-vector order. */
    public static List<NDArray> arrays(Block block) {
        List<NDArray> out = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            out.add(p.getValue().getArray());
        }
        return out;
    }

    /** The names of the parameters, in flat-vector order. */
    public static List<String> names(Block block) {
        List<String> out = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            out.add(p.getKey());
        }
        return out;
    }

    /** The length of θ. */
    public static int count(Block block) {
        long n = 0;
        for (NDArray a : arrays(block)) {
            n += a.size();
        }
        return Math.toIntExact(n);
    }

    /** A copy of θ. */
    public static float[] get(Block block) {
        float[] flat = new float[count(block)];
        get(block, flat);
        return flat;
    }

    /** Copies θ into {@code flat}, which must have length {@link #count}. */
    public static void get(Block block, float[] flat) {
        List<NDArray> arrays = arrays(block);
        checkLength(arrays, flat);
        int offset = 0;
        for (NDArray a : arrays) {
            int n = Math.toIntExact(a.size());
            view(a).get(flat, offset, n);
            offset += n;
        }
    }

    /** Writes θ into the block's parameters in place. */
    public static void set(Block block, float[] flat) {
        List<NDArray> arrays = arrays(block);
        checkLength(arrays, flat);
        int offset = 0;
        for (NDArray a : arrays) {
            int n = Math.toIntExact(a.size());
            write(a, flat, offset, n);
            offset += n;
        }
    }

    /**
     * Writes {@code values[offset..offset+n)} into the n elements of {@code a} in place. On the CPU
     * through the array's memory: DJL's {@code NDArray.set(Buffer)} runs under libtorch's deprecated
     * {@code AutoNonVariableTypeMode}, which prints a warning on the user's stderr.
     */
    public static void write(NDArray a, float[] values, int offset, int n) {
        if (isCpu(a)) {
            view(a).put(values, offset, n);
        } else {
            a.set(FloatBuffer.wrap(values, offset, n));
        }
    }

    private static FloatBuffer view(NDArray a) {
        ByteBuffer bytes = a.toByteBuffer(true);
        return bytes.order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private static boolean isCpu(NDArray a) {
        return a.getDevice().getDeviceType().equals(Device.Type.CPU);
    }

    private static void checkLength(List<NDArray> arrays, float[] flat) {
        long n = 0;
        for (NDArray a : arrays) {
            n += a.size();
        }
        if (n != flat.length) {
            throw new IllegalArgumentException("the network has " + n + " parameters, the vector has " + flat.length);
        }
    }
}
