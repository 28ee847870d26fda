package io.pgward.config;

/** The PostgreSQL roles pgward uses (postgresql.authentication). {@code rewind} is null when not configured. */
public record Authentication(Credentials superuser, Credentials replication, Credentials rewind) {
}
