package org.bdl4j.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bdl4j.Posterior;
import org.bdl4j.calibration.CalibratedPosterior;
import org.bdl4j.calibration.CalibrationMethod;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.TargetMode;
import org.bdl4j.method.Posteriors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code bdl4j calibrate}: fits a post-hoc calibrator (temperature or vector scaling for
 * classification, variance scaling or quantile recalibration for regression) on held-out labelled
 * rows and saves the calibrated model; prints the metrics on those rows before and after.
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Calibrate a saved model on held-out labelled rows and save the calibrated model.")
final class CalibrateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelInput input;

    @Mixin
    ModelOutput output;

    @Option(names = "--method", paramLabel = "NAME",
            description = "temperature | vector (classification), variance | quantile (regression); default: temperature or variance.")
    String method;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        input.validate();
        output.check();
        Posterior base = Posteriors.load(input.model);
        try {
            CalibrationMethod m = method == null ? CalibrationMethod.defaultFor(base.schema().task())
                    : CalibrationMethod.parse(method);
            Dataset rows = Tables.forModel(input.data, base.schema(), TargetMode.REQUIRED, input.seed);
            Map<String, Double> before = Scores.of(base, base.predict(rows), rows, null, input.level);
            CalibratedPosterior calibrated = CalibratedPosterior.fit(base, rows, m);
            base = null; // owned by the calibrated posterior from here on
            try (calibrated) {
                Map<String, Double> after = Scores.of(calibrated, calibrated.predict(rows), rows, null, input.level);
                calibrated.save(output.out);
                PrintWriter err = spec.commandLine().getErr();
                calibrated.calibrator().warnings().forEach(w -> err.println("bdl4j: warning: " + w));
                err.flush();
                PrintWriter o = spec.commandLine().getOut();
                o.println("calibrator: " + calibrated.calibrator().toJson());
                o.print(Tables.format(List.of(row("before", before), row("after", after))));
                o.println("saved to " + output.out);
                o.flush();
            }
        } finally {
            if (base != null) {
                base.close();
            }
        }
        return 0;
    }

    private static Map<String, Object> row(String name, Map<String, Double> metrics) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("on calibration rows", name);
        r.putAll(metrics);
        return r;
    }
}
