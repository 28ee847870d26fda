package io.pgward.ha;

import java.time.Instant;

/**
 * The {@code failover} key: a switchover (from {@code leader}) or failover (to {@code candidate}).
 * Either name may be null; {@code scheduledAt} is null for "now".
 */
public record FailoverRequest(String leader, String candidate, Instant scheduledAt) {}
