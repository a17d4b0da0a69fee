package org.bdl4j.curvature;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;

/**
 * Σ XᵀX over blocks of rows X that arrive batch by batch, into an {@link EngineSum}. A batch of fewer
 * than {@value #ROWS_PER_PRODUCT} rows (or than the columns, if fewer) is held in the engine with the
 * next ones until there are that many, and their Gram is formed at once: a block of few rows gives a
 * product that mostly writes its d x d output (after a CNN's convolutions, 20 images a batch against
 * d = 5,881 inputs of the dense layer), so that summing it batch by batch costs many times the
 * multiply-adds' worth of memory traffic. Larger batches are formed as they come. The products run in
 * the rows' precision, as each batch's did (float32 over a batch of 256 rows: about 1e-6 relative
 * error), and are summed in float64.
 */
final class GramSum {
    /** The rows of one product at most (fewer when the Gram has fewer columns). */
    static final long ROWS_PER_PRODUCT = 256;

    private final EngineSum sum;
    private final long rowsPerProduct;
    private final List<NDArray> held = new ArrayList<>();
    private NDManager owner; // holds the rows between batches; closed by flush
    private long rows;

    /** @param target the Java accumulator of the d x d Gram, row-major */
    GramSum(double[] target, long columns) {
        this.sum = new EngineSum(target);
        this.rowsPerProduct = Math.min(columns, ROWS_PER_PRODUCT);
    }

    /** Adds XᵀX of the rows {@code x} [n, d] (any floating-point type; the product in that type). */
    void add(NDArray x) {
        if (x.getShape().get(0) >= rowsPerProduct && held.isEmpty()) {
            sum.add(x.transpose().matMul(x));
            return;
        }
        if (owner == null) {
            owner = NDManager.newBaseManager(x.getDevice(), x.getManager().getEngine().getEngineName());
        }
        NDArray copy = x.duplicate();
        copy.attach(owner);
        held.add(copy);
        rows += x.getShape().get(0);
        if (rows >= rowsPerProduct) {
            formHeld();
        }
    }

    /** Adds a d x d sum formed elsewhere (a layer's summed output Hessians in place of a Gram). */
    void addFormed(NDArray values) {
        sum.add(values);
    }

    /** Forms the Gram of the rows held and moves every sum into the Java accumulator. */
    void flush() {
        try {
            if (!held.isEmpty()) {
                formHeld();
            }
        } finally {
            releaseHeld();
            sum.flush();
        }
    }

    private void formHeld() {
        try (NDManager m = owner.newSubManager()) {
            NDArray x = held.size() == 1 ? held.get(0) : NDArrays.concat(new NDList(held), 0);
            x.attach(m);
            sum.add(x.transpose().matMul(x));
        } finally {
            releaseHeld();
        }
    }

    private void releaseHeld() {
        held.clear();
        rows = 0;
        if (owner != null) {
            owner.close();
            owner = null;
        }
    }
}
