package io.pgward.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Suggests the known name a misspelt one was probably meant to be. */
final class DidYouMean {

    private static final int MAX_DISTANCE = 2;

    private DidYouMean() {
    }

    /** The closest candidate within edit distance 2 (transpositions count 1), or sharing a prefix of 4+ characters. */
    static Optional<String> suggest(String wrong, Collection<String> candidates) {
        String w = wrong.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            String c = candidate.toLowerCase(Locale.ROOT);
            int d = distance(w, c);
            boolean close = d <= MAX_DISTANCE && d < Math.max(w.length(), c.length());
            boolean prefix = Math.min(w.length(), c.length()) >= 4 && (c.startsWith(w) || w.startsWith(c));
            if ((close || prefix) && d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The closest candidate within edit distance 2 only (no prefix matches): for names that may be intended. */
    static Optional<String> typo(String wrong, Collection<String> candidates) {
        return suggest(wrong, candidates).filter(s -> distance(wrong.toLowerCase(Locale.ROOT),
                s.toLowerCase(Locale.ROOT)) <= MAX_DISTANCE);
    }

    /** " (did you mean 'x'?)" or "". */
    static String hint(String wrong, Collection<String> candidates) {
        return suggest(wrong, candidates).map(s -> " (did you mean '" + s + "'?)").orElse("");
    }

    /** Optimal string alignment (restricted Damerau-Levenshtein) distance. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
