#!/usr/bin/env bash
# Builds Federa's container images with podman and no registry (FACTS.md §6), as root on Debian 12:
#
#   scripts/image.sh portal     the portal (localhost/federa/portal:<version> and :latest)
#   scripts/image.sh keycloak   Keycloak with PostgreSQL support (localhost/federa/keycloak:<version>)
#   scripts/image.sh postgres   PostgreSQL 15 from Debian (localhost/federa/postgres:15)
#   scripts/image.sh all        the three (what docker-compose.yml runs)
#   scripts/image.sh base       only the bases: localhost/federa/debian:bookworm (debootstrap minbase)
#                               and localhost/federa/jre:25 (a jlink'ed JRE on it)
#   scripts/image.sh save FILE  writes the portal image to FILE (docker-archive, for `podman load` or
#                               `docker load` elsewhere, or to push to a site's registry)
#
# The bases are built once (~2 min) and kept in podman's storage under FEDERA_CONTAINERS_DIR
# (default /var/tmp/federa-containers), rebuilt only when their recipe changes; then the portal
# image takes seconds. Keycloak's zip comes from Maven Central through ~/.m2 (as scripts/keycloak.sh).
#
# Environment:
#   FEDERA_JAR                  a production jar to package instead of building one; by default
#                               ./mvnw -Pproduction package builds it into target/image-build/
#   FEDERA_CONTAINERS_DIR       podman storage and settings (default /var/tmp/federa-containers)
#   FEDERA_IMAGE_MIRROR         Debian mirror for debootstrap (default: the host's, from /etc/apt)
#   FEDERA_KEYCLOAK_VERSION     default 26.7.3
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib/common.sh
source "$ROOT/scripts/lib/common.sh"
# shellcheck source=scripts/lib/containers.sh
source "$ROOT/scripts/lib/containers.sh"

KC_VERSION=${FEDERA_KEYCLOAK_VERSION:-26.7.3}
BUILD=$FEDERA_CONTAINERS_DIR/build
T0=$SECONDS
say() { echo "image: [$((SECONDS - T0))s] $*"; }
die() { echo "image: ERROR: $*" >&2; exit 1; }

# recipe KEY-PARTS...: a short hash of files and strings that decide an image's content
recipe() { { for p in "$@"; do if [ -f "$p" ]; then cat "$p"; else echo "$p"; fi; done; } | sha256sum | cut -c1-16; }
# recipe_of IMAGE: the recipe IMAGE was built from (its label)
recipe_of() { podman image inspect --format '{{index .Labels "io.federa.recipe"}}' "$1" 2>/dev/null || true; }
# current IMAGE RECIPE: true when IMAGE exists and was built from RECIPE
current() { [ "$(recipe_of "$1")" = "$2" ]; }
build() {   # build IMAGE RECIPE CONTAINERFILE CONTEXT [podman build args...]
  local image=$1 key=$2 file=$3 ctx=$4
  shift 4
  podman build --pull=never --format docker --quiet --layers --label "io.federa.recipe=$key" \
    -f "$file" -t "$image" "$@" "$ctx" >/dev/null
}

# the host's Debian mirror (deb822 "URIs:" or one-line "deb URI")
host_mirror() {
  grep -hoE '(URIs:[[:space:]]*|^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?)[a-z]+://[^[:space:]]+' \
      /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list /etc/apt/sources.list 2>/dev/null \
    | grep -oE '[a-z]+://[^[:space:]]+' | grep -E '/debian/?$' | head -1 || true
}

DEBIAN_IMAGE=localhost/federa/debian:bookworm
JRE_IMAGE=localhost/federa/jre:25
JRE_MODULES=java.se,jdk.unsupported,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.naming.dns,jdk.zipfs,jdk.net,\
jdk.management,jdk.management.agent,jdk.management.jfr,jdk.jfr,jdk.jcmd,jdk.attach,jdk.localedata,jdk.charsets,\
jdk.security.auth,jdk.security.jgss,jdk.httpserver

debian_base() {
  local mirror=${FEDERA_IMAGE_MIRROR:-$(host_mirror)}
  [ -n "$mirror" ] || die "no Debian mirror found in /etc/apt; set FEDERA_IMAGE_MIRROR"
  local key
  # bump the version when the steps below change
  key=$(recipe "debian bookworm minbase, ca-certificates, slim dpkg, no .debs; v2" "$mirror")
  current "$DEBIAN_IMAGE" "$key" && return 0
  local dir=$BUILD/rootfs-bookworm
  say "building $DEBIAN_IMAGE: debootstrap --variant=minbase bookworm ($mirror)"
  rm -rf "$dir"
  mkdir -p "$BUILD"
  debootstrap --variant=minbase --include=ca-certificates bookworm "$dir" "$mirror" >"$BUILD/debootstrap.log" 2>&1 \
    || { tail -20 "$BUILD/debootstrap.log" >&2; die "debootstrap failed (log $BUILD/debootstrap.log)"; }
  local sec=${mirror%/debian*}/debian-security
  printf 'deb %s bookworm main\ndeb %s bookworm-updates main\ndeb %s bookworm-security main\n' \
    "$mirror" "$mirror" "$sec" >"$dir/etc/apt/sources.list"
  # keep documentation, manuals and translations out of this and every later layer
  cat >"$dir/etc/dpkg/dpkg.cfg.d/01-federa-slim" <<'EOF'
path-exclude=/usr/share/doc/*
path-include=/usr/share/doc/*/copyright
path-exclude=/usr/share/man/*
path-exclude=/usr/share/info/*
path-exclude=/usr/share/locale/*
path-exclude=/usr/share/lintian/*
EOF
  find "$dir/usr/share/doc" -mindepth 1 ! -name copyright ! -type d -delete 2>/dev/null || true
  rm -rf "$dir"/usr/share/{man,info,locale,lintian}/* "$dir"/var/lib/apt/lists/* "$dir"/var/cache/apt/*.bin \
    "$dir"/var/cache/apt/archives/*.deb \
    "$dir"/var/cache/debconf/*-old "$dir"/var/log/*.log "$dir"/tmp/* "$dir"/root/.bash_history
  tar -C "$dir" --numeric-owner -c . \
    | podman import --quiet --change 'CMD ["/bin/bash"]' --change "LABEL io.federa.recipe=$key" - "$DEBIAN_IMAGE" >/dev/null
  rm -rf "$dir"
  say "built $DEBIAN_IMAGE ($(image_size "$DEBIAN_IMAGE"))"
}

jre_base() {
  use_java
  local version key
  version=$("$JAVA_HOME/bin/java" -version 2>&1 | head -2 | tr '\n' ' ')
  key=$(recipe "$ROOT/container/jre/Containerfile" "$version" "$JRE_MODULES" "$(recipe_of "$DEBIAN_IMAGE")")
  current "$JRE_IMAGE" "$key" && return 0
  local ctx=$BUILD/jre
  say "building $JRE_IMAGE: jlink from $JAVA_HOME ($version)"
  rm -rf "$ctx"
  mkdir -p "$ctx"
  "$JAVA_HOME/bin/jlink" --add-modules "$JRE_MODULES" --strip-debug --no-man-pages --no-header-files \
    --compress=zip-6 --generate-cds-archive --output "$ctx/jre"
  build "$JRE_IMAGE" "$key" "$ROOT/container/jre/Containerfile" "$ctx" --build-arg "BASE=$DEBIAN_IMAGE"
  rm -rf "$ctx"
  say "built $JRE_IMAGE ($(image_size "$JRE_IMAGE"))"
}

bases() { debian_base; jre_base; }

image_size() { podman image inspect --format '{{.Size}}' "$1" | awk '{ printf "%.0f MB", $1 / 1000000 }'; }

production_jar() {
  if [ -n "${FEDERA_JAR:-}" ]; then
    [ -f "$FEDERA_JAR" ] || die "FEDERA_JAR=$FEDERA_JAR does not exist"
    echo "$FEDERA_JAR"
    return 0
  fi
  use_java
  local out=$ROOT/target/image-build
  if [ -f "$out/federa.jar" ] && [ -z "$(frontend_or_sources_newer_than "$out/federa.jar")" ]; then
    say "the production jar $out/federa.jar is newer than the sources" >&2
  else
    say "building the production jar into $out (./mvnw -Pproduction package)" >&2
    (cd "$ROOT" && ./mvnw -B -q -ntp -Pproduction -Dmaven.test.skip=true -Dspotless.check.skip=true \
        -Dfedera.build.directory="$out" package) >&2
  fi
  echo "$out/federa.jar"
}

portal() {
  bases
  local jar version ctx=$BUILD/portal
  jar=$(production_jar)
  unzip -p "$jar" META-INF/VAADIN/config/flow-build-info.json 2>/dev/null | grep -q '"productionMode" *: *true' \
    || die "$jar is not a production build (./mvnw -Pproduction package)"
  version=$(unzip -p "$jar" META-INF/MANIFEST.MF | sed -n 's/^Implementation-Version: *//p' | tr -d '\r')
  version=${version:-dev}
  rm -rf "$ctx"
  mkdir -p "$ctx"
  # Spring Boot's layers: dependencies, spring-boot-loader, snapshot-dependencies, application
  java -Djarmode=tools -jar "$jar" extract --layers --launcher --destination "$ctx" >/dev/null
  # embedded PostgreSQL ships binaries for every platform; this image is Debian on x86-64
  local drop
  for drop in darwin-amd64 windows-amd64 linux-amd64-alpine; do
    rm -f "$ctx"/*/BOOT-INF/lib/embedded-postgres-binaries-"$drop"-*.jar
    sed -i "/embedded-postgres-binaries-$drop-/d" "$ctx"/*/BOOT-INF/classpath.idx 2>/dev/null || true
  done
  cp "$ROOT/container/http-probe" "$ctx/"
  say "building localhost/federa/portal:$version"
  build "localhost/federa/portal:$version" "$(sha256sum "$jar" | cut -c1-16)" "$ROOT/container/portal/Containerfile" "$ctx" \
    --build-arg "BASE=$JRE_IMAGE" --build-arg "VERSION=$version" -t localhost/federa/portal:latest
  rm -rf "$ctx"
  say "built localhost/federa/portal:$version ($(image_size localhost/federa/portal:latest))"
}

keycloak_dist() {   # unzips the Keycloak distribution into $1 (the zip comes through ~/.m2)
  local dest=$1 dl=$BUILD/keycloak-download
  rm -rf "$dl"
  mkdir -p "$dl"
  (cd "$ROOT" && ./mvnw -B -q -ntp dependency:copy \
      -Dartifact="org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip" -DoutputDirectory="$dl") >&2
  unzip -q "$dl/keycloak-quarkus-dist-$KC_VERSION.zip" -d "$dest"
  rm -rf "$dl"
}

keycloak() {
  bases
  local image=localhost/federa/keycloak:$KC_VERSION key ctx=$BUILD/keycloak
  key=$(recipe "$ROOT/container/keycloak/Containerfile" "$ROOT/container/keycloak/keycloak-entrypoint" \
    "$ROOT/container/http-probe" "$KC_VERSION" "$(recipe_of "$JRE_IMAGE")")
  current "$image" "$key" && { say "$image is current"; return 0; }
  say "building $image"
  rm -rf "$ctx"
  mkdir -p "$ctx"
  use_java
  keycloak_dist "$ctx"
  cp "$ROOT/container/http-probe" "$ROOT/container/keycloak/keycloak-entrypoint" "$ctx/"
  build "$image" "$key" "$ROOT/container/keycloak/Containerfile" "$ctx" \
    --build-arg "BASE=$JRE_IMAGE" --build-arg "KEYCLOAK_VERSION=$KC_VERSION"
  rm -rf "$ctx"
  say "built $image ($(image_size "$image"))"
}

postgres() {
  debian_base
  local image=localhost/federa/postgres:15 key ctx=$BUILD/postgres
  key=$(recipe "$ROOT/container/postgres/Containerfile" "$ROOT/container/postgres/postgres-entrypoint" \
    "$(recipe_of "$DEBIAN_IMAGE")")
  current "$image" "$key" && { say "$image is current"; return 0; }
  say "building $image"
  rm -rf "$ctx"
  mkdir -p "$ctx"
  cp "$ROOT/container/postgres/postgres-entrypoint" "$ctx/"
  build "$image" "$key" "$ROOT/container/postgres/Containerfile" "$ctx" --build-arg "BASE=$DEBIAN_IMAGE"
  rm -rf "$ctx"
  say "built $image ($(image_size "$image"))"
}

require_container_tools || exit 1
containers_env
# RUN steps use a network: put back what netavark changes on the host once the build is over
record_host_state
trap netavark_cleanup EXIT
exec 8>"$FEDERA_CONTAINERS_DIR/.image.lock"
flock -w 1800 8 || die "another scripts/image.sh holds $FEDERA_CONTAINERS_DIR/.image.lock"

case "${1:-}" in
  base) bases ;;
  portal) portal ;;
  keycloak) keycloak ;;
  postgres) postgres ;;
  all) postgres; keycloak; portal ;;
  save)
    [ -n "${2:-}" ] || die "usage: $0 save FILE"
    podman save --format docker-archive -o "$2" localhost/federa/portal:latest
    say "wrote $2 ($(du -h "$2" | cut -f1))" ;;
  *) echo "usage: $0 portal|keycloak|postgres|all|base|save FILE" >&2; exit 2 ;;
esac
# podman build leaves dangling intermediate images when a layer changes
podman image prune -f >/dev/null 2>&1 || true
say "done"
