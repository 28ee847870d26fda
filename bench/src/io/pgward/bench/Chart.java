package io.pgward.bench;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static io.pgward.bench.Stats.fmt;
import static io.pgward.bench.Stats.median;

/**
 * The PNG chart of the write-unavailability window: one panel per profile, per scenario a pgward and a Patroni
 * bar (median) with a min–max whisker, on a log scale.
 */
final class Chart {

    private static final Map<String, String> SCENARIO_SHORT = Map.of(
            "a", "a: host lost", "b", "b: postmaster kill", "c", "c: switchover", "d", "d: SIGTERM",
            "e", "e: process crash", "f", "f: etcd frozen", "g", "g: etcd frozen, failsafe");
    private static final String[] TOOLS = {"pgward", "patroni"};
    private static final Color PGWARD = new Color(0x1f77b4);
    private static final Color PATRONI = new Color(0xff7f0e);
    private static final int PANEL_HEIGHT = 380;
    private static final double LO = 0.05;

    private final Options o;
    private final Results res;
    /** {mode, scenario} of each bar group, async first. */
    private final List<String[]> groups = new ArrayList<>();
    private final int width;
    private double hi;
    private Graphics2D g;

    private Chart(Options o, Results res) {
        this.o = o;
        this.res = res;
        for (String sc : o.scenarios) {
            groups.add(new String[] {"async", sc});
        }
        for (String sc : o.syncScenarios) {
            groups.add(new String[] {"sync", sc});
        }
        this.width = Math.max(1000, 110 * Math.max(groups.size(), 1) + 160);
    }

    static void write(Options o, Results res, Path file) throws IOException {
        new Chart(o, res).draw(file);
    }

    private void draw(Path file) throws IOException {
        List<Profile> profiles = o.profiles;
        int h = 70 + PANEL_HEIGHT * profiles.size() + 40;
        BufferedImage img = new BufferedImage(width, h, BufferedImage.TYPE_INT_RGB);
        g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, h);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.drawString("Write-unavailability window per scenario (seconds, log scale)", 20, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString("longest gap between acknowledged writes; bar = median, whisker = min–max over trials"
                + (o.quick ? "   [SMOKE RUN]" : ""), 20, 50);
        legend(width - 230, 40, PGWARD, "pgward");
        legend(width - 130, 40, PATRONI, "Patroni 3.0");
        hi = 1;
        for (Profile p : profiles) {
            for (String[] gr : groups) {
                for (String tool : TOOLS) {
                    for (double x : res.values(tool, p.name(), gr[0], gr[1], "window_s")) {
                        hi = Math.max(hi, x);
                    }
                }
            }
        }
        hi = Math.pow(10, Math.ceil(Math.log10(hi * 1.3)));
        for (int pi = 0; pi < profiles.size(); pi++) {
            panel(profiles.get(pi), 70 + pi * PANEL_HEIGHT + 30);
        }
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    private void panel(Profile p, int top) {
        int bottom = top + PANEL_HEIGHT - 90;
        int left = 70;
        int right = width - 20;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(p.name() + " profile (" + p.describe() + ")", left, top - 10);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        double[] ticks = {0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500};
        for (double t : ticks) {
            if (t < LO || t > hi) {
                continue;
            }
            int y = yOf(t, top, bottom);
            g.setColor(new Color(0xdddddd));
            g.drawLine(left, y, right, y);
            g.setColor(Color.DARK_GRAY);
            String label = BigDecimal.valueOf(t).stripTrailingZeros().toPlainString();
            g.drawString(label, left - 8 - g.getFontMetrics().stringWidth(label), y + 4);
        }
        g.setColor(Color.BLACK);
        g.drawLine(left, top, left, bottom);
        g.drawLine(left, bottom, right, bottom);
        int gw = (right - left) / Math.max(1, groups.size());
        for (int gi = 0; gi < groups.size(); gi++) {
            String[] gr = groups.get(gi);
            int gx = left + gi * gw;
            int bw = Math.min(34, gw / 3);
            for (int ti = 0; ti < 2; ti++) {
                List<Double> v = res.values(TOOLS[ti], p.name(), gr[0], gr[1], "window_s");
                bar(v, gx + gw / 2 - bw - 2 + ti * (bw + 4), bw, ti == 0 ? PGWARD : PATRONI, top, bottom);
            }
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            FontMetrics fm = g.getFontMetrics();
            String l1 = SCENARIO_SHORT.get(gr[1]);
            String l2 = gr[0].equals("sync") ? "sync" : "async";
            g.drawString(l1, gx + gw / 2 - fm.stringWidth(l1) / 2, bottom + 18);
            g.drawString(l2, gx + gw / 2 - fm.stringWidth(l2) / 2, bottom + 34);
        }
    }

    /** One bar at x, bw wide: the median of v, a whisker from its min to its max, the median as a label. */
    private void bar(List<Double> v, int x, int bw, Color col, int top, int bottom) {
        if (v.isEmpty()) {
            g.setColor(Color.GRAY);
            g.drawString("n/a", x + 4, bottom - 5);
            return;
        }
        double med = Math.max(LO, median(v));
        int y = yOf(med, top, bottom);
        g.setColor(col);
        g.fillRect(x, y, bw, bottom - y);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1.5f));
        int ymin = yOf(Math.max(LO, Collections.min(v)), top, bottom);
        int ymax = yOf(Math.max(LO, Collections.max(v)), top, bottom);
        int cx = x + bw / 2;
        g.drawLine(cx, ymin, cx, ymax);
        g.drawLine(cx - 5, ymin, cx + 5, ymin);
        g.drawLine(cx - 5, ymax, cx + 5, ymax);
        g.setStroke(new BasicStroke(1f));
        String label = fmt(median(v));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        FontMetrics fm = g.getFontMetrics();
        g.drawString(label, cx - fm.stringWidth(label) / 2, Math.min(ymax, y) - 4);
    }

    private void legend(int x, int y, Color c, String text) {
        g.setColor(c);
        g.fillRect(x, y - 11, 14, 14);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString(text, x + 20, y);
    }

    /** The y pixel of value v on the log scale from LO (at bottom) to hi (at top). */
    private int yOf(double v, int top, int bottom) {
        double f = (Math.log10(v) - Math.log10(LO)) / (Math.log10(hi) - Math.log10(LO));
        return (int) Math.round(bottom - f * (bottom - top));
    }
}
