package org.bdl4j.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Locale;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.data.Dataset;

/**
 * For two-feature classification, two heat maps over the input plane ({@link PlotGrid}): the
 * predictive entropy H[E_θ p(y | x, θ)] (total uncertainty) and the mutual information
 * H[E_θ p] − E_θ H[p] (the epistemic part; Depeweg et al. 2018), both on the scale 0 to log C so that
 * methods compare, with the training points coloured by class. The picture every Bayesian deep
 * learning paper shows for two moons: a MAP is certain everywhere away from its decision boundary, a
 * good posterior grows uncertain away from the data.
 */
final class UncertaintyMapFigure {
    private static final int CELL = 6;
    private static final int MARGIN = 30;
    private static final Color[] CLASS_COLORS = {new Color(230, 120, 20), new Color(20, 150, 220),
        new Color(40, 170, 60), new Color(200, 40, 160), new Color(240, 220, 40)};

    private UncertaintyMapFigure() {}

    static BufferedImage of(String method, Dataset train, Dataset grid, ClassificationPredictive p) {
        int side = PlotGrid.SIDE;
        int panel = side * CELL;
        int width = 2 * panel + 3 * MARGIN;
        int height = panel + 2 * MARGIN + 20;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            double max = Math.log(p.numClasses());
            double[] a = {grid.features()[0], grid.features()[2 * (side - 1)]};
            double[] b = {grid.features()[1], grid.features()[2 * side * (side - 1) + 1]};
            panel(g, MARGIN, MARGIN, "entropy: " + method, p.entropy(), max, train, a, b);
            panel(g, 2 * MARGIN + panel, MARGIN, "mutual information: " + method, p.mutualInformation(), max, train,
                    a, b);
            g.setColor(Color.DARK_GRAY);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString(String.format(Locale.ROOT, "colour: 0 (dark) to log %d = %.2f nats (bright)",
                    p.numClasses(), max), MARGIN, height - 12);
        } finally {
            g.dispose();
        }
        return img;
    }

    private static void panel(Graphics2D g, int x0, int y0, String title, double[] values, double max, Dataset train,
            double[] a, double[] b) {
        int side = PlotGrid.SIDE;
        for (int j = 0; j < side; j++) {
            for (int i = 0; i < side; i++) {
                g.setColor(heat(values[j * side + i] / max));
                g.fillRect(x0 + i * CELL, y0 + (side - 1 - j) * CELL, CELL, CELL);
            }
        }
        float[] x = train.features();
        int[] y = train.labels();
        g.setStroke(new BasicStroke(1f));
        for (int r = 0; r < train.rows(); r++) {
            double u = (x[2 * r] - a[0]) / (a[1] - a[0]);
            double v = (x[2 * r + 1] - b[0]) / (b[1] - b[0]);
            int px = x0 + (int) Math.round(u * (side - 1) * CELL) + CELL / 2;
            int py = y0 + (int) Math.round((1 - v) * (side - 1) * CELL) + CELL / 2;
            g.setColor(CLASS_COLORS[y[r] % CLASS_COLORS.length]);
            g.fillOval(px - 3, py - 3, 6, 6);
            g.setColor(Color.WHITE);
            g.drawOval(px - 3, py - 3, 6, 6);
        }
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(title, x0, y0 - 8);
    }

    /** A dark-blue to yellow ramp (viridis-like) for t in [0, 1]. */
    static Color heat(double t) {
        double s = Math.max(0, Math.min(1, t));
        int r = (int) Math.round(68 + s * (253 - 68));
        int gr = (int) Math.round(1 + s * (231 - 1));
        int bl = (int) Math.round(84 + Math.sin(Math.PI * s) * 80 - s * 47);
        return new Color(r, gr, Math.max(0, Math.min(255, bl)));
    }
}
