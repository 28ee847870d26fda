package io.pgward.cli;

import java.util.List;

/** A bordered text table, first row as header. */
final class Table {
    private Table() {}

    static String render(List<String[]> rows) {
        int cols = rows.get(0).length;
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int i = 0; i < cols; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder line = new StringBuilder("+");
        for (int w : width) {
            line.append("-".repeat(w + 2)).append('+');
        }
        StringBuilder out = new StringBuilder(line).append('\n');
        for (int r = 0; r < rows.size(); r++) {
            out.append('|');
            for (int i = 0; i < cols; i++) {
                out.append(' ').append(String.format("%-" + width[i] + "s", rows.get(r)[i])).append(" |");
            }
            out.append('\n');
            if (r == 0) {
                out.append(line).append('\n');
            }
        }
        return out.append(line).append('\n').toString();
    }
}
