package io.pgward.ha;

/**
 * What this node recorded next to its data directory about an in-place restore: the request it stopped its
 * PostgreSQL for, and whether it has restored the repository itself (the chosen node, once recovered and promoted).
 * It survives an agent restart, so a step is never repeated.
 */
public record RestoreMark(String id, boolean restored) {

    /** The file's one line: the id, then " restored" once restored. */
    public String text() {
        return restored ? id + " restored" : id;
    }

    /** The mark in a file's text; null when empty or unreadable. */
    public static RestoreMark parse(String text) {
        String[] words = text.strip().split("\\s+");
        if (words.length == 0 || words[0].isEmpty() || words.length > 2
                || (words.length == 2 && !"restored".equals(words[1]))) {
            return null;
        }
        return new RestoreMark(words[0], words.length == 2);
    }

    public boolean isFor(RestoreRequest r) {
        return r != null && id.equals(r.id());
    }
}
