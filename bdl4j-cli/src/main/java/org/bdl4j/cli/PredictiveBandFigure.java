package org.bdl4j.cli;

import java.util.Optional;
import org.bdl4j.RegressionPredictive;
import org.bdl4j.data.Dataset;
import org.bdl4j.math.Floats;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * A method's predictive for one-feature regression over the plotting grid: the training points, the
 * gap in the inputs shaded ({@link InputGap}), the aleatoric band mean ± 2√(aleatoric variance) and the
 * epistemic band mean ± 2√(epistemic variance), each drawn on its own, and the mean on top (so that a
 * method without epistemic uncertainty, whose band has no width, still shows its mean).
 */
final class PredictiveBandFigure {
    private PredictiveBandFigure() {}

    static XYChart of(String method, Dataset train, Dataset grid, RegressionPredictive p) {
        double[] x = Floats.toDoubles(grid.features());
        double[] mean = p.mean();
        int n = x.length;
        double[] aLo = new double[n];
        double[] aHi = new double[n];
        double[] eLo = new double[n];
        double[] eHi = new double[n];
        for (int i = 0; i < n; i++) {
            double a = 2 * Math.sqrt(p.aleatoricVariance()[i]);
            double e = 2 * Math.sqrt(p.epistemicVariance()[i]);
            aLo[i] = mean[i] - a;
            aHi[i] = mean[i] + a;
            eLo[i] = mean[i] - e;
            eHi[i] = mean[i] + e;
        }
        double[] ty = Floats.toDoubles(train.targets());
        XYChart c = new XYChartBuilder().width(680).height(440).title("Predictive: " + method).xAxisTitle(
                train.featureNames().get(0)).yAxisTitle(train.targetName() == null ? "y" : train.targetName()).build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS).setLegendLayout(Styler.LegendLayout.Horizontal);
        double yLo = Double.POSITIVE_INFINITY;
        double yHi = Double.NEGATIVE_INFINITY;
        for (double v : ty) {
            yLo = Math.min(yLo, v);
            yHi = Math.max(yHi, v);
        }
        double pad = (yHi - yLo) * 0.5;
        c.getStyler().setYAxisMin(yLo - pad).setYAxisMax(yHi + pad);
        Optional<InputGap> gap = InputGap.of(train);
        if (gap.isPresent()) {
            double g0 = gap.get().low();
            double g1 = gap.get().high();
            Figures.band(c, "gap in the training inputs", new double[] {g0, g1}, new double[] {yLo - pad, yLo - pad},
                    new double[] {yHi + pad, yHi + pad}, Figures.GAP);
        }
        Figures.band(c, "±2 sd aleatoric", x, aLo, aHi, Figures.ALEATORIC);
        Figures.band(c, "±2 sd epistemic", x, eLo, eHi, Figures.EPISTEMIC);
        Figures.points(c, "training data", Floats.toDoubles(train.features()), ty, Figures.DATA);
        Figures.line(c, "mean", x, mean, java.awt.Color.BLACK, true);
        return c;
    }
}
