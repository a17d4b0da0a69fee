package org.bdl4j.continual;

import org.bdl4j.options.EnumNames;

/** How a network learns a sequence of tasks ({@link ContinualLearner}). */
public enum ContinualMethod implements EnumNames.Named {
    /** Train on each task in turn from the previous weights, nothing kept: the lower bound. */
    FINETUNE("finetune"),
    /** Elastic weight consolidation, one diagonal-Fisher quadratic per task ({@link DiagonalConsolidation#ewc}). */
    EWC("ewc"),
    /** Online EWC, one decayed diagonal quadratic at the latest weights ({@link DiagonalConsolidation#online}). */
    ONLINE_EWC("online-ewc"),
    /** The Kronecker-factored online Laplace prior of Ritter et al. 2018 ({@link KroneckerConsolidation}). */
    KFAC_LAPLACE("kfac-laplace"),
    /**
     * At stage t, train on the rows of tasks 1..t together (from the previous weights): not continual
     * learning but its reference, the upper bound. With a head per task, the stage trains the union of
     * the heads seen so far.
     */
    JOINT("joint");

    private final String cliName;

    ContinualMethod(String cliName) {
        this.cliName = cliName;
    }

    @Override
    public String cliName() {
        return cliName;
    }

    /** @throws org.bdl4j.options.InvalidOptionException for an unknown name */
    public static ContinualMethod parse(String text) {
        return EnumNames.parse(ContinualMethod.class, text, "method");
    }
}
