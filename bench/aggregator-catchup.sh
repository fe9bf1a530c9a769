#!/usr/bin/env bash
# The aggregator catching up on events already on the topic, with checkpointing on.
#
#   bench/aggregator-catchup.sh [--events N] [--streams S] [--rounds R]
#   (defaults: --events 5000000 --streams 100 --rounds 3)
#
# What it does (docs/benchmarks.md, "Aggregator: events/s from the topic, with checkpointing"):
#   1. builds what is missing: the infrastructure launcher (deploy/infra, installed in the local
#      Maven repository), the pulse CLI (cli) and the aggregator (aggregator-service), and
#      copies the aggregator into a temporary directory, so that a rebuild cannot change it mid-run;
#   2. starts a fresh Kafka broker and PostgreSQL in that directory, on ports chosen by the OS, topic
#      pulse.events with 6 partitions, and fills it: `pulse gen --rate 0 --count N --streams S`;
#   3. R rounds: starts the aggregator with a new consumer group (so it has no checkpoint and reads
#      every event from offset 0) and the default settings (checkpoint every 2 s), reads its
#      /q/metrics every 250 ms until it has consumed N events; events/s = the events consumed
#      between the first sample above 0 and the first sample at N, divided by the time between them;
#   4. checks the result: the hourly rows the aggregator serves over REST add up to N; then notes
#      its checkpoint and flush times, checkpoint sizes and peak RSS, and stops it (SIGTERM); the
#      hourly and minute rows are deleted before the next round, so every round starts from an empty database;
#   5. prints a markdown table on standard output, progress on standard error; stops everything and
#      deletes the directory on exit.
#
# Environment: the aggregator inherits it, so its settings can be changed as usual (for example
# PULSE_SAMPLES_ENABLED=false for no live feed, PULSE_SAMPLES_MAX_AGE=1h to sample a catch-up as live);
# JAVA_HOME (else java on PATH); AGGREGATOR_JAVA_OPTS, JVM options for the aggregator
# (default: none, the JVM's own defaults; e.g. a flight recording to profile it); PULSE_JAVA_OPTS is
# passed to bin/pulse as usual; MAVEN_REPO_LOCAL if the local Maven repository is not ~/.m2/repository;
# PULSE_INFRA_NON_DURABLE=true runs PostgreSQL with fsync, synchronous_commit and full_page_writes off
# (default: on, as ./pulseboard runs it), to compare.
# Needs curl and jq.
set -euo pipefail

events=5000000
streams=100
rounds=3

usage() {
  sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'
}

while [ $# -gt 0 ]; do
  case "$1" in
    --events) events=$2; shift 2 ;;
    --streams) streams=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done
case "$events$streams$rounds" in
  *[!0-9]*) echo "--events, --streams and --rounds take whole numbers" >&2; exit 2 ;;
esac
for tool in curl jq; do
  command -v "$tool" >/dev/null || { echo "this benchmark needs $tool" >&2; exit 2; }
done

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

# ---- 1. build what is missing ------------------------------------------------------------------
need_infra_launcher
need_pulse_cli
if [ ! -f aggregator-service/target/quarkus-app/quarkus-run.jar ]; then
  say "building the aggregator (aggregator-service)..."
  ./mvnw -q -pl aggregator-service -am package -DskipTests ${maven_repo:+"$maven_repo"}
fi

# ---- a quiet machine? (broker, database and aggregator share it) ------------------------------
check_quiet

make_work_dir
cp -r aggregator-service/target/quarkus-app "$work/aggregator"
agg_pid=
launcher_pid=
stop_own() { stop_process "$launcher_pid" aggregator; }

# ---- 2. a fresh broker and database, and the events --------------------------------------------
start_infra

say "filling pulse.events: pulse gen, $events events over $streams streams"
fill_start_ms=$(( $(date +%s%N) / 1000000 ))
fill=$(bin/pulse gen --rate 0 --count "$events" --streams "$streams" --json --bootstrap-servers "$bootstrap" 2>"$work/gen.err") || {
  cat "$work/gen.err" >&2; echo "pulse gen failed: $fill" >&2; exit 1; }
if [ "$(printf '%s' "$fill" | jq -r '.sent')" != "$events" ] || [ "$(printf '%s' "$fill" | jq -r '.failed')" != 0 ]; then
  cat "$work/gen.err" >&2; echo "pulse gen did not send $events events: $fill" >&2; exit 1
fi
fill_rate=$(printf '%s' "$fill" | jq -r '.events_per_second')
say "  $fill"

# ---- the aggregator, one round ----------------------------------------------------------------
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# One scrape of /q/metrics as "name value" lines of the numbers used here (empty if not reachable).
scrape() {
  curl -sf --max-time 2 "http://127.0.0.1:$port/q/metrics" 2>/dev/null | awk '
    /^pulse_aggregator_(events_[a-z_]+_total|checkpoint_seconds_(count|sum|max)|checkpoint_size_bytes_(count|sum|max)|flush_seconds_max) / { print $1, $2 }' || true
}
value() { # NAME from the last scrape ($sample), 0 if absent
  printf '%s\n' "$sample" | awk -v n="$1" '$1 == n { printf "%.6f", $2; found = 1 } END { if (!found) print 0 }'
}
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 >= b + 0) }'; }
proc_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }

# The hourly rows of every stream over REST (all hours since the fill began, in case it crossed an
# hour), those written in this round; prints the sum of their counts.
served_count() {
  curl -sf --max-time 10 "http://127.0.0.1:$port/api/export/metrics?format=json&from=$((fill_start_ms - 3600000))&to=$(( $(now_ms) + 3600000 ))" |
    jq --argjson since "$1" '
      def ms: capture("^(?<s>[^.Z]+)(\\.(?<f>[0-9]+))?Z$") | ((.s + "Z") | fromdateiso8601) * 1000 + (((.f // "") + "000")[0:3] | tonumber);
      [.[] | select((.updated_at | ms) >= $since) | .count] | add // 0'
}

# Deletes the hourly and minute rows (with the driver the aggregator ships), so that a round cannot find the
# hours of the one before: events of an hour that has closed meanwhile would be added to them.
cat >"$work/ClearHours.java" <<'EOF'
import java.sql.DriverManager;

class ClearHours {
    public static void main(String[] args) throws Exception {
        try (var db = DriverManager.getConnection(args[0], args[1], args[2]); var sql = db.createStatement()) {
            int rows = sql.executeUpdate("delete from pulse_hour") + sql.executeUpdate("delete from pulse_minute");
            // Recent events too (tables of the newer builds only), so that each round inserts them again.
            for (String table : new String[] {"pulse_recent_event", "pulse_recent_batch"}) {
                try (var t = db.getMetaData().getTables(null, null, table, null)) {
                    if (t.next()) {
                        rows += sql.executeUpdate("delete from " + table);
                    }
                }
            }
            System.out.println(rows);
        }
    }
}
EOF
# The stored minute rows: how many, their aggregates' bytes, and the rows' bytes as stored (compressed, headers included).
cat >"$work/MinuteRows.java" <<'EOF'
import java.sql.DriverManager;

class MinuteRows {
    public static void main(String[] args) throws Exception {
        try (var db = DriverManager.getConnection(args[0], args[1], args[2]); var sql = db.createStatement();
             var rs = sql.executeQuery("select count(*), coalesce(sum(octet_length(aggregate)), 0),"
                     + " coalesce(sum(pg_column_size(m.*)), 0) from pulse_minute m")) {
            rs.next();
            System.out.println(rs.getLong(1) + " " + rs.getLong(2) + " " + rs.getLong(3));
        }
    }
}
EOF
pg_driver=$(ls "$work"/aggregator/lib/main/org.postgresql.postgresql-*.jar)
clear_hours() {
  "$java" -cp "$pg_driver" "$work/ClearHours.java" "$jdbc_url" "$db_user" "$db_password" >/dev/null
}

fail_round() {
  say "$1"; say "--- the end of the aggregator's log ($log):"; tail -40 "$log" >&2; exit 1
}

run_round() { # r: appends to the result arrays
  local r=$1 start t0='' t1='' c0=0 consumed=0 ticks0=0 ticks1=0 m0=0 m1=0 last_report=0 deadline now sample_t round_file
  log=$work/round-$r/aggregator.log
  round_file=$work/round-$r/stack.json
  sample=
  start=$(now_ms)
  # The stack launcher runs the copied aggregator on the infrastructure of start_infra, on a port the
  # OS chooses; the aggregator inherits the environment.
  MP_MESSAGING_INCOMING_EVENTS_GROUP_ID=bench-$r launch "$work/launcher-$r.log" --infra-from "$stack_file" \
    --service aggregator --jar aggregator="$work/aggregator/quarkus-run.jar" --java-opts aggregator="${AGGREGATOR_JAVA_OPTS:-}" \
    --logs "$work/round-$r" --stack-file "$round_file"
  launcher_pid=$launched_pid
  await_stack_file "$round_file" "$work/launcher-$r.log" aggregator
  port=$(jq -r .services.aggregator.port "$round_file")
  agg_pid=$(jq -r .services.aggregator.pid "$round_file")
  deadline=$(( start + 120000 + events / 5 ))   # 2 minutes + 5,000 events/s
  while :; do
    sleep 0.25
    kill -0 "$agg_pid" 2>/dev/null || fail_round "the aggregator exited"
    now=$(now_ms)
    [ "$now" -lt "$deadline" ] || fail_round "not caught up in $(( (now - start) / 1000 )) s (consumed $consumed of $events)"
    sample_t=$(now_ms); sample=$(scrape); now=$(( (sample_t + $(now_ms)) / 2 ))
    [ -n "$sample" ] || continue
    consumed=$(value pulse_aggregator_events_consumed_total)
    if [ -z "$t0" ] && ge "$consumed" 1; then
      t0=$now; c0=$consumed; last_report=$now; ticks0=$(proc_ticks "$agg_pid"); m0=$(machine_ticks)
    fi
    if [ -n "$t0" ] && ge "$consumed" "$events"; then
      t1=$now; ticks1=$(proc_ticks "$agg_pid"); m1=$(machine_ticks)
      break
    fi
    if [ -n "$t0" ] && [ $((now - last_report)) -ge 10000 ]; then
      say "  $(fmt "$consumed") events after $(( (now - t0) / 1000 )) s"; last_report=$now
    fi
  done
  if ! ge "$events" "$consumed"; then
    fail_round "consumed $consumed records, more than the $events on the topic"
  fi

  # Caught up; the next checkpoint (at most one persist interval later) writes the last hours.
  local served=0 until=$(( $(now_ms) + 60000 ))
  while :; do
    served=$(served_count "$start" || echo 0)
    [ "$served" = "$events" ] && break
    ge "$served" $((events + 1)) && fail_round "the hourly rows over REST count $served events, more than the $events on the topic"
    [ "$(now_ms)" -lt "$until" ] || fail_round "the hourly rows over REST count $served events, not $events, a minute after catching up"
    sleep 0.5
  done
  sample=$(scrape)
  local bad
  bad=$(awk -v a="$(value pulse_aggregator_events_invalid_total)" -v b="$(value pulse_aggregator_events_rejected_total)" \
      -v c="$(value pulse_aggregator_events_dead_lettered_total)" 'BEGIN { printf "%d", a + b + c }')
  [ "$bad" = 0 ] || fail_round "$bad events were invalid, rejected or dead-lettered"
  late+=("$(value pulse_aggregator_events_late_total)")
  rss+=("$(awk '/^VmHWM:/ { print $2 }' "/proc/$agg_pid/status")")   # kB
  stop_process "$launcher_pid" aggregator
  launcher_pid=
  agg_pid=

  rates+=("$(awk -v n="$events" -v c="$c0" -v d=$((t1 - t0)) 'BEGIN { printf "%.1f", (n - c) * 1000 / d }')")
  catchup+=("$(awk -v d=$((t1 - t0)) 'BEGIN { printf "%.1f", d / 1000 }')")
  to_caught_up+=("$(awk -v d=$((t1 - start)) 'BEGIN { printf "%.1f", d / 1000 }')")
  cores+=("$(awk -v t=$((ticks1 - ticks0)) -v d=$((t1 - t0)) -v hz="$clk_tck" 'BEGIN { printf "%.2f", t / hz / (d / 1000) }')")
  machine_busy+=("$(awk -v t=$((m1 - m0)) -v d=$((t1 - t0)) -v hz="$clk_tck" -v c="$(getconf _NPROCESSORS_ONLN)" \
      'BEGIN { printf "%.0f", 100 * t / hz / (d / 1000) / c }')")
  ckpt_count+=("$(value pulse_aggregator_checkpoint_seconds_count | awk '{ printf "%d", $1 }')")
  ckpt_mean_ms+=("$(awk -v s="$(value pulse_aggregator_checkpoint_seconds_sum)" -v n="$(value pulse_aggregator_checkpoint_seconds_count)" \
      'BEGIN { printf "%.0f", (n > 0 ? 1000 * s / n : 0) }')")
  ckpt_max_ms+=("$(awk -v s="$(value pulse_aggregator_checkpoint_seconds_max)" 'BEGIN { printf "%.0f", 1000 * s }')")
  size_mean_kb+=("$(awk -v s="$(value pulse_aggregator_checkpoint_size_bytes_sum)" -v n="$(value pulse_aggregator_checkpoint_size_bytes_count)" \
      'BEGIN { printf "%.0f", (n > 0 ? s / n / 1024 : 0) }')")
  size_max_kb+=("$(awk -v s="$(value pulse_aggregator_checkpoint_size_bytes_max)" 'BEGIN { printf "%.0f", s / 1024 }')")
  flush_max_ms+=("$(awk -v s="$(value pulse_aggregator_flush_seconds_max)" 'BEGIN { printf "%.0f", 1000 * s }')")
  say "  round $r: $(fmt "${rates[-1]}") events/s, caught up ${catchup[-1]} s after the first event, ${to_caught_up[-1]} s after the start;" \
      "REST counts $served events; checkpoints: ${ckpt_count[-1]}, mean ${ckpt_mean_ms[-1]} ms, max ${ckpt_max_ms[-1]} ms," \
      "mean ${size_mean_kb[-1]} KiB; aggregator ${cores[-1]} cores, machine ${machine_busy[-1]}% busy; peak RSS $(( ${rss[-1]} / 1024 )) MiB"
}

# ---- 3., 4. rounds -----------------------------------------------------------------------------
rates=(); catchup=(); to_caught_up=(); cores=(); machine_busy=(); late=(); rss=()
ckpt_count=(); ckpt_mean_ms=(); ckpt_max_ms=(); size_mean_kb=(); size_max_kb=(); flush_max_ms=()
cpu_mark
for r in $(seq "$rounds"); do
  say "round $r of $rounds: the aggregator reads $(fmt "$events") events from offset 0 (consumer group bench-$r)"
  [ "$r" -eq 1 ] || clear_hours
  run_round "$r"
  sleep 1
done
others_cpu

per_row() { awk -v b="$1" -v n="$minute_rows" 'BEGIN { printf "%.0f", (n > 0 ? b / n : 0) }'; }
read -r minute_rows minute_agg_bytes minute_row_bytes < <("$java" -cp "$pg_driver" "$work/MinuteRows.java" "$jdbc_url" "$db_user" "$db_password")

# ---- 5. report ---------------------------------------------------------------------------------
rows=
for i in "${!rates[@]}"; do
  rows+="| $((i + 1)) | $(fmt "${rates[$i]}") | ${catchup[$i]} | ${to_caught_up[$i]} | ${cores[$i]} | ${machine_busy[$i]} % "
  rows+="| ${ckpt_count[$i]} | ${ckpt_mean_ms[$i]} / ${ckpt_max_ms[$i]} | ${size_mean_kb[$i]} / ${size_max_kb[$i]} "
  rows+="| ${flush_max_ms[$i]} | $(( ${rss[$i]} / 1024 )) |"$'\n'
done
median_rate=$(median "${rates[@]}")
late_total=$(printf '%s\n' "${late[@]}" | awk '{ s += $1 } END { printf "%d", s }')
late_note=
if [ "$late_total" -gt 0 ]; then
  late_note=" $(fmt "$late_total") events were counted late: the run crossed the end of their hour and the grace period."
fi

cat <<EOF

**Aggregator: events/s from the topic, with checkpointing** — $(machine)

N = $(fmt "$events") events on pulse.events (6 partitions), $streams streams, written beforehand by \`pulse gen --rate 0\` (lz4) at $(fmt "$fill_rate") events/s.
$rounds rounds, each a new aggregator process${AGGREGATOR_JAVA_OPTS:+ with \`AGGREGATOR_JAVA_OPTS=$AGGREGATOR_JAVA_OPTS\`} and consumer group, so it reads from offset 0; default settings (checkpoint every 2 s, max.poll.records 2000).
Every round's hourly rows over REST add up to N.$late_note
Other processes used ${busy:-?}% of the CPUs just before the start and ${others:-?}% during the rounds.

| round | events/s | catch-up (s) | start → caught up (s) | aggregator CPU (cores) | machine busy | checkpoints | checkpoint mean / max (ms) | checkpoint size mean / max (KiB) | flush max (ms) | peak RSS (MiB) |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rows}
Median: **$(fmt "$median_rate") events/s** (target: at least 100,000 events/s); runs $(runs "${rates[@]}").

Minute rows after the last round: $(fmt "$minute_rows") rows, $(per_row "$minute_agg_bytes") bytes of aggregate each on average, $(per_row "$minute_row_bytes") bytes each as stored (the whole row, compressed, with its header; the two indexes add about 60 bytes a row): a stream with events in every minute (1,440 rows a day) and rows of this size stores about $(awk -v b="$minute_row_bytes" -v n="$minute_rows" 'BEGIN { printf "%.2f", (n > 0 ? (b / n + 60) * 1440 / 1048576 : 0) }') MiB a day, kept for \`pulse.retention.minutes\` (48 h).
EOF
