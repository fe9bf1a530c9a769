#!/usr/bin/env bash
# CI check of the container deployment (after ./mvnw verify, which builds target/quarkus-app of
# every service):
#
# 1. a Docker engine (installed and started when none answers) with the base images (pulled, or
#    local stand-ins where no registry answers: deploy/containers/standin-images.sh);
# 2. docker-compose.yml: the images build, `up` brings every service to healthy;
# 3. a `pulse` producer container sends a known number of events: the gateway's REST and WebSocket
#    show exactly that many;
# 4. one aggregator container is killed and restarted while a producer runs: the counts stay exact;
# 5. the Testcontainers path of the tests (-Dpulse.infra=containers) on a few representative tests;
# 6. `docker-compose down` leaves nothing running; the engine, if this script started it, is stopped.
#
# Environment: PULSE_CI_PORT (the gateway's published port, default 18480); MAVEN_ARGS as for ./mvnw.
set -euo pipefail
cd "$(dirname "$0")/.."

PROJECT=pulseboard-ci
PORT=${PULSE_CI_PORT:-18480}
TOKEN=$(sed -n 's/^PULSE_GATEWAY_AUTH_VIEWER_TOKENS=\([^,]*\).*/\1/p' deploy/compose/demo.env)
GATEWAY=http://127.0.0.1:$PORT
STEADY=2000
DURING_CRASH=6000

# Images are built with the classic builder: no buildx plugin needed, old and new engines alike.
export DOCKER_BUILDKIT=0 COMPOSE_DOCKER_CLI_BUILD=0 PULSE_PORT=$PORT
# Testcontainers against a local engine without a registry (see deploy/containers/README.md).
export TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_HOST_OVERRIDE=localhost

T0=$SECONDS
step() { printf '\n==> [%4d s] %s\n' $((SECONDS - T0)) "$*"; }
fail() {
  printf '\ncontainers-check: FAILED: %s\n' "$*" >&2
  exit 1
}
compose() { docker-compose -p "$PROJECT" "$@"; }

for f in ingest-service aggregator-service gateway-service; do
  [[ -f $f/target/quarkus-app/quarkus-run.jar ]] || fail "$f is not built: run ./mvnw verify (or package) first"
done
[[ -f cli/target/pulse-cli.jar ]] || fail "cli is not built: run ./mvnw verify (or package) first"

ENGINE_STARTED=false
if ! timeout 10 docker info >/dev/null 2>&1; then
  ENGINE_STARTED=true
fi

cleanup() {
  local rc=$?
  if [[ $rc -ne 0 ]] && command -v docker-compose >/dev/null && timeout 10 docker info >/dev/null 2>&1; then
    printf '\n==> State at the failure:\n' >&2
    compose ps >&2 || true
    compose logs --tail=40 >&2 || true
  fi
  if command -v docker-compose >/dev/null && timeout 10 docker info >/dev/null 2>&1; then
    compose --profile tools down -v --remove-orphans >/dev/null 2>&1 || true
  fi
  if [[ $ENGINE_STARTED == true ]]; then
    deploy/containers/standin-images.sh --stop || true
  fi
  printf '\n==> containers-check: %s after %d s\n' "$([[ $rc -eq 0 ]] && echo passed || echo FAILED)" $((SECONDS - T0))
}
trap cleanup EXIT

step "Docker engine and base images"
deploy/containers/standin-images.sh
missing=()
command -v docker-compose >/dev/null || missing+=(docker-compose)
command -v jq >/dev/null || missing+=(jq)
command -v curl >/dev/null || missing+=(curl)
if [[ ${#missing[@]} -gt 0 ]]; then
  step "Installing ${missing[*]}"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi

step "Building the images (docker-compose build)"
compose --profile tools build -q

step "docker-compose up: waiting for every service to be healthy"
compose up -d
healthy=false
for ((i = 0; i < 90; i++)); do
  states=$(compose ps -q | xargs docker inspect -f '{{.Name}} {{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}:{{.State.ExitCode}}{{end}}')
  if ! grep -qv -e ' healthy$' -e ' exited:0$' <<<"$states"; then
    healthy=true
    break
  fi
  sleep 2
done
sed "s/^/    /" <<<"$states"
[[ $healthy == true ]] || fail "not every service became healthy within 180 s"
[[ $(grep -c 'aggregator_[0-9]* healthy' <<<"$states") == 2 ]] || fail "expected 2 healthy aggregators"

# The sum of a stream's hourly counts, over REST through the gateway.
rest_count() {
  curl -sf -H "Authorization: Bearer $TOKEN" "$GATEWAY/api/streams/$1/metrics?from=now-2h" | jq '[.metrics[].count] | add // 0'
}

# Waits until REST shows exactly $2 events for stream $1, then checks it still does a little later
# (a double count would show up as more).
expect_rest() {
  local stream=$1 expected=$2 count=
  for ((i = 0; i < 120; i++)); do
    count=$(rest_count "$stream" || echo '?')
    [[ $count == "$expected" ]] && break
    sleep 1
  done
  [[ $count == "$expected" ]] || fail "REST shows $count events for $stream, expected $expected"
  sleep 5
  count=$(rest_count "$stream")
  [[ $count == "$expected" ]] || fail "REST showed $expected events for $stream, then $count"
  echo "    REST:      $stream = $count"
}

WS_CLASSPATH=deploy/infra/target/classes:$(cat deploy/infra/target/pulse-infra.classpath)
expect_ws() {
  local count
  count=$(java -cp "$WS_CLASSPATH" .ci/WsCount.java "ws://127.0.0.1:$PORT/ws" "$TOKEN" "$1" "$2" 120) ||
    fail "WebSocket does not show exactly $2 events for $1"
  echo "    WebSocket: $1 = $count"
}

produce() {
  compose run --rm -T --no-deps pulse gen --stream "$1" --count "$2" --rate "$3" --seed 8 --json
}

step "A producer container sends $STEADY events to ci.steady"
produce ci.steady "$STEADY" 0 | tail -n 1
expect_rest ci.steady "$STEADY"
expect_ws ci.steady "$STEADY"

# The partitions of pulse.events: "PARTITION LOG-END-OFFSET HOST" of the aggregators' consumer group.
partitions() {
  compose exec -T kafka /opt/kafka/bin/kafka-consumer-groups.sh --bootstrap-server localhost:9092 \
    --describe --group pulse-aggregator 2>/dev/null | awk '$2 == "pulse.events" { print $3, $5, $8 }'
}

step "$DURING_CRASH events to ci.crash at 300/s; the aggregator counting them is killed and restarted meanwhile"
before=$(partitions)
produce ci.crash "$DURING_CRASH" 300 >"${TMPDIR:-/tmp}/pulseboard-ci-producer.json" &
producer=$!
sleep 6
# ci.crash's partition is the one that grew (nothing else is produced now); its owner is the victim.
owner=$(awk 'NR == FNR { end[$1] = $2; next } $2 != end[$1] { sub("^/", "", $3); print $1, $3 }' \
  <(echo "$before") <(partitions))
[[ $(wc -l <<<"$owner") == 1 && -n $owner ]] || fail "cannot tell which partition holds ci.crash: '$owner'"
victim=
for c in $(compose ps -q aggregator); do
  if [[ $(docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$c") == "${owner#* }" ]]; then
    victim=$c
  fi
done
[[ -n $victim ]] || fail "no aggregator container has the address ${owner#* } of partition ${owner%% *}'s consumer"
echo "    ci.crash is on partition ${owner%% *}, counted by $(docker inspect -f '{{.Name}}' "$victim"): killing it (SIGKILL)"
docker kill "$victim" >/dev/null
sleep 4
echo "    starting it again"
docker start "$victim" >/dev/null
wait "$producer" || fail "the producer failed: $(cat "${TMPDIR:-/tmp}/pulseboard-ci-producer.json")"
tail -n 1 "${TMPDIR:-/tmp}/pulseboard-ci-producer.json"
expect_rest ci.crash "$DURING_CRASH"
expect_ws ci.crash "$DURING_CRASH"
expect_rest ci.steady "$STEADY"
for ((i = 0; i < 60; i++)); do
  [[ $(docker inspect -f '{{.State.Health.Status}}' "$victim") == healthy ]] && break
  sleep 2
done
[[ $(docker inspect -f '{{.State.Health.Status}}' "$victim") == healthy ]] || fail "the restarted aggregator is not healthy"
echo "    the restarted aggregator is healthy again"

step "docker-compose down"
compose --profile tools down -v --remove-orphans
left=$(docker ps -aq --filter "label=com.docker.compose.project=$PROJECT")
[[ -z $left ]] || fail "containers left after down: $left"
[[ -z $(docker network ls -q --filter "label=com.docker.compose.project=$PROJECT") ]] || fail "networks left after down"
[[ -z $(docker volume ls -q --filter "label=com.docker.compose.project=$PROJECT") ]] || fail "volumes left after down"
echo "    no container, network or volume of $PROJECT left"

step "The Testcontainers path of the tests (-Dpulse.infra=containers)"
./mvnw -pl deploy/infra,aggregator-service,e2e-tests -am verify -Dpulse.infra=containers \
  -Dtest='ContainersModeTest,AggregationFlowTest' -Dit.test=StackStartupIT \
  -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false
left=$(docker ps -q --filter label=org.testcontainers=true)
[[ -z $left ]] || fail "containers left after the tests: $(docker ps --filter label=org.testcontainers=true --format '{{.Image}} {{.Names}}')"
echo "    no container left after the tests"
