#!/usr/bin/env bash
# Installs what pgward needs on Debian (bookworm) and is quick when everything is present:
#   PostgreSQL 15 server + contrib, pgBackRest, etcd (server and client), a JDK and Maven, and pgvector built from
#   Debian's source package against PostgreSQL 15.
# --with-pg18 also builds PostgreSQL 18 from Debian's source package, once (without pgvector: see below).
# --with-test-tools also installs what only the test suite uses: headless Chromium, HAProxy, PgBouncer, Prometheus's
#   promtool and s3rver (an S3-compatible server, from npm, pinned, into /opt/pgward-s3rver) for the S3 repository test.
# Safe to run again: every step checks first.
set -euo pipefail

WITH_PG18=0
WITH_TEST_TOOLS=0
for arg in "$@"; do
  case "$arg" in
    --with-pg18) WITH_PG18=1 ;;
    --with-test-tools) WITH_TEST_TOOLS=1 ;;
    *) echo "setup: unknown option $arg (known: --with-pg18, --with-test-tools)" >&2; exit 2 ;;
  esac
done

PG_MAJOR=15
PG_BIN=/usr/lib/postgresql/$PG_MAJOR/bin
APT_DIR=/var/cache/pgward-apt
log() { printf 'setup: %s\n' "$*"; }

if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then exec sudo -E bash "$0" "$@"; fi
  echo "setup: must run as root (apt-get install); try: sudo $0" >&2; exit 1
fi
export DEBIAN_FRONTEND=noninteractive

missing_packages() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || printf '%s ' "$p"
  done
}

apt_updated=0
apt_install() {
  local want
  want=$(missing_packages "$@")
  [ -z "$want" ] && return 0
  if [ "$apt_updated" -eq 0 ]; then log "apt-get update"; apt-get update -qq; apt_updated=1; fi
  log "installing $want"
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $want >/dev/null
}

apt_install postgresql-$PG_MAJOR postgresql-contrib pgbackrest etcd-server etcd-client \
            openjdk-17-jdk-headless maven ca-certificates procps iproute2 nftables iputils-ping curl
if [ "$WITH_TEST_TOOLS" = 1 ]; then
  # headless Chromium for the dashboard's browser test (DashboardIT), with a font for its screenshot
  apt_install chromium fonts-dejavu-core

  # HAProxy (pgward haproxy-config is checked with haproxy -c; HaproxyIT and HaproxyNotifyIT route through it),
  # PgBouncer (PgBouncerIT: the agents pause and repoint it around a switchover) and Prometheus (its promtool tests
  # the shipped alert rules). The tests start HAProxy and PgBouncer themselves; the packages' own services are not
  # wanted: on a machine run by systemd they start at install (Prometheus on port 9090, PgBouncer on 6432), so they
  # are stopped and disabled, once, when they are first installed here.
  services_new=$(missing_packages haproxy prometheus pgbouncer)
  apt_install haproxy prometheus pgbouncer
  if [ -n "$services_new" ]; then
    for unit in prometheus haproxy pgbouncer; do
      if [ -d /run/systemd/system ]; then
        systemctl disable --now "$unit.service" >/dev/null 2>&1 || true
      elif [ -x "/etc/init.d/$unit" ]; then   # sysvinit (no policy-rc.d stopped the start)
        if "/etc/init.d/$unit" status >/dev/null 2>&1; then "/etc/init.d/$unit" stop >/dev/null 2>&1 || true; fi
        update-rc.d "$unit" disable >/dev/null 2>&1 || true
      fi
    done
    log "the haproxy, prometheus and pgbouncer services are stopped and disabled (the tests start HAProxy and PgBouncer themselves)"
  fi

  # s3rver, an S3-compatible server in Node.js, for S3RepositoryIT (pgBackRest's S3 repositories); the test starts
  # it itself. Pinned, in a prefix of its own so nothing global changes.
  S3RVER_VERSION=3.7.1
  S3RVER_PREFIX=/opt/pgward-s3rver
  if [ "$(cat $S3RVER_PREFIX/node_modules/s3rver/package.json 2>/dev/null | sed -n 's/^  "version": "\(.*\)",$/\1/p')" != "$S3RVER_VERSION" ]; then
    apt_install nodejs npm
    log "installing s3rver $S3RVER_VERSION into $S3RVER_PREFIX"
    mkdir -p $S3RVER_PREFIX
    if ! npm install --prefix $S3RVER_PREFIX --no-audit --no-fund --loglevel=error "s3rver@$S3RVER_VERSION" >/dev/null; then
      log "warning: s3rver could not be installed from npm: S3RepositoryIT will be skipped"
    fi
  fi
fi

# The Debian postgresql package starts a cluster on 5432 in some setups; pgward runs its own.
if [ -d /etc/postgresql/$PG_MAJOR/main ] && command -v pg_lsclusters >/dev/null; then
  if pg_lsclusters -h 2>/dev/null | awk '$1=="'$PG_MAJOR'" && $2=="main" && $4=="online"' | grep -q .; then
    log "note: Debian's own cluster $PG_MAJOR/main is running on 5432; 'pgward up' needs that port (see --pg-port)"
  fi
fi

# A private apt configuration holding one deb-src line, so the machine's own sources stay untouched.
source_opts=()
use_debian_sources() {
  local suite=$1 mirror=""
  mkdir -p $APT_DIR/lists/partial $APT_DIR/cache/archives/partial $APT_DIR/src
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    mirror=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources)
  fi
  if [ -z "$mirror" ] && [ -f /etc/apt/sources.list ]; then
    mirror=$(awk '$1=="deb"{for(i=2;i<=NF;i++) if ($i ~ /^https?:/) {print $i; exit}}' /etc/apt/sources.list)
  fi
  [ -n "$mirror" ] || { echo "setup: cannot find the Debian mirror in /etc/apt" >&2; exit 1; }
  echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror $suite main" > $APT_DIR/sources-$suite.list
  source_opts=(-o Dir::Etc::sourcelist=$APT_DIR/sources-$suite.list -o Dir::Etc::sourceparts=- \
               -o Dir::State::Lists=$APT_DIR/lists-$suite -o Dir::Cache=$APT_DIR/cache)
  mkdir -p $APT_DIR/lists-$suite/partial
  apt-get "${source_opts[@]}" update -qq
}

# Fetches a Debian source package (checksums verified against the signed index) and prints its directory.
fetch_source() {
  local package=$1 dir
  rm -rf "$APT_DIR/src/$package"; mkdir -p "$APT_DIR/src/$package"
  (cd "$APT_DIR/src/$package" && apt-get "${source_opts[@]}" source -qq "$package" >/dev/null)
  dir=$(find "$APT_DIR/src/$package" -mindepth 1 -maxdepth 1 -type d | head -n1)
  [ -n "$dir" ] || { echo "setup: apt-get source $package left no directory" >&2; exit 1; }
  printf '%s' "$dir"
}

# pgvector from Debian's source package, built against one PostgreSQL major version.
install_pgvector() {
  local pg_config=$1 suite=$2 sharedir srcdir
  sharedir=$($pg_config --sharedir)
  [ -f "$sharedir/extension/vector.control" ] && return 0
  log "building pgvector ($suite) for $($pg_config --version)"
  apt_install build-essential dpkg-dev ${3:-}
  use_debian_sources "$suite"
  srcdir=$(fetch_source pgvector)
  make -s -C "$srcdir" PG_CONFIG="$pg_config" >/dev/null
  make -s -C "$srcdir" PG_CONFIG="$pg_config" install >/dev/null
  log "pgvector installed: $(grep default_version "$sharedir/extension/vector.control")"
}

install_pgvector $PG_BIN/pg_config trixie postgresql-server-dev-$PG_MAJOR

# PostgreSQL 18 (--with-pg18): Debian's postgresql-18 source package from unstable, with Debian's patches,
# built once into /usr/lib/postgresql/18 (server, client programs, pg_stat_statements).
PG18=/usr/lib/postgresql/18
if [ "$WITH_PG18" = 1 ] && [ ! -x $PG18/bin/postgres ]; then
  log "building PostgreSQL 18 from Debian's source package (once; several minutes)"
  apt_install build-essential dpkg-dev bison flex pkg-config libssl-dev zlib1g-dev liblz4-dev libzstd-dev
  use_debian_sources unstable
  srcdir=$(fetch_source postgresql-18)
  build=$APT_DIR/src/postgresql-18/build
  mkdir -p "$build"
  (cd "$build" && "$srcdir/configure" -q --prefix=$PG18 --with-openssl --with-lz4 --with-zstd \
       --without-icu --without-readline >/dev/null)
  make -s -C "$build" -j"$(nproc)" >/dev/null
  make -s -C "$build/contrib/pg_stat_statements" >/dev/null
  make -s -C "$build" install >/dev/null
  make -s -C "$build/contrib/pg_stat_statements" install >/dev/null
  rm -rf "$build"
  log "PostgreSQL 18 installed: $($PG18/bin/postgres --version)"
fi
# No pgvector for 18: trixie's pgvector (0.8.0) does not compile against PostgreSQL 18 and the version that does
# (unstable's 0.8.7) is not served by the mirror; the tests create the extension only where it is installed.

id postgres >/dev/null 2>&1 || { log "creating OS user postgres"; useradd --system --home-dir /var/lib/postgresql --create-home postgres; }
pg_versions=$($PG_BIN/postgres --version | awk '{print $3}')
[ -x $PG18/bin/postgres ] && pg_versions="$pg_versions and $($PG18/bin/postgres --version | awk '{print $3}')"
log "ready: PostgreSQL $pg_versions, $(etcd --version 2>/dev/null | head -n1), pgvector present"
