#!/usr/bin/env bash
# pulse gen vs Kafka's ProducerPerformance, against one fresh local broker.
#
#   bench/pulse-gen-vs-kafka.sh [--records N] [--rounds R] [--streams N] [--tools-version V]
#   (defaults: --records 2000000 --rounds 5 --streams 3 --tools-version 4.0.0)
#
# What it does (docs/benchmarks.md, "pulse gen vs Kafka ProducerPerformance"):
#   1. builds what is missing: the pulse CLI (ingest-service), the infrastructure launcher
#      (deploy/infra, installed in the local Maven repository) and the classpath of Kafka's tools
#      (bench/kafka-tools/pom.xml, not part of the root build);
#   2. starts a fresh Kafka broker (and the PostgreSQL that comes with the launcher, idle here) in a
#      temporary directory, on ports chosen by the OS, topic pulse.events with 6 partitions;
#   3. warm-up and sizing (not counted): `pulse gen` sends N events, a consumer reads them back and
#      the mean size of their values is the record size S; then one ProducerPerformance run;
#   4. R rounds, alternating which tool goes first: ProducerPerformance with N records of S bytes,
#      and `pulse gen` with N events, both with acks=all, linger.ms=5, batch.size=65536,
#      compression none, idempotence on (pulse turns it on with acks=all);
#   5. prints a markdown table (median events/s and MB/s of each, the ratio) on standard output,
#      progress on standard error; stops the broker and deletes the directory on exit.
#
# Environment: JAVA_HOME (else java on PATH); PULSE_JAVA_OPTS is passed to bin/pulse as usual;
# KAFKA_TOOLS_JAVA_OPTS replaces the JVM options of ProducerPerformance (default: those of Kafka's
# kafka-producer-perf-test.sh); MAVEN_REPO_LOCAL if the local Maven repository is not ~/.m2/repository.
set -euo pipefail

records=2000000
rounds=5
streams=3
tools_version=4.0.0   # the kafka-clients version pulse uses (Quarkus 3.27); 4.3.1 is the broker's

usage() {
  sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'
}

while [ $# -gt 0 ]; do
  case "$1" in
    --records) records=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --streams) streams=$2; shift 2 ;;
    --tools-version) tools_version=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done
case "$records$rounds$streams" in
  *[!0-9]*) echo "--records, --rounds and --streams take whole numbers" >&2; exit 2 ;;
esac

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
say() { printf '%s\n' "$*" >&2; }

# ---- 1. build what is missing ------------------------------------------------------------------
version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)
repo=${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}
installed=true
for a in pulse-kafka-broker event-model pulse-infra; do
  [ -f "$repo/io/pulseboard/$a/$version/$a-$version.jar" ] || installed=false
done
if [ "$installed" = false ]; then
  say "building and installing the infrastructure launcher (deploy/kafka-broker, event-model, deploy/infra)..."
  ./mvnw -q -pl deploy/kafka-broker,event-model,deploy/infra install -DskipTests ${MAVEN_REPO_LOCAL:+-Dmaven.repo.local=$MAVEN_REPO_LOCAL}
fi
if [ ! -f ingest-service/target/quarkus-app/quarkus-run.jar ]; then
  say "building the pulse CLI (ingest-service)..."
  ./mvnw -q -pl ingest-service -am package -DskipTests ${MAVEN_REPO_LOCAL:+-Dmaven.repo.local=$MAVEN_REPO_LOCAL}
fi
tools_cp_file=bench/kafka-tools/target/classpath-$tools_version.txt
if [ ! -f "$tools_cp_file" ] || [ bench/kafka-tools/pom.xml -nt "$tools_cp_file" ]; then
  say "resolving Kafka's tools $tools_version (bench/kafka-tools)..."
  (cd bench/kafka-tools && ../../mvnw -q dependency:build-classpath -Dkafka.tools.version="$tools_version" \
      -Dmdep.outputFile="target/classpath-$tools_version.txt" ${MAVEN_REPO_LOCAL:+-Dmaven.repo.local=$MAVEN_REPO_LOCAL})
fi
tools_cp=$(cat "$tools_cp_file")
tools_opts=${KAFKA_TOOLS_JAVA_OPTS:--Xmx512M -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true}

# ---- a quiet machine? -------------------------------------------------------------------------
# Broker and clients share the machine; anything else running makes both numbers low and noisy.
cpu_busy() { # percent of all CPU time in use over 3 s (Linux /proc/stat); empty elsewhere
  [ -r /proc/stat ] || return 0
  local a b
  a=$(awk '/^cpu / { print $2+$3+$4+$7+$8, $5+$6 }' /proc/stat); sleep 3
  b=$(awk '/^cpu / { print $2+$3+$4+$7+$8, $5+$6 }' /proc/stat)
  printf '%s %s\n' "$a" "$b" | awk '{ busy = $3 - $1; idle = $4 - $2; printf "%.0f", 100 * busy / (busy + idle) }'
}
busy=$(cpu_busy)
if [ -n "$busy" ] && [ "$busy" -gt 15 ]; then
  say "WARNING: other processes keep the CPUs ${busy}% busy before the benchmark starts; results will be low and noisy"
fi

# ---- 2. a fresh broker -------------------------------------------------------------------------
work=$(mktemp -d "${TMPDIR:-/tmp}/pulse-bench.XXXXXX")
case "$work" in *' '*) echo "the temporary directory $work has a space in its path; set TMPDIR" >&2; exit 2 ;; esac
infra_pid=
stop_infra() {
  if [ -n "$infra_pid" ] && kill -0 "$infra_pid" 2>/dev/null; then
    say "stopping the broker..."
    kill -TERM "$infra_pid" 2>/dev/null || true
    for _ in $(seq 60); do kill -0 "$infra_pid" 2>/dev/null || break; sleep 1; done
    kill -KILL "$infra_pid" 2>/dev/null || true
    wait "$infra_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap stop_infra EXIT
trap 'exit 130' INT TERM

say "starting Kafka (and PostgreSQL) in $work ..."
./mvnw -q -pl deploy/infra exec:java ${MAVEN_REPO_LOCAL:+-Dmaven.repo.local=$MAVEN_REPO_LOCAL} \
    -Dexec.args="--data-dir $work/data --mode local --partitions 6 --fresh" >"$work/infra.log" 2>&1 &
infra_pid=$!
bootstrap=
for _ in $(seq 300); do
  bootstrap=$(sed -n 's/^ *Kafka bootstrap servers: *//p' "$work/infra.log")
  [ -n "$bootstrap" ] && break
  if ! kill -0 "$infra_pid" 2>/dev/null; then
    cat "$work/infra.log" >&2; echo "the infrastructure did not start" >&2; exit 1
  fi
  sleep 1
done
[ -n "$bootstrap" ] || { cat "$work/infra.log" >&2; echo "the broker was not ready within 300 s" >&2; exit 1; }
say "broker at $bootstrap"

# ---- the two measurements ----------------------------------------------------------------------
producer_flags=(--acks all --linger-ms 5 --batch-size 65536 --compression none)

run_gen() { # prints events/s
  local out
  out=$(bin/pulse gen --rate 0 --count "$records" --json --streams "$streams" "${producer_flags[@]}" \
      --bootstrap-servers "$bootstrap" 2>>"$work/gen.err")
  local sent eps failed
  sent=$(printf '%s' "$out" | sed -n 's/.*"sent":\([0-9]*\).*/\1/p')
  failed=$(printf '%s' "$out" | sed -n 's/.*"failed":\([0-9]*\).*/\1/p')
  eps=$(printf '%s' "$out" | sed -n 's/.*"events_per_second":\([0-9.]*\).*/\1/p')
  if [ "$sent" != "$records" ] || [ "$failed" != 0 ]; then
    cat "$work/gen.err" >&2; echo "pulse gen did not send $records events: $out" >&2; exit 1
  fi
  say "  pulse gen:           $out"
  printf '%s\n' "$eps"
}

run_kafka() { # prints records/s
  local last
  # shellcheck disable=SC2086
  last=$("$java" $tools_opts -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$tools_cp" \
      org.apache.kafka.tools.ProducerPerformance --topic pulse.events --num-records "$records" \
      --record-size "$size" --throughput -1 --producer-props bootstrap.servers="$bootstrap" acks=all \
      linger.ms=5 batch.size=65536 compression.type=none enable.idempotence=true \
      2>>"$work/kafka.err" | grep 'records sent' | tail -1)
  case "$last" in
    "$records records sent, "*) ;;
    *) cat "$work/kafka.err" >&2; echo "ProducerPerformance did not send $records records: $last" >&2; exit 1 ;;
  esac
  say "  ProducerPerformance: $last"
  printf '%s\n' "$last" | sed -n 's/^[0-9]* records sent, \([0-9.]*\) records\/sec.*/\1/p'
}

# ---- 3. warm-up (of the broker too) and record size --------------------------------------------
say "warm-up and sizing: pulse gen, $records events (not counted)"
run_gen >/dev/null
# The consumer prints each value on its own line (the JSON has no line breaks): bytes - newlines.
sample_bytes=$("$java" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$tools_cp" \
    org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server "$bootstrap" --topic pulse.events \
    --from-beginning --max-messages "$records" --timeout-ms 30000 2>>"$work/consumer.err" | wc -c)
size=$(awk -v b="$sample_bytes" -v n="$records" 'BEGIN { printf "%d", (b - n) / n + 0.5 }')
mean=$(awk -v b="$sample_bytes" -v n="$records" 'BEGIN { printf "%.1f", (b - n) / n }')
[ "$size" -gt 0 ] || { cat "$work/consumer.err" >&2; echo "could not read the events back" >&2; exit 1; }
say "mean value size of gen's events: $mean bytes (read back all $records); record size S = $size"
say "warm-up: ProducerPerformance, $records records (not counted)"
run_kafka >/dev/null
sleep 2

# ---- 4. rounds ---------------------------------------------------------------------------------
# CPU used by other processes during the rounds = all CPU time used on the machine - ours (the broker
# and its launcher, and the clients this script ran and waited for). Linux only; empty elsewhere.
clk_tck=$(getconf CLK_TCK 2>/dev/null || echo 100)
machine_ticks() { awk '/^cpu / { print $2+$3+$4+$7+$8 }' /proc/stat 2>/dev/null; }
our_ticks() { # sets ours; not in a subshell, which would not see this shell's children
  local t=0 p
  for p in "$infra_pid" $(pgrep -P "$infra_pid" 2>/dev/null); do
    t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0)))
  done
  times >"$work/times" # second line: user and system time of the children this shell waited for
  ours=$(sed -n 2p "$work/times" | tr 'ms' '  ' | awk -v t="$t" -v hz="$clk_tck" '{ printf "%d", t + ($1 * 60 + $2 + $3 * 60 + $4) * hz }')
}
machine0=$(machine_ticks); our_ticks; ours0=$ours; start0=$(date +%s)
gen_rates=()
kafka_rates=()
for r in $(seq "$rounds"); do
  say "round $r of $rounds"
  if [ $((r % 2)) -eq 1 ]; then
    kafka_rates+=("$(run_kafka)"); sleep 2
    gen_rates+=("$(run_gen)"); sleep 2
  else
    gen_rates+=("$(run_gen)"); sleep 2
    kafka_rates+=("$(run_kafka)"); sleep 2
  fi
done

machine1=$(machine_ticks); our_ticks; ours1=$ours; elapsed=$(( $(date +%s) - start0 ))
others=
if [ -n "$machine0" ] && [ -n "$machine1" ]; then
  others=$(awk -v m=$((machine1 - machine0)) -v o=$((ours1 - ours0)) -v e="$elapsed" -v hz="$clk_tck" \
      -v c="$(getconf _NPROCESSORS_ONLN)" 'BEGIN { x = 100 * (m - o) / (e * hz * c); printf "%.0f", (x < 0 ? 0 : x) }')
  if [ "$others" -gt 5 ]; then
    say "WARNING: other processes used ${others}% of the CPUs during the rounds; the numbers are not clean"
  fi
fi

# ---- 5. report ---------------------------------------------------------------------------------
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.1f\n", m }'; }
# Whole numbers with thousands separators (any awk, any locale).
group='function group(x,   s, out) { s = sprintf("%.0f", x); out = ""; while (length(s) > 3) { out = "," substr(s, length(s) - 2) out; s = substr(s, 1, length(s) - 3) } return s out }'
fmt() { awk -v x="$1" "$group"' BEGIN { print group(x) }'; }
runs() { printf '%s\n' "$@" | awk "$group"' { printf "%s%s", (NR > 1 ? " / " : ""), group($1) }'; }
kafka_median=$(median "${kafka_rates[@]}")
gen_median=$(median "${gen_rates[@]}")
ratio=$(awk -v g="$gen_median" -v k="$kafka_median" 'BEGIN { printf "%.2f", g / k }')
mb() { awk -v e="$1" -v s="$size" 'BEGIN { printf "%.1f", e * s / 1e6 }'; }

cpu=$(sed -n 's/^model name[[:space:]]*: *//p' /proc/cpuinfo 2>/dev/null | head -1)
cores=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?')
ram=$(awk '/^MemTotal:/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null)
os=$(. /etc/os-release 2>/dev/null && printf '%s' "$PRETTY_NAME")
jdk=$("$java" -version 2>&1 | head -1)

cat <<EOF

**pulse gen vs Kafka ProducerPerformance** — $(date -u +%Y-%m-%d), ${cpu:-unknown CPU}, $cores cores, ${ram:-? RAM}, ${os:-unknown OS}, $jdk

N = $(fmt "$records") records per run, $rounds rounds (alternating), record size S = $size B (mean of gen's events: $mean B),
acks=all, idempotence on, linger.ms=5, batch.size=65536, compression none, topic pulse.events (6 partitions), gen --streams $streams.
Other processes used ${busy:-?}% of the CPUs just before the start and ${others:-?}% during the rounds.

| producer | runs (events/s) | median events/s | median MB/s |
| --- | --- | ---: | ---: |
| Kafka ProducerPerformance $tools_version | $(runs "${kafka_rates[@]}") | $(fmt "$kafka_median") | $(mb "$kafka_median") |
| \`pulse gen\`${PULSE_JAVA_OPTS:+ with \`PULSE_JAVA_OPTS=$PULSE_JAVA_OPTS\`} | $(runs "${gen_rates[@]}") | $(fmt "$gen_median") | $(mb "$gen_median") |

Ratio pulse gen / ProducerPerformance: **$ratio** (target: at least 0.80)
EOF
