package org.bdl4j.bo;

/** An expensive function to minimise: a Java function, a {@link TestFunction} or a {@link CommandObjective}. */
@FunctionalInterface
public interface Objective {
    /**
     * f(x) at a point of the box.
     *
     * @throws ObjectiveException when the evaluation fails (the loop stops; the log keeps what was done)
     */
    double evaluate(double[] x);
}
