package org.bdl4j.cli;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Writing the report's PNG files (whole or not at all) and the series styles its charts share. */
final class Figures {
    static final Color TOTAL = new Color(128, 64, 192);
    static final Color ALEATORIC = new Color(40, 110, 200);
    static final Color EPISTEMIC = new Color(210, 40, 40);
    static final Color GAP = new Color(150, 150, 150);
    static final Color DATA = new Color(60, 60, 60);

    private Figures() {}

    /** Charts stacked top to bottom, each at its own size, as one PNG. */
    static void saveStacked(List<? extends Chart<?, ?>> charts, Path file) {
        List<BufferedImage> images = charts.stream().map(BitmapEncoder::getBufferedImage).toList();
        int width = images.stream().mapToInt(BufferedImage::getWidth).max().orElse(1);
        int height = images.stream().mapToInt(BufferedImage::getHeight).sum();
        BufferedImage all = new BufferedImage(width, Math.max(1, height), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = all.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            int y = 0;
            for (BufferedImage im : images) {
                g.drawImage(im, 0, y, null);
                y += im.getHeight();
            }
        } finally {
            g.dispose();
        }
        save(all, file);
    }

    /** One chart as a PNG. */
    static void save(Chart<?, ?> chart, Path file) {
        write(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }

    /** An image as a PNG. */
    static void save(BufferedImage image, Path file) {
        write(file, out -> ImageIO.write(image, "png", out));
    }

    private static void write(Path file, AtomicFiles.BinaryBody body) {
        try {
            AtomicFiles.writeBytes(file, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A line without markers in {@code color}, shown in the legend or not. */
    static XYSeries line(XYChart c, String name, double[] x, double[] y, Color color, boolean legend) {
        XYSeries s = c.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setShowInLegend(legend);
        return s;
    }

    /**
     * The band between {@code lower} and {@code upper} over {@code x} as a filled polygon in a
     * translucent {@code color}.
     */
    static XYSeries band(XYChart c, String name, double[] x, double[] lower, double[] upper, Color color) {
        int n = x.length;
        double[] px = new double[2 * n];
        double[] py = new double[2 * n];
        for (int i = 0; i < n; i++) {
            px[i] = x[i];
            py[i] = upper[i];
            px[2 * n - 1 - i] = x[i];
            py[2 * n - 1 - i] = lower[i];
        }
        XYSeries s = c.addSeries(name, px, py);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
        s.setMarker(SeriesMarkers.NONE);
        Color fill = new Color(color.getRed(), color.getGreen(), color.getBlue(), 70);
        s.setFillColor(fill);
        s.setLineColor(fill);
        return s;
    }

    /** Points without a line. */
    static XYSeries points(XYChart c, String name, double[] x, double[] y, Color color) {
        XYSeries s = c.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(color);
        return s;
    }
}
