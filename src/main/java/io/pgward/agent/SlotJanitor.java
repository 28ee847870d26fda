package io.pgward.agent;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which physical replication slots on the leader belong to nobody any more. A slot this leader created for a
 * member that has since left the cluster holds WAL back for ever (the disk fills); it is dropped once the member has
 * been gone for {@code member_slots_ttl} and no walsender uses it, so a member that merely restarts keeps its WAL.
 * Slots this agent never saw as a member's (made by hand, by a backup tool, before an agent restart) are reported
 * once and left alone; permanent slots from {@code slots} are never touched.
 */
final class SlotJanitor {

    /** What to do this cycle: slots to drop, and slots of unknown origin seen for the first time. */
    record Review(Set<String> drop, Set<String> unknown) {}

    private final Set<String> memberSlotsSeen = new HashSet<>();
    private final Map<String, Instant> goneSince = new HashMap<>();
    private final Set<String> reportedUnknown = new HashSet<>();

    /**
     * @param memberSlots the slots the current members need
     * @param existing    the physical slots on the server, true when active
     */
    Review review(Collection<String> memberSlots, Map<String, Boolean> existing, Collection<String> permanent,
                  Instant now, Duration ttl) {
        memberSlotsSeen.addAll(memberSlots);
        Set<String> drop = new TreeSet<>();
        Set<String> unknown = new TreeSet<>();
        for (Map.Entry<String, Boolean> slot : existing.entrySet()) {
            String name = slot.getKey();
            if (memberSlots.contains(name) || permanent.contains(name)) {
                goneSince.remove(name);
            } else if (!memberSlotsSeen.contains(name)) {
                if (reportedUnknown.add(name)) {
                    unknown.add(name);
                }
            } else {
                Instant since = goneSince.computeIfAbsent(name, n -> now);
                if (!slot.getValue() && !since.plus(ttl).isAfter(now)) {
                    drop.add(name);
                }
            }
        }
        goneSince.keySet().retainAll(existing.keySet());
        return new Review(drop, unknown);
    }
}
