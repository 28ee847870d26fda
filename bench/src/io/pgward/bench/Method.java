package io.pgward.bench;

/** The report's "Method" section: how each figure is measured. Keep it true to the code. */
final class Method {

    static final String TEXT = """
            ## Method

            `bench/run` (a wrapper that compiles the harness, the Java sources under `bench/src`, with `javac`
            against the pgward jar and runs it with that jar on the class path for pgjdbc and Jackson) runs, for
            each profile and each trial, one fresh cluster per tool, alternating which tool goes first: a fresh
            one-member etcd, three agents started at the same moment, PostgreSQL 15 under each. pgward runs through
            `bin/pgward agent -c nX.yml` as root (it runs PostgreSQL as `postgres`); Patroni runs as
            `setpriv --reuid=postgres --regid=postgres --init-groups patroni nX.yml`. Both read the same YAML.
            Everything started is stopped by PID; logs of every cluster are kept in `/tmp/pgward-bench/logs/`.

            - **Bootstrap**: from starting the three agents (etcd already up) until the leader key names a node
              whose PostgreSQL accepts writes and the two others report `pg_stat_wal_receiver.status =
              streaming` (polled every 100 ms over SQL; the REST API is not trusted for this).
            - **Writer**: one thread INSERTs a new id every 100 ms with autocommit into whichever node accepts
              the write: it keeps its connection to the last node that took a write and, on error, tries each
              node in turn (a read-only node refuses the INSERT). An id is *acknowledged* when the INSERT returns
              without error. Every scenario starts on a healthy cluster with ≥ 2 s of writes before the event.
            - **Unavailability window**: the longest gap between two consecutive acknowledged writes among
              those ending after the event (so it includes the up-to-100 ms writer period).
              **Event to first write**: from the event to the acknowledged write that ends that gap (for a
              switchover, where the old primary keeps taking writes for a moment, the first write after the
              pause).
            - **(a)** `kill -9` of the primary's agent and everything it started (pgward's fence too) and, at the
              same instant, of its postmaster and every child: the host is lost, nothing is left to speak for
              it. *Lease TTL left* is etcd's `lease/timetolive` for the leader key just before the kill (whole
              seconds). *Leader key gone to first write* is measured from the moment the leader
              key stopped naming the old primary (etcd polled every 20 ms) to the first acknowledged write: the
              part of the window that does not wait for the lease. Once writes flow again the agent is
              restarted; *rejoin* is from that restart until the node's PostgreSQL streams from the new primary.
            - **(b)** `kill -9` of the primary's postmaster only (its children then exit by themselves).
              *Same node and timeline*: the same node is primary afterwards and its timeline (from
              `pg_walfile_name(pg_current_wal_lsn())`) did not change.
            - **(c)** `POST /switchover {"leader": <primary>, "candidate": <first streaming replica>}` to the
              primary's REST API; in synchronous mode the candidate is the synchronous standby (both tools
              refuse any other with 412). A switchover answered with anything but 200 counts as a failure.
            - **(d)** SIGTERM to the primary's agent (both tools then stop PostgreSQL and release the leader
              key). Once writes flow again the agent is restarted and its rejoin timed as for (a).
            - **(e)** `kill -9` of the primary's agent process and, at the same instant, of its postmaster, by PID
              (a process crash on a live host): the postmaster's other processes outlive it until they notice,
              pgward's fence outlives the agent. Measured and restarted as (a).
            - **(f)** and **(g)**, run only when named (`--scenarios f,g`): the cluster's only etcd member
              frozen with SIGSTOP for 40 s, then thawed; (g) with `failsafe_mode: true` set by `PATCH /config`
              before the freeze (and removed afterwards), once the leader has written the `failsafe` key. The
              window is the longest write gap from the freeze until a write acknowledged after the thaw.
            - **Through HAProxy** (`--haproxy`, on when Debian's `haproxy` is installed): after bootstrap
              `pgward haproxy-config` writes the HAProxy configuration from the members in etcd (for Patroni's
              cluster too: same keys, same REST API; check timing derived from `loop_wait`), HAProxy 2.6 runs
              it, and in every scenario a second writer INSERTs every 100 ms through HAProxy's read-write port,
              reconnecting to that port after any error, as an application behind a router does. *Write gap
              through HAProxy* is its longest gap after the event, measured as the window above; *HAProxy's
              addition* is that gap minus the direct writer's window in the same run (the direct writer finds
              the new primary by trying every node, HAProxy by its health checks); its acknowledged writes are
              checked on the new primary as well.
            - **Lost writes**: acknowledged ids missing on the primary after the cluster is healthy again
              (1 leader + 2 streaming, the old primary included). *Synchronous mode* is switched on with
              `PATCH /config {"synchronous_mode": true}` after the asynchronous scenarios, and each scenario
              waits until PostgreSQL reports a `sync` standby and the `/sync` key names it.
            - **Idle**: with no writer and a healthy cluster, CPU time (`/proc/<pid>/stat` utime + stime +
              reaped children) and resident memory (`VmRSS`) of each agent process (the JVM for pgward, the
              Python interpreter for Patroni; PostgreSQL not included) over the idle phase.
            - **REST**: a raw HTTP/1.1 client on one TCP connection, reused as long as the server keeps it
              alive (Patroni's server speaks HTTP/1.0 and closes after each response, so each of its requests
              includes a TCP connect), `GET /primary` on the leader and `GET /replica` on a replica, after a
              warm-up (2000 requests, or as many as fit in 20 s); then several such clients at once for the
              requests-per-second figure. Client and servers
              share the machine's cores.
            """;

    private Method() {
    }
}
