package io.pgward.ha;

/**
 * A primary's round of {@code POST /failsafe} to every other member of the failsafe topology, made when it cannot
 * reach etcd under failsafe_mode: it may stay primary only if every one of them accepted.
 *
 * @param detail what refused or did not answer, or who accepted
 */
public record FailsafeCheck(boolean confirmed, String detail) {}
