#!/usr/bin/env bash
# Makes the container images Pulseboard uses available to a local Docker engine, also on a machine
# without a container registry (see deploy/containers/README.md).
#
#   deploy/containers/standin-images.sh [--rebuild] [--no-pull] [IMAGE...]
#   deploy/containers/standin-images.sh --stop
#
# 1. Where no Docker engine answers: installs Debian's docker.io, containerd, runc, iptables and
#    debootstrap if missing (apt-get, as root) and starts dockerd in the background (its log in
#    $PULSE_DOCKERD_LOG), then waits until `docker info` answers.
# 2. For every image (the arguments, else DEFAULT_IMAGES below): keeps it if Docker has it; else
#    pulls it if a registry answers (within $PULSE_PULL_TIMEOUT seconds); else builds a local
#    stand-in under exactly that name from standins/<recipe>/, FROM a Debian bookworm base image
#    (pulseboard/debian:bookworm) made with debootstrap from the machine's own apt mirror.
# 3. Prints the images it has.
#
# Idempotent: a second run changes nothing. --rebuild rebuilds the stand-ins (never an image that
# was pulled); --no-pull skips the registry; --stop stops a dockerd this script started.
#
# Environment: PULSE_DOCKERD_LOG (default /var/log/pulseboard-dockerd.log), PULSE_PULL_TIMEOUT
# (default 20 s), PULSE_DOCKER_START_TIMEOUT (default 60 s), DEBIAN_MIRROR (default: the bookworm
# mirror of /etc/apt/sources.list or /etc/apt/sources.list.d/*), TMPDIR (work space).
set -euo pipefail

# The images the project's files use: the Testcontainers defaults of deploy/infra (InfraOptions),
# what docker-compose.yml runs, and the base of the services' Dockerfiles. Arguments replace this list.
DEFAULT_IMAGES=(
  apache/kafka:4.1.0
  postgres:17
  eclipse-temurin:17-jre
)

BASE_IMAGE=pulseboard/debian:bookworm
SUITE=bookworm
STANDIN_LABEL=io.pulseboard.standin
PACKAGES=(docker.io containerd runc iptables debootstrap)

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
STANDINS=$HERE/standins
DOCKERD_LOG=${PULSE_DOCKERD_LOG:-/var/log/pulseboard-dockerd.log}
DOCKERD_PIDFILE=/var/run/pulseboard-dockerd.pid
PULL_TIMEOUT=${PULSE_PULL_TIMEOUT:-20}
START_TIMEOUT=${PULSE_DOCKER_START_TIMEOUT:-60}

# The legacy builder needs no buildx plugin and works with old and new engines alike.
export DOCKER_BUILDKIT=0

say() { printf '==> %s\n' "$*"; }
note() { printf '    %s\n' "$*"; }
die() {
  printf 'standin-images: error: %s\n' "$*" >&2
  exit 1
}

WORK=
cleanup() {
  if [[ -n $WORK && -d $WORK ]]; then
    # debootstrap mounts proc and sys inside the root file system; never delete through a mount.
    awk -v w="$WORK/" 'index($2, w) == 1 { print $2 }' /proc/mounts | sort -r | while read -r m; do
      umount -l "$m" 2>/dev/null || true
    done
    rm -rf --one-file-system "$WORK"
  fi
}
trap cleanup EXIT

work_dir() {
  if [[ -z $WORK ]]; then
    WORK=$(mktemp -d "${TMPDIR:-/var/tmp}/pulseboard-standins.XXXXXX")
  fi
}

# Runs a command with its output in a log file; on failure shows the end of the log and stops.
quietly() {
  local what=$1 log=$2
  shift 2
  if ! "$@" >"$log" 2>&1; then
    printf 'standin-images: error: %s failed; end of %s:\n' "$what" "$log" >&2
    tail -n 40 "$log" >&2
    exit 1
  fi
}

docker_answers() {
  command -v docker >/dev/null 2>&1 && timeout 10 docker info >/dev/null 2>&1
}

need_root() {
  [[ $(id -u) == 0 ]] || die "$1 needs root (run it with sudo)"
}

install_packages() {
  local missing=() p
  for p in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$p")
    fi
  done
  if [[ ${#missing[@]} -eq 0 ]]; then
    say "Packages ${PACKAGES[*]}: installed"
    return
  fi
  need_root "installing ${missing[*]}"
  say "Installing ${missing[*]} (apt-get; log in $WORK/apt.log)"
  export DEBIAN_FRONTEND=noninteractive
  quietly "apt-get update" "$WORK/apt.log" apt-get update -q
  quietly "apt-get install ${missing[*]}" "$WORK/apt.log" \
    apt-get install -y -q --no-install-recommends "${missing[@]}"
}

start_dockerd() {
  local pid waited=0
  need_root "starting dockerd"
  mkdir -p "$(dirname "$DOCKERD_LOG")"
  if [[ -f $DOCKERD_PIDFILE ]] && kill -0 "$(cat "$DOCKERD_PIDFILE")" 2>/dev/null; then
    pid=$(cat "$DOCKERD_PIDFILE")
    say "dockerd (pid $pid) is starting; waiting for it"
  else
    say "Starting dockerd in the background (log in $DOCKERD_LOG)"
    # Its own session, so that it outlives this script and a Ctrl-C of the caller.
    setsid dockerd >>"$DOCKERD_LOG" 2>&1 </dev/null &
    pid=$!
    echo "$pid" >"$DOCKERD_PIDFILE"
  fi
  until docker_answers; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$DOCKERD_PIDFILE"
      printf 'standin-images: error: dockerd exited; end of %s:\n' "$DOCKERD_LOG" >&2
      tail -n 30 "$DOCKERD_LOG" >&2
      exit 1
    fi
    if ((waited >= START_TIMEOUT * 2)); then
      die "dockerd (pid $pid) does not answer after ${START_TIMEOUT} s; see $DOCKERD_LOG"
    fi
    sleep 0.5
    waited=$((waited + 1))
  done
}

ensure_engine() {
  if docker_answers; then
    say "Docker engine answers (server $(docker version -f '{{.Server.Version}}' 2>/dev/null || echo '?'))"
    return
  fi
  say "No Docker engine answers"
  install_packages
  start_dockerd
  say "Docker engine answers (server $(docker version -f '{{.Server.Version}}' 2>/dev/null || echo '?'))"
}

stop_dockerd() {
  local pid i
  if [[ ! -f $DOCKERD_PIDFILE ]]; then
    say "No dockerd started by this script (no $DOCKERD_PIDFILE)"
    return
  fi
  pid=$(cat "$DOCKERD_PIDFILE")
  if ! kill -0 "$pid" 2>/dev/null || [[ $(cat "/proc/$pid/comm" 2>/dev/null) != dockerd ]]; then
    say "dockerd (pid $pid) is not running"
    rm -f "$DOCKERD_PIDFILE"
    return
  fi
  say "Stopping dockerd (pid $pid)"
  kill -TERM "$pid"
  for ((i = 0; i < 60; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    die "dockerd (pid $pid) still runs 30 s after SIGTERM"
  fi
  rm -f "$DOCKERD_PIDFILE"
  say "dockerd stopped"
}

# The bookworm mirror of the machine's apt sources (one-line and deb822 formats).
debian_mirror() {
  local f found=
  if [[ -n ${DEBIAN_MIRROR:-} ]]; then
    echo "$DEBIAN_MIRROR"
    return
  fi
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f $f ]] || continue
    found+=$(awk -v suite="$SUITE" '
      $1 == "deb" {
        i = 2
        if ($i ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
        if ($(i + 1) == suite) print $i
      }' "$f")$'\n'
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f $f ]] || continue
    found+=$(awk -v suite="$SUITE" '
      BEGIN { RS = ""; FS = "\n" }
      {
        types = ""; uris = ""; suites = ""; enabled = "yes"
        for (i = 1; i <= NF; i++) {
          line = $i
          if (line ~ /^[ \t]*#/) continue
          field = tolower(line); sub(/:.*/, "", field)
          value = line; sub(/^[^:]*:[ \t]*/, "", value)
          if (field == "types") types = value
          else if (field == "uris") uris = value
          else if (field == "suites") suites = value
          else if (field == "enabled") enabled = tolower(value)
        }
        if (enabled != "no" && (" " types " ") ~ / deb / && (" " suites " ") ~ (" " suite " ")) {
          split(uris, u, /[ \t]+/); print u[1]
        }
      }' "$f")$'\n'
  done
  found=$(grep -E '^(https?|file)://' <<<"$found" || true)
  [[ -n $found ]] || return 1
  echo "${found%%$'\n'*}"
}

build_base() {
  local mirror rootfs t0
  if docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
    say "Base image $BASE_IMAGE: present"
    return
  fi
  need_root "debootstrap"
  command -v debootstrap >/dev/null 2>&1 || install_packages
  mirror=$(debian_mirror) || die "no $SUITE mirror in /etc/apt/sources.list or /etc/apt/sources.list.d/* (set DEBIAN_MIRROR)"
  rootfs=$WORK/rootfs
  say "Building $BASE_IMAGE: debootstrap --variant=minbase $SUITE from $mirror (log in $WORK/debootstrap.log)"
  t0=$SECONDS
  quietly "debootstrap" "$WORK/debootstrap.log" debootstrap --variant=minbase "$SUITE" "$rootfs" "$mirror"
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  say "Importing the root file system as $BASE_IMAGE"
  tar -C "$rootfs" -c . | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["/bin/bash"]' \
    --change "LABEL $STANDIN_LABEL=base" \
    - "$BASE_IMAGE" >/dev/null
  rm -rf --one-file-system "$rootfs"
  note "$BASE_IMAGE built in $((SECONDS - t0)) s"
}

recipe_for() {
  case $1 in
    apache/kafka:*) echo kafka ;;
    postgres:* | library/postgres:*) echo postgres ;;
    eclipse-temurin:17*) echo jre ;;
    *) return 1 ;;
  esac
}

mvnw() {
  (cd "$REPO" && ./mvnw -q -B "$@")
}

# The broker's jars (deploy/kafka-broker's runtime dependencies) and kafka-tools into $1/libs.
kafka_libs() {
  local ctx=$1 version log=$WORK/maven.log
  say "Resolving the Kafka broker jars through Maven (deploy/kafka-broker; log in $log)"
  if ! mvnw -o -f deploy/kafka-broker/pom.xml dependency:copy-dependencies -DincludeScope=runtime \
    -DoutputDirectory="$ctx/libs" >"$log" 2>&1; then
    quietly "resolving the Kafka broker jars" "$log" mvnw -f deploy/kafka-broker/pom.xml \
      dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$ctx/libs"
  fi
  version=$(find "$ctx/libs" -name 'kafka-clients-*.jar' -printf '%f\n' | sed -e 's/^kafka-clients-//' -e 's/\.jar$//')
  [[ -n $version ]] || die "no kafka-clients jar among the broker's dependencies"
  if ! mvnw -o -f deploy/kafka-broker/pom.xml dependency:copy -Dartifact="org.apache.kafka:kafka-tools:$version" \
    -DoutputDirectory="$ctx/libs" >>"$log" 2>&1; then
    quietly "resolving kafka-tools $version" "$log" mvnw -f deploy/kafka-broker/pom.xml dependency:copy \
      -Dartifact="org.apache.kafka:kafka-tools:$version" -DoutputDirectory="$ctx/libs"
  fi
  note "Kafka $version: $(find "$ctx/libs" -name '*.jar' | wc -l) jars, $(du -sh "$ctx/libs" | cut -f1)"
}

build_standin() {
  local name=$1 recipe ctx log t0
  recipe=$(recipe_for "$name") || die "$name: not in Docker, no registry answers, and no stand-in recipe for it (known: apache/kafka, postgres, eclipse-temurin:17*)"
  build_base
  t0=$SECONDS
  ctx=$WORK/context-$recipe
  rm -rf "$ctx"
  cp -a "$STANDINS/$recipe" "$ctx"
  if [[ $recipe == kafka ]]; then
    kafka_libs "$ctx"
  fi
  log=$WORK/build-$recipe.log
  say "Building the stand-in $name from standins/$recipe (log in $log)"
  quietly "building $name" "$log" docker build --network=host --pull=false \
    --build-arg "BASE_IMAGE=$BASE_IMAGE" \
    --label "$STANDIN_LABEL=$recipe" \
    --label "$STANDIN_LABEL.for=$name" \
    -t "$name" "$ctx"
  note "$name built in $((SECONDS - t0)) s"
}

is_standin() {
  [[ -n $(docker image inspect -f "{{index .Config.Labels \"$STANDIN_LABEL\"}}" "$1" 2>/dev/null) ]]
}

provide() {
  local name=$1
  if docker image inspect "$name" >/dev/null 2>&1; then
    if [[ $REBUILD == true ]] && is_standin "$name"; then
      say "$name: present (stand-in), rebuilding"
    else
      say "$name: present"
      return
    fi
  elif [[ $PULL == true ]]; then
    say "$name: not present, trying to pull it (at most ${PULL_TIMEOUT} s)"
    if timeout "$PULL_TIMEOUT" docker pull -q "$name" >"$WORK/pull.log" 2>&1; then
      note "pulled $name"
      return
    fi
    note "no registry answers ($(tail -n 1 "$WORK/pull.log" | cut -c1-120))"
  fi
  build_standin "$name"
}

usage() {
  sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

REBUILD=false
PULL=true
STOP=false
IMAGES=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --rebuild) REBUILD=true ;;
    --no-pull) PULL=false ;;
    --stop) STOP=true ;;
    -h | --help) usage; exit 0 ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) IMAGES+=("$1") ;;
  esac
  shift
done
if [[ ${#IMAGES[@]} -eq 0 ]]; then
  IMAGES=("${DEFAULT_IMAGES[@]}")
fi

if [[ $STOP == true ]]; then
  stop_dockerd
  exit 0
fi

start=$SECONDS
work_dir
ensure_engine
for image in "${IMAGES[@]}"; do
  provide "$image"
done

say "Images ready after $((SECONDS - start)) s:"
for image in "${IMAGES[@]}" "$BASE_IMAGE"; do
  docker image inspect "$image" >/dev/null 2>&1 || continue
  kind=$(docker image inspect -f "{{index .Config.Labels \"$STANDIN_LABEL\"}}" "$image")
  size=$(docker image inspect -f '{{.Size}}' "$image")
  printf '    %-28s %6d MB  %s\n' "$image" $((size / 1000000)) "${kind:+stand-in ($kind)}"
done
