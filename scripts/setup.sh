#!/usr/bin/env bash
# Installs what pgward needs on Debian (bookworm) and is quick when everything is present:
#   PostgreSQL 15 server + contrib, etcd (server and client), a JDK and Maven,
#   and pgvector built from Debian's source package against PostgreSQL 15.
# Safe to run again: every step checks first.
set -euo pipefail

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

apt_install postgresql-$PG_MAJOR postgresql-contrib etcd-server etcd-client \
            openjdk-17-jdk-headless maven ca-certificates procps iproute2 nftables iputils-ping

# The Debian postgresql package starts a cluster on 5432 in some setups; pgward runs its own.
if [ -d /etc/postgresql/$PG_MAJOR/main ] && command -v pg_lsclusters >/dev/null; then
  if pg_lsclusters -h 2>/dev/null | awk '$1=="'$PG_MAJOR'" && $2=="main" && $4=="online"' | grep -q .; then
    log "note: Debian's own cluster $PG_MAJOR/main is running on 5432; 'pgward up' needs that port (see --pg-port)"
  fi
fi

if [ ! -f /usr/share/postgresql/$PG_MAJOR/extension/vector.control ]; then
  log "building pgvector from Debian's source package"
  apt_install postgresql-server-dev-$PG_MAJOR build-essential dpkg-dev
  mkdir -p $APT_DIR/lists/partial $APT_DIR/cache/archives/partial $APT_DIR/src
  mirror=""
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    mirror=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources)
  fi
  if [ -z "$mirror" ] && [ -f /etc/apt/sources.list ]; then
    mirror=$(awk '$1=="deb"{for(i=2;i<=NF;i++) if ($i ~ /^https?:/) {print $i; exit}}' /etc/apt/sources.list)
  fi
  [ -n "$mirror" ] || { echo "setup: cannot find the Debian mirror in /etc/apt" >&2; exit 1; }
  echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror trixie main" > $APT_DIR/sources.list
  opts=(-o Dir::Etc::sourcelist=$APT_DIR/sources.list -o Dir::Etc::sourceparts=- \
        -o Dir::State::Lists=$APT_DIR/lists -o Dir::Cache=$APT_DIR/cache)
  apt-get "${opts[@]}" update -qq
  rm -rf $APT_DIR/src/pgvector*
  (cd $APT_DIR/src && apt-get "${opts[@]}" source -qq pgvector >/dev/null)
  srcdir=$(find $APT_DIR/src -maxdepth 1 -type d -name 'pgvector-*' | head -n1)
  make -s -C "$srcdir" PG_CONFIG=$PG_BIN/pg_config >/dev/null
  make -s -C "$srcdir" PG_CONFIG=$PG_BIN/pg_config install >/dev/null
  log "pgvector installed: $(grep default_version /usr/share/postgresql/$PG_MAJOR/extension/vector.control)"
fi

id postgres >/dev/null 2>&1 || { log "creating OS user postgres"; useradd --system --home-dir /var/lib/postgresql --create-home postgres; }
log "ready: PostgreSQL $($PG_BIN/postgres --version | awk '{print $3}'), $(etcd --version 2>/dev/null | head -n1), pgvector present"
