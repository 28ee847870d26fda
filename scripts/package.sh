#!/usr/bin/env bash
# Builds the Debian package target/pgward_<version>_all.deb and prints its path on the last line.
# The jar is built first when it is missing or older than the sources; the package's version is the one the jar
# reports (the pom's, 0.1.0-SNAPSHOT becoming 0.1.0~SNAPSHOT so that it sorts before the 0.1.0 release).
# Needs a JDK, dpkg-deb and gzip; any user can run it (dpkg-deb --root-owner-group makes every file root's).
# The maintainer field comes from DEBFULLNAME and DEBEMAIL when set.
set -euo pipefail
umask 022
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
src=packaging/deb
jar=target/pgward.jar
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"

for tool in dpkg-deb gzip md5sum "$java_bin"; do
  command -v "$tool" >/dev/null || { echo "package.sh: $tool not found (apt-get install dpkg-dev gzip default-jdk-headless)" >&2; exit 1; }
done

if [ ! -f "$jar" ] || [ -n "$(find pom.xml src/main -newer "$jar" -print -quit)" ]; then
  echo "package.sh: building $jar" >&2
  mvn -B -ntp -q package -DskipTests
fi

version="$("$java_bin" -jar "$jar" --version | awk '{print $2}')"
deb_version="${version//-/\~}"
if ! [[ "$deb_version" =~ ^[0-9][A-Za-z0-9.+~]*$ ]]; then
  echo "package.sh: the jar reports version '$version', which makes no Debian version" >&2
  exit 1
fi
docs() { "$java_bin" -cp "$jar" io.pgward.cli.PackageDocs "$1"; }

root=target/deb/root
rm -rf target/deb
install -d "$root/DEBIAN" "$root/usr/bin" "$root/usr/share/pgward" "$root/lib/systemd/system" "$root/etc/pgward" \
  "$root/usr/share/bash-completion/completions" "$root/usr/share/man/man1" "$root/usr/share/doc/pgward"

install -m 0644 "$jar" "$root/usr/share/pgward/pgward.jar"
# The launcher is bin/pgward with the installed jar's path, so both keep the same JVM flags.
sed -e 's|^jar=.*|jar="${PGWARD_JAR:-/usr/share/pgward/pgward.jar}"|' \
    -e 's|^missing=.*|missing="reinstall the pgward package"|' bin/pgward > "$root/usr/bin/pgward"
if [ "$(grep -c -e '^jar="${PGWARD_JAR:-/usr/share/pgward/pgward.jar}"$' -e '^missing="reinstall' "$root/usr/bin/pgward")" != 2 ]; then
  echo "package.sh: bin/pgward no longer has the jar= and missing= lines this script replaces" >&2
  exit 1
fi
chmod 0755 "$root/usr/bin/pgward"
install -m 0644 "$src/pgward.service" "$root/lib/systemd/system/pgward.service"
# 0640 already in the package; postinst gives the group postgres (which may not exist before it runs).
install -m 0640 "$src/pgward.yml" "$root/etc/pgward/pgward.yml"
docs bash-completion > "$root/usr/share/bash-completion/completions/pgward"
docs man | gzip -9n > "$root/usr/share/man/man1/pgward.1.gz"
install -m 0644 "$src/copyright" "$root/usr/share/doc/pgward/copyright"
# Prometheus alert rules and the Grafana dashboard (docs/routing-and-monitoring.md), as the repository holds them.
install -d "$root/usr/share/doc/pgward/monitoring"
install -m 0644 monitoring/pgward-alerts.yml monitoring/pgward-dashboard.json "$root/usr/share/doc/pgward/monitoring/"
# A native package's changelog: this build only (the project's history is in git).
printf 'pgward (%s) unstable; urgency=medium\n\n  * Built from pgward %s%s.\n\n -- %s  %s\n' \
  "$deb_version" "$version" "$(git rev-parse --short HEAD 2>/dev/null | sed 's/^/, commit /')" \
  "${DEBFULLNAME:-pgward maintainers} <${DEBEMAIL:-maintainers@pgward.invalid}>" \
  "$(date -R -d "@$(git log -1 --format=%ct 2>/dev/null || date +%s)")" \
  | gzip -9n > "$root/usr/share/doc/pgward/changelog.gz"
chmod 0644 "$root"/usr/share/bash-completion/completions/pgward "$root"/usr/share/man/man1/pgward.1.gz \
  "$root"/usr/share/doc/pgward/changelog.gz

install -m 0644 "$src/conffiles" "$root/DEBIAN/conffiles"
for script in postinst prerm postrm; do
  install -m 0755 "$src/$script" "$root/DEBIAN/$script"
done
sed -e "s|@VERSION@|$deb_version|" \
    -e "s|@MAINTAINER@|${DEBFULLNAME:-pgward maintainers} <${DEBEMAIL:-maintainers@pgward.invalid}>|" \
    -e "s|@INSTALLED_SIZE@|$(du -sk --exclude=DEBIAN "$root" | cut -f1)|" "$src/control" > "$root/DEBIAN/control"
(cd "$root" && find . -type f ! -path './DEBIAN/*' ! -path './etc/*' -printf '%P\0' | sort -z | xargs -0 md5sum) \
  > "$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"

deb="target/pgward_${deb_version}_all.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "$here/$deb"
