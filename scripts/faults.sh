#!/usr/bin/env bash
# The whole fault-injection suite (every scenario, async and synchronous mode), or a random soak run:
#   scripts/faults.sh                      all named scenarios, single etcd and 3-member etcd (about 25 minutes)
#   scripts/faults.sh --random SEED STEPS [sync]   a reproducible random sequence of STEPS faults
#   scripts/faults.sh --ci-subset N        the scenarios CI runs, N times in a row (a line per run and scenario)
# Needs root (network namespaces). Per-scenario figures go to target/reliability-results.tsv.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$here/scripts/setup.sh"
cd "$here"
mvn -B -ntp -q -DskipTests package
if [ "${1:-}" = "--random" ]; then
  seed="${2:?seed}"; steps="${3:-20}"; sync=false; [ "${4:-}" = "sync" ] && sync=true
  exec mvn -B -ntp verify -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=RandomFaultsIT \
       -Dpgward.faults.seed="$seed" -Dpgward.faults.steps="$steps" -Dpgward.faults.sync="$sync"
fi
if [ "${1:-}" = "--ci-subset" ]; then
  runs="${2:?number of runs}"; failures=0
  for i in $(seq 1 "$runs"); do
    out="target/faults-ci-run-$i.log"
    if mvn -B -ntp verify -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
         -Dit.test='AsyncFaultsIT,SyncFaultsIT' >"$out" 2>&1; then verdict=PASS; else verdict=FAIL; failures=$((failures + 1)); fi
    echo "run $i of $runs: $verdict ($out)"
    grep '^FAULT .*\(PASS\|FAIL\) unavailable' "$out" | sed 's/^/  /' || true
  done
  echo "ci-subset: $((runs - failures)) passed, $failures failed"
  [ "$failures" -eq 0 ]
  exit
fi
exec mvn -B -ntp verify -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
     -Dit.test='AsyncFaultsIT,SyncFaultsIT,EtcdAsyncFaultsIT,EtcdSyncFaultsIT,FastProfileFaultsIT' -Dpgward.faults=all
