#!/usr/bin/env bash
# The whole test suite: installs what is missing, then unit tests (Surefire), integration tests against real etcd
# and PostgreSQL processes (Failsafe; PatronictlIT drives Patroni's own patronictl against pgward), and the
# benchmark harness's smoke run (judges no timing; PGWARD_BENCH_SMOKE=0 skips it). .ci/run calls exactly this.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$here/scripts/setup.sh"
cd "$here"

# Debian's Patroni: for the patronictl compatibility test and the benchmark's comparison. Not required.
tools=both
if ! [ -x /usr/bin/patroni ] && ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q patroni >/dev/null; then
  echo "test.sh: Debian's patroni package could not be installed: PatronictlIT is skipped and the benchmark smoke" \
    "run covers pgward only" >&2
  tools=pgward
fi

mvn -B -ntp verify "$@"

if [ "${PGWARD_BENCH_SMOKE:-1}" = 1 ]; then
  bench/run --trials 1 --quick --tool "$tools"
fi
