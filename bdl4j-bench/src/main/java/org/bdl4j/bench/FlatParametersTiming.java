package org.bdl4j.bench;

import org.bdl4j.nn.Activation;
import org.bdl4j.nn.DropoutMode;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.NetworkSpec;

/**
 * Workload FLAT: reading and writing the W1 network's flat parameter vector θ (269,322 floats), as
 * every sampling method does per sample. Reports microseconds per call and per 100k floats (the
 * foundation issue's target: well under a millisecond per 100k), with a plain Java array copy of
 * the same length measured in the same run as the floor.
 */
final class FlatParametersTiming {
    private FlatParametersTiming() {}

    static void run() {
        NetworkSpec spec = W1MapTraining.spec();
        int reps = 2000;
        try (Network net = Network.create(spec, DropoutMode.STANDARD, 1)) {
            float[] theta = net.parameters();
            float[] copy = new float[theta.length];
            for (int i = 0; i < 200; i++) {
                net.setParameters(theta);
                net.parameters();
                System.arraycopy(theta, 0, copy, 0, theta.length);
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                net.setParameters(theta);
            }
            double set = (System.nanoTime() - t0) / 1e3 / reps;
            t0 = System.nanoTime();
            float[] into = new float[theta.length];
            for (int i = 0; i < reps; i++) {
                org.bdl4j.nn.FlatParameters.get(net.block(), into);
            }
            double get = (System.nanoTime() - t0) / 1e3 / reps;
            t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                System.arraycopy(theta, 0, copy, i % 2, theta.length - 1);
            }
            double arraycopy = (System.nanoTime() - t0) / 1e3 / reps;
            double per100k = 100_000.0 / theta.length;
            new JsonLine("FLAT", "flat-parameters", 1).setting("parameters", theta.length).setting("reps", reps)
                    .metric("set_us_per_100k", set * per100k).metric("get_us_per_100k", get * per100k)
                    .metric("java_arraycopy_us_per_100k", arraycopy * per100k)
                    .time("set_per_call", set / 1e6).time("get_per_call", get / 1e6).print();
        }
    }
}
