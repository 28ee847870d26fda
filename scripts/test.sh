#!/usr/bin/env bash
# The whole test suite: installs what is missing, then unit tests (Surefire) and integration tests against
# real etcd and PostgreSQL processes (Failsafe). .ci/run calls exactly this.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$here/scripts/setup.sh"
cd "$here"
mvn -B -ntp verify "$@"
