package io.pgward.agent;

import io.pgward.ha.LocalChange;
import io.pgward.ha.LocalState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Asked by the sleeping loop every second: whether the local PostgreSQL changed since the last observation
 * ({@link LocalChange}). Only replicas and servers not yet answering are asked about (one light query), a primary
 * costs nothing. The same difference wakes the loop once: should the light query and the cycle's observation ever
 * disagree, the loop does not spin.
 */
final class LocalChangeCheck implements BooleanSupplier {

    private static final Logger log = LoggerFactory.getLogger(LocalChangeCheck.class);

    private final NodeContext ctx;
    private LocalState reportedState;
    private LocalChange.Pulse reportedPulse;

    LocalChangeCheck(NodeContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public boolean getAsBoolean() {
        LocalState last = ctx.lastLocal;
        if (!LocalChange.worthWatching(last)) {
            return false;
        }
        LocalChange.Pulse now = ctx.postgres.pulse();
        Optional<String> change = LocalChange.since(last, now);
        if (change.isEmpty() || (last.equals(reportedState) && now.equals(reportedPulse))) {
            return false;
        }
        reportedState = last;
        reportedPulse = now;
        log.debug("next cycle now: {}", change.get());
        return true;
    }
}
