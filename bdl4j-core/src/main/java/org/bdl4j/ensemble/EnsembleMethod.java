package org.bdl4j.ensemble;

import java.util.EnumSet;
import org.bdl4j.Likelihood;
import org.bdl4j.Posterior;
import org.bdl4j.io.ModelDirectory;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.RegisteredMethod;
import org.bdl4j.options.InvalidOptionException;
import org.bdl4j.options.OptionDescriptor;
import org.bdl4j.options.OptionValues;
import org.bdl4j.options.Rule;
import org.bdl4j.train.MapTrainer;

/**
 * Deep ensembles ({@link DeepEnsemble}) as a method of the registry: M networks of the request's
 * structure, each trained by the request's trainer from its own seed.
 */
public final class EnsembleMethod extends RegisteredMethod {
    public static final OptionDescriptor<Integer> MEMBERS = OptionDescriptor.integer("members",
            EnsembleOptions.DEFAULT_MEMBERS).withRule(Rule.atLeast(1)).withLabel("M").withHelp("Ensemble members.");
    public static final OptionDescriptor<EnsembleTraining> TRAINING = OptionDescriptor.choice("ensemble-training",
            EnsembleTraining.class, EnsembleTraining.AUTO).withHelp("Train each member on its own network"
                    + " (several at once on the worker threads, BDL4J_TASKS), or all in stacked weights (MLPs); auto:"
                    + " stacked for small MLPs or on one worker, else apart.");
    public static final OptionDescriptor<Boolean> ADVERSARIAL = OptionDescriptor.flag("adversarial")
            .withHelp("Adversarial training by the fast gradient sign (Lakshminarayanan et al. 2017).");
    public static final OptionDescriptor<Double> ADVERSARIAL_EPSILON = OptionDescriptor.number("adversarial-epsilon",
            0.01).withRule(Rule.greaterThan(0)).withLabel("E")
            .withHelp("The fast-gradient-sign step on the network's (standardised) inputs.");

    public EnsembleMethod() {
        super(DeepEnsemble.METHOD, "M networks from different initialisations and data orders", EnumSet.allOf(Likelihood.class), false, 20, MEMBERS, TRAINING, ADVERSARIAL, ADVERSARIAL_EPSILON);
    }

    @Override
    public void validate(FitRequest request) {
        OptionValues o = request.options();
        options(o);
        if (o.isSet(ADVERSARIAL_EPSILON) && !o.get(ADVERSARIAL)) {
            throw new InvalidOptionException(ADVERSARIAL_EPSILON.name(), "{" + ADVERSARIAL_EPSILON.name()
                    + "} applies to adversarial training: add {" + ADVERSARIAL.name() + "}");
        }
    }

    @Override
    public Posterior fit(FitRequest request) {
        return DeepEnsemble.fit(memberRequest(request), options(request.options()));
    }

    /**
     * The request each member is trained on: the request's trainer, adversarial when its options ask
     * ({@link DeepEnsemble#trainMember} takes it for members trained apart).
     */
    public static FitRequest memberRequest(FitRequest request) {
        OptionValues o = request.options();
        MapTrainer trainer = request.trainer();
        if (o.get(ADVERSARIAL)) {
            trainer = trainer.toBuilder().optAdversarialEpsilon(o.get(ADVERSARIAL_EPSILON)).build();
        }
        return request.withTrainer(trainer);
    }

    /** The ensemble settings its options give (members, training mode). */
    public static EnsembleOptions options(OptionValues o) {
        return new EnsembleOptions(o.get(MEMBERS), o.get(TRAINING));
    }

    @Override
    public Posterior load(ModelDirectory directory) {
        return DeepEnsemble.load(directory);
    }
}
