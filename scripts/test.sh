#!/usr/bin/env bash
# The whole test suite: installs what is missing, then unit tests (Surefire), integration tests against real etcd
# and PostgreSQL 15 processes (Failsafe; PatronictlIT drives Patroni's own patronictl against pgward), the
# life-cycle integration tests again on PostgreSQL 18 (PGWARD_TEST_PG18=0 skips building and testing 18), and the
# benchmark harness's smoke run (judges no timing; PGWARD_BENCH_SMOKE=0 skips it). .ci/run calls exactly this.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# PostgreSQL 18 is built once (several minutes) unless PGWARD_TEST_PG18=0.
pg18="${PGWARD_TEST_PG18:-1}"
if [ "$pg18" = 1 ]; then bash "$here/scripts/setup.sh" --with-test-tools --with-pg18; else bash "$here/scripts/setup.sh" --with-test-tools; fi
cd "$here"

PG18_ITS='BootstrapIT,FailoverIT,SyncReplicationIT,DivergedRejoinIT,ReplicationSlotsIT,PromotionLeaseIT,FailedBootstrapIT,FailedCloneStartIT,ReloadSignalIT,PostgresTlsIT'

# Debian's Patroni: for the patronictl compatibility test and the benchmark's comparison. Not required.
tools=both
if ! [ -x /usr/bin/patroni ] && ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q patroni >/dev/null; then
  echo "test.sh: Debian's patroni package could not be installed: PatronictlIT is skipped and the benchmark smoke" \
    "run covers pgward only" >&2
  tools=pgward
fi

mvn -B -ntp verify "$@"

# The integration tests of the life cycle that depends on the server version again on PostgreSQL 18 (the fault,
# etcd, pause, REST, CLI and patronictl suites run on 15 only, within CI's time budget).
if [ "$pg18" = 1 ]; then
  mvn -B -ntp failsafe:integration-test failsafe:verify -Dpgward.test.pgBin=/usr/lib/postgresql/18/bin \
    -Dit.test="$PG18_ITS" "$@"
fi

if [ "${PGWARD_BENCH_SMOKE:-1}" = 1 ]; then
  bench/run --trials 1 --quick --tool "$tools"
fi
