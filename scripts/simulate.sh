#!/usr/bin/env bash
# The deterministic whole-cluster simulation (src/test/java/io/pgward/sim): no etcd, no PostgreSQL, no root.
#   scripts/simulate.sh                    seeds 1..100
#   scripts/simulate.sh --seeds N          seeds 1..N; each failure prints its seed, the invariant and the trace
#   scripts/simulate.sh --seed S           replays seed S and prints its trace (add --verbose for every commit)
#   scripts/simulate.sh --minutes M        simulated minutes of faults per seed (default 4)
# Exits 1 when a seed breaks an invariant.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
mvn -B -ntp -q -Dstyle.color=never test-compile 1>&2
classpath_file=target/sim-classpath.txt
if [ ! -s "$classpath_file" ] || [ pom.xml -nt "$classpath_file" ]; then
  mvn -B -ntp -q -Dstyle.color=never dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file" >/dev/null
fi
exec java -cp "target/test-classes:target/classes:$(cat "$classpath_file")" io.pgward.sim.SimMain "$@"
