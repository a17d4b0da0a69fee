package org.bdl4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;

/**
 * A gradient collector that records on the calling thread only, so that several threads can train at
 * once (ensemble members, sampler chains, each with its own parameters and manager).
 *
 * <p>libtorch's gradient mode and autograd graphs are per thread; DJL's {@code PtGradientCollector} adds
 * a process-wide flag that refuses a second collector while one is open, which would serialise every
 * training loop of the JVM. This collector switches gradient mode on for its thread, runs
 * {@code backward} through libtorch (d target / d leaf, seeded with ones, the graph freed afterwards, as
 * DJL's does), and switches the mode off when it closes: bdl4j runs every forward pass that needs no
 * gradient outside gradient mode, whatever the thread. Like DJL's, it does not zero gradients when
 * it opens; the optimiser steps that read them do.
 */
final class ThreadGradientCollector implements GradientCollector {
    ThreadGradientCollector() {
        JniUtils.setGradMode(true);
    }

    @Override
    public void backward(NDArray target) {
        try (NDArray seed = target.onesLike()) {
            JniUtils.backward((PtNDArray) target, (PtNDArray) seed, false, false);
        }
    }

    /** Not supported: bdl4j's steps reset the gradients they read (see the class comment). */
    @Override
    public void zeroGradients() {
        throw new UnsupportedOperationException("bdl4j's gradient collector does not zero gradients");
    }

    @Override
    public void close() {
        JniUtils.setGradMode(false);
    }
}
