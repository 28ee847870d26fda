#!/usr/bin/env bash
# The whole test suite: installs what is missing, then unit tests (Surefire), integration tests against real etcd
# and PostgreSQL processes (Failsafe), and the benchmark harness's smoke run (judges no timing; PGWARD_BENCH_SMOKE=0
# skips it). .ci/run calls exactly this.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$here/scripts/setup.sh"
cd "$here"
mvn -B -ntp verify "$@"

if [ "${PGWARD_BENCH_SMOKE:-1}" = 1 ]; then
  tools=both
  if ! [ -x /usr/bin/patroni ] && ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q patroni >/dev/null; then
    echo "test.sh: Debian's patroni package could not be installed: the benchmark smoke run covers pgward only" >&2
    tools=pgward
  fi
  bench/run --trials 1 --quick --tool "$tools"
fi
