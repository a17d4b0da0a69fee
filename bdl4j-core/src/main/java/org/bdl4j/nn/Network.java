package org.bdl4j.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import java.util.Objects;

/**
 * A built and initialised network: the DJL block, the {@link NetworkSpec} it was built from, and the
 * {@link NDManager} that owns its parameters. Closing it frees the parameters' native memory.
 *
 * <p>Inputs passed to {@link #forward} may live in any manager (typically a per-batch sub-manager);
 * outputs land in the input's manager, so closing the batch manager frees them.
 */
public final class Network implements AutoCloseable {
    private final NDManager manager;
    private final SequentialBlock block;
    private final NetworkSpec spec;
    private final DropoutMode dropoutMode;
    private final ParameterStore store;
    private boolean closed;

    private Network(NDManager manager, SequentialBlock block, NetworkSpec spec, DropoutMode dropoutMode) {
        this.manager = manager;
        this.block = block;
        this.spec = spec;
        this.dropoutMode = dropoutMode;
        this.store = new ParameterStore(manager, false);
    }

    /** A new network with weights drawn from the engine generator seeded with {@code seed}, on the CPU. */
    public static Network create(NetworkSpec spec, DropoutMode mode, long seed) {
        return create(spec, mode, seed, Device.cpu());
    }

    /** A new network on {@code device}, weights drawn with {@code seed}. */
    public static Network create(NetworkSpec spec, DropoutMode mode, long seed, Device device) {
        return Seeds.withEngineSeed(seed, () -> allocate(spec, mode, device));
    }

    /**
     * A network with the given structure and weights θ (e.g. loaded from a model file). The engine's
     * generator is left as it was (the initial weights are overwritten anyway).
     */
    public static Network withParameters(NetworkSpec spec, DropoutMode mode, float[] theta, Device device) {
        Network net = allocate(spec, mode, device);
        try {
            net.setParameters(theta);
            return net;
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
    }

    private static Network allocate(NetworkSpec spec, DropoutMode mode, Device device) {
        Objects.requireNonNull(spec, "spec");
        NDManager manager = NDManager.newBaseManager(device);
        try {
            SequentialBlock block = Networks.build(spec, mode);
            block.initialize(manager, DataType.FLOAT32, Networks.batchShape(spec, 1));
            return new Network(manager, block, spec, mode);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** A new network with this one's weights and the given dropout behaviour (e.g. for MC dropout). */
    public Network copy(DropoutMode mode) {
        return withParameters(spec, mode, parameters(), device());
    }

    /**
     * The network's output for a batch {@code x} of shape {@code [B, inputShape...]}.
     *
     * @param training true while training (dropout active in {@link DropoutMode#STANDARD})
     */
    public NDArray forward(NDArray x, boolean training) {
        checkOpen();
        return block.forward(store, new NDList(x), training).singletonOrThrow();
    }

    public NetworkSpec spec() {
        return spec;
    }

    public DropoutMode dropoutMode() {
        return dropoutMode;
    }

    /** The underlying block; its children are the layers in order. */
    public SequentialBlock block() {
        return block;
    }

    /**
     * Restarts the mask streams of the network's training dropout layers ({@link TrainingDropout}):
     * layer i (counting dropout layers from 0) draws from {@code Seeds.derive(seed, i)}.
     */
    public void seedTrainingDropout(long seed) {
        int i = 0;
        for (ai.djl.nn.Block layer : block.getChildren().values()) {
            if (layer instanceof TrainingDropout d) {
                d.seed(Seeds.derive(seed, i++));
            }
        }
    }

    /** The parameter store to pass to the block's children when running them one by one. */
    public ParameterStore parameterStore() {
        return store;
    }

    /** The manager that owns the parameters. */
    public NDManager manager() {
        return manager;
    }

    public Device device() {
        return manager.getDevice();
    }

    /** A copy of the flat parameter vector θ (see {@link FlatParameters}). */
    public float[] parameters() {
        checkOpen();
        return FlatParameters.get(block);
    }

    /** Overwrites θ in place. */
    public void setParameters(float[] theta) {
        checkOpen();
        FlatParameters.set(block, theta);
    }

    public int parameterCount() {
        return FlatParameters.count(block);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the network has been closed");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            manager.close();
        }
    }
}
