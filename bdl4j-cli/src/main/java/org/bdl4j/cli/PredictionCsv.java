package org.bdl4j.cli;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.Predictive;
import org.bdl4j.RegressionPredictive;

/**
 * The CSV of {@code bdl4j predict}, one row per input row. Classification:
 * {@code prediction,confidence,p_<label>...,entropy,aleatoric,epistemic}; regression:
 * {@code mean,std,aleatoric_var,epistemic_var,lower,upper} at the given interval level.
 */
final class PredictionCsv {
    private PredictionCsv() {}

    static void write(Predictive p, double level, Writer w) throws IOException {
        CSVPrinter out = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").build());
        if (p instanceof ClassificationPredictive c) {
            List<String> names = c.classNames();
            Object[] header = new Object[names.size() + 5];
            header[0] = "prediction";
            header[1] = "confidence";
            for (int k = 0; k < names.size(); k++) {
                header[2 + k] = "p_" + names.get(k);
            }
            header[names.size() + 2] = "entropy";
            header[names.size() + 3] = "aleatoric";
            header[names.size() + 4] = "epistemic";
            out.printRecord(header);
            int[] pred = c.predictions();
            double[] conf = c.confidence();
            double[] h = c.entropy();
            double[] alea = c.expectedEntropy();
            double[] epi = c.mutualInformation();
            double[][] probs = c.probabilities();
            Object[] row = new Object[header.length];
            for (int i = 0; i < pred.length; i++) {
                row[0] = names.get(pred[i]);
                row[1] = num(conf[i]);
                for (int k = 0; k < names.size(); k++) {
                    row[2 + k] = num(probs[i][k]);
                }
                row[names.size() + 2] = num(h[i]);
                row[names.size() + 3] = num(alea[i]);
                row[names.size() + 4] = num(epi[i]);
                out.printRecord(row);
            }
        } else {
            RegressionPredictive r = p.asRegression();
            out.printRecord("mean", "std", "aleatoric_var", "epistemic_var", "lower", "upper");
            double[] sd = r.std();
            RegressionPredictive.Interval iv = r.interval(level);
            for (int i = 0; i < r.size(); i++) {
                out.printRecord(num(r.mean()[i]), num(sd[i]), num(r.aleatoricVariance()[i]), num(r.epistemicVariance()[i]),
                        num(iv.lower()[i]), num(iv.upper()[i]));
            }
        }
        out.flush();
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
