# Sourced by bench/run and bench/backup: the checks every benchmark needs, the copy of the jar and the compiled
# harness under $base. Expects $here (the repository) and $base (the benchmark's directory) to be set.

die() { echo "$(basename "$0"): $*" >&2; exit 1; }

check_machine() {
  [ "$(id -u)" = 0 ] || die "run as root (agents start PostgreSQL as the OS user postgres)"
  [ -x /usr/lib/postgresql/15/bin/postgres ] || die "PostgreSQL 15 is missing: run scripts/setup.sh"
  command -v etcd >/dev/null || die "etcd is missing: run scripts/setup.sh"
  command -v java >/dev/null || die "java is missing: run scripts/setup.sh"
  command -v javac >/dev/null || die "javac (a JDK 17) is missing: run scripts/setup.sh"
  command -v setpriv >/dev/null || die "setpriv (util-linux) is missing"
}

# Copies target/pgward.jar to $base and compiles bench/src against it into $base/classes.
build_harness() {
  if ! [ -f target/pgward.jar ]; then
    echo "$(basename "$0"): building target/pgward.jar"
    mvn -q -o -DskipTests package
  fi
  mkdir -p "$base"
  chmod 0755 "$base"
  # The agents and the harness use a copy, so a rebuild of target/ during the run changes nothing. The copy is
  # replaced by rename (never rewritten in place) so that a JVM still running from an older copy is not disturbed.
  if ! cmp -s target/pgward.jar "$base/pgward.jar"; then
    cp target/pgward.jar "$base/pgward.jar.new.$$"
    mv -f "$base/pgward.jar.new.$$" "$base/pgward.jar"
  fi
  # The harness is compiled afresh on every run, so that what runs is what bench/src holds now.
  rm -rf "$base/classes"
  mkdir -p "$base/classes"
  mapfile -t sources < <(find bench/src -name '*.java' | sort)
  javac --release 17 -cp "$base/pgward.jar" -d "$base/classes" "${sources[@]}" \
    || die "the harness under bench/src does not compile"
}
