package io.pgward.postgres;

import java.util.Locale;

/** Replication slot names derived from member names, as Patroni derives them. */
public final class SlotNames {
    private SlotNames() {}

    public static String forMember(String member) {
        return member.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }
}
