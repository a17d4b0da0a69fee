package org.bdl4j.dropout;

import java.util.EnumSet;
import org.bdl4j.Likelihood;
import org.bdl4j.Posterior;
import org.bdl4j.io.ModelDirectory;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.RegisteredMethod;
import org.bdl4j.options.OptionDescriptor;
import org.bdl4j.options.OptionValues;
import org.bdl4j.options.Rule;

/**
 * MC dropout ({@link McDropout}) as a method of the registry: the request's MAP network, trained with
 * its dropout rate, keeps dropout on at prediction for T passes.
 */
public final class McDropoutMethod extends RegisteredMethod {
    public static final OptionDescriptor<Integer> SAMPLES = OptionDescriptor.integer("samples",
            McDropoutOptions.DEFAULT_SAMPLES).withRule(Rule.atLeast(1)).withLabel("S")
            .withHelp("Monte Carlo samples at prediction.");
    public static final OptionDescriptor<SamplingMode> SAMPLING = OptionDescriptor.choice("sampling",
            SamplingMode.class, SamplingMode.BATCHED).withHelp("MC dropout: how the T passes are computed (one"
                    + " mask per pass and layer, per row, or T plain forward calls).");
    public static final OptionDescriptor<Integer> MAX_ROWS_PER_FORWARD = OptionDescriptor.integer(
            "max-rows-per-forward", McDropoutOptions.DEFAULT_MAX_ROWS_PER_FORWARD).withRule(Rule.atLeast(1));

    public McDropoutMethod() {
        super(McDropout.METHOD, "dropout kept on at prediction, T passes (needs --dropout)", EnumSet.allOf(Likelihood.class), true, 10, SAMPLES, SAMPLING);
    }

    @Override
    public void validate(FitRequest request) {
        OptionValues o = request.options();
        options(o);
    }

    @Override
    public Posterior fit(FitRequest request) {
        return McDropout.of(request.map(), options(request.options()));
    }

    private static McDropoutOptions options(OptionValues o) {
        return McDropoutOptions.builder().optSamples(o.get(SAMPLES)).optSampling(o.get(SAMPLING)).build();
    }

    @Override
    public Posterior load(ModelDirectory directory) {
        return McDropout.load(directory);
    }
}
