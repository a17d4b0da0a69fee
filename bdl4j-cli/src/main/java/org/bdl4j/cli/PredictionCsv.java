package org.bdl4j.cli;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.Predictive;
import org.bdl4j.RegressionPredictive;

/**
 * The CSV of {@code bdl4j predict}, one row per input row. Classification:
 * {@code prediction,confidence,p_<label>...,entropy,aleatoric,epistemic}; regression:
 * {@code mean,std,aleatoric_var,epistemic_var,lower,upper} at the given interval level; then any extra
 * columns (e.g. {@code ood_score,reject} of {@code predict --reject}).
 */
final class PredictionCsv {
    private PredictionCsv() {}

    static void write(Predictive p, double level, Writer w) throws IOException {
        write(p, level, Map.of(), w);
    }

    /** As {@link #write(Predictive, double, Writer)}, followed by the {@code extra} columns (name to cells). */
    static void write(Predictive p, double level, Map<String, String[]> extra, Writer w) throws IOException {
        CSVPrinter out = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").build());
        List<String> header = new ArrayList<>();
        List<Column> columns = new ArrayList<>();
        if (p instanceof ClassificationPredictive c) {
            List<String> names = c.classNames();
            int[] pred = c.predictions();
            header.add("prediction");
            columns.add(i -> names.get(pred[i]));
            number(header, columns, "confidence", c.confidence());
            double[][] probs = c.probabilities();
            for (int k = 0; k < names.size(); k++) {
                int kk = k;
                header.add("p_" + names.get(k));
                columns.add(i -> num(probs[i][kk]));
            }
            number(header, columns, "entropy", c.entropy());
            number(header, columns, "aleatoric", c.expectedEntropy());
            number(header, columns, "epistemic", c.mutualInformation());
        } else {
            RegressionPredictive r = p.asRegression();
            RegressionPredictive.Interval iv = r.interval(level);
            number(header, columns, "mean", r.mean());
            number(header, columns, "std", r.std());
            number(header, columns, "aleatoric_var", r.aleatoricVariance());
            number(header, columns, "epistemic_var", r.epistemicVariance());
            number(header, columns, "lower", iv.lower());
            number(header, columns, "upper", iv.upper());
        }
        for (Map.Entry<String, String[]> e : extra.entrySet()) {
            String[] cells = e.getValue();
            if (cells.length != p.size()) {
                throw new IllegalArgumentException("column " + e.getKey() + " has " + cells.length + " cells for "
                        + p.size() + " rows");
            }
            header.add(e.getKey());
            columns.add(i -> cells[i]);
        }
        out.printRecord(header);
        Object[] row = new Object[columns.size()];
        for (int i = 0; i < p.size(); i++) {
            for (int j = 0; j < row.length; j++) {
                row[j] = columns.get(j).cell(i);
            }
            out.printRecord(row);
        }
        out.flush();
    }

    private interface Column {
        String cell(int row);
    }

    private static void number(List<String> header, List<Column> columns, String name, double[] values) {
        header.add(name);
        columns.add(i -> num(values[i]));
    }

    /** A number as the CSV writes it: six significant digits. */
    static String num(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
