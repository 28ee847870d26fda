#!/usr/bin/env bash
# One command from a fresh Debian machine to a running local 3-node cluster:
# installs what is missing, builds pgward, and runs 'pgward up' (extra arguments go to it).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$here/scripts/setup.sh"
if [ ! -f "$here/target/pgward.jar" ] || [ -n "$(find "$here/src" "$here/pom.xml" -newer "$here/target/pgward.jar" -print -quit)" ]; then
  echo "up: building pgward"
  (cd "$here" && mvn -q -DskipTests package)
fi
exec "$here/bin/pgward" up "$@"
