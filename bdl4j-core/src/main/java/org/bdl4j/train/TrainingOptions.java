package org.bdl4j.train;

import java.util.List;
import org.bdl4j.options.OptionDescriptor;
import org.bdl4j.options.Rule;

/**
 * The options of MAP training ({@link MapTrainer}) as descriptors: their defaults, rules and help,
 * checked by {@link MapTrainer.Builder#build()} and offered by the command line.
 */
public final class TrainingOptions {
    public static final OptionDescriptor<Integer> EPOCHS = OptionDescriptor.integer("epochs", null)
            .withRule(Rule.atLeast(1)).withLabel("N").withDefaultText("auto: until the training objective levels"
                    + " off, 1,000 to 100,000 steps").withHelp("Training epochs.");
    public static final OptionDescriptor<Integer> BATCH_SIZE = OptionDescriptor.integer("batch-size", 64)
            .withRule(Rule.atLeast(1)).withLabel("N").withHelp("Minibatch size.");
    public static final OptionDescriptor<Double> LEARNING_RATE = OptionDescriptor.number("lr", 1e-3)
            .withRule(Rule.greaterThan(0)).withHelp("Learning rate.");
    public static final OptionDescriptor<OptimizerKind> OPTIMIZER = OptionDescriptor.choice("optimizer",
            OptimizerKind.class, OptimizerKind.ADAM).withHelp("The optimiser (coupled weight decay).");
    public static final OptionDescriptor<Double> MOMENTUM = OptionDescriptor.number("momentum", 0.9)
            .withRule(Rule.interval(0, true, 1, false)).withHelp("Momentum of sgd (adam ignores it).");
    public static final OptionDescriptor<Double> PRIOR_PRECISION = OptionDescriptor.number("prior-precision", 1.0)
            .withRule(Rule.atLeast(0.0)).withHelp("Precision λ of the Gaussian prior N(0, 1/λ) on every weight;"
                    + " weight decay = λ/N.");
    public static final OptionDescriptor<Double> WEIGHT_DECAY = OptionDescriptor.number("weight-decay", null)
            .withRule(Rule.atLeast(0.0)).withDefaultText("prior-precision / N")
            .withHelp("Per-example weight decay instead of --prior-precision (λ = X·N).");
    public static final OptionDescriptor<Integer> PATIENCE = OptionDescriptor.integer("patience", null)
            .withRule(Rule.atLeast(0)).withLabel("N").withDefaultText("auto: with validation rows, 1,000 steps"
                    + " after the best validation NLL, the best weights kept")
            .withHelp("Early stopping: stop after N epochs without validation improvement (0: never).");
    /** The fast-gradient-sign step of adversarial training; 0 turns it off. */
    public static final OptionDescriptor<Double> ADVERSARIAL_EPSILON = OptionDescriptor.number("adversarial-epsilon",
            0.0).withRule(Rule.atLeast(0.0)).withHelp("Fast-gradient-sign step on the (standardised) inputs.");

    /** The options a user sets for MAP training. */
    public static final List<OptionDescriptor<?>> ALL = List.of(EPOCHS, BATCH_SIZE, LEARNING_RATE, OPTIMIZER,
            MOMENTUM, PRIOR_PRECISION, WEIGHT_DECAY, PATIENCE);

    private TrainingOptions() {}
}
