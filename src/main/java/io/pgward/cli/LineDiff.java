package io.pgward.cli;

import java.util.ArrayList;
import java.util.List;

/** A unified diff of two texts by lines (longest common subsequence), with three lines of context. */
final class LineDiff {
    private LineDiff() {}

    static final int CONTEXT = 3;

    private enum Kind { SAME, REMOVED, ADDED }

    /** One line of the edit script; {@code oldPos}/{@code newPos} are 0-based positions before this line. */
    private record Op(Kind kind, String line, int oldPos, int newPos) {}

    /** The diff with {@code ---}/{@code +++} headers and {@code @@} hunks; empty when the texts are equal. */
    static String unified(String before, String after, String beforeName, String afterName) {
        List<Op> ops = script(lines(before), lines(after));
        if (ops.stream().allMatch(o -> o.kind() == Kind.SAME)) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        out.append("--- ").append(beforeName).append('\n').append("+++ ").append(afterName).append('\n');
        int i = 0;
        while (i < ops.size()) {
            if (ops.get(i).kind() == Kind.SAME) {
                i++;
                continue;
            }
            int start = Math.max(0, i - CONTEXT);
            int end = i;
            // extend over changes separated by at most 2*CONTEXT unchanged lines
            while (true) {
                while (end < ops.size() && ops.get(end).kind() != Kind.SAME) {
                    end++;
                }
                int same = end;
                while (same < ops.size() && ops.get(same).kind() == Kind.SAME) {
                    same++;
                }
                if (same < ops.size() && same - end <= 2 * CONTEXT) {
                    end = same;
                } else {
                    end = Math.min(ops.size(), end + CONTEXT);
                    break;
                }
            }
            hunk(out, ops.subList(start, end));
            i = end;
        }
        return out.toString();
    }

    private static void hunk(StringBuilder out, List<Op> ops) {
        int oldCount = 0;
        int newCount = 0;
        for (Op o : ops) {
            oldCount += o.kind() == Kind.ADDED ? 0 : 1;
            newCount += o.kind() == Kind.REMOVED ? 0 : 1;
        }
        Op first = ops.get(0);
        out.append("@@ -").append(range(first.oldPos(), oldCount)).append(" +").append(range(first.newPos(), newCount))
                .append(" @@\n");
        for (Op o : ops) {
            out.append(switch (o.kind()) {
                case SAME -> ' ';
                case REMOVED -> '-';
                case ADDED -> '+';
            }).append(o.line()).append('\n');
        }
    }

    private static String range(int pos, int count) {
        int start = count == 0 ? pos : pos + 1;
        return count == 1 ? Integer.toString(start) : start + "," + count;
    }

    private static List<Op> script(List<String> a, List<String> b) {
        int n = a.size();
        int m = b.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<Op> ops = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a.get(i).equals(b.get(j))) {
                ops.add(new Op(Kind.SAME, a.get(i), i++, j++));
            } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
                ops.add(new Op(Kind.REMOVED, a.get(i), i++, j));
            } else {
                ops.add(new Op(Kind.ADDED, b.get(j), i, j++));
            }
        }
        return ops;
    }

    private static List<String> lines(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(List.of(text.split("\n", -1)));
        if (text.endsWith("\n")) {
            out.remove(out.size() - 1);
        }
        return out;
    }
}
