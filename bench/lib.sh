# shellcheck shell=bash disable=SC2034  # sets variables for the scripts that source it
# Shared parts of the benchmark scripts in bench/; sourced, not run:
#
#   . "$(dirname "$0")/lib.sh"
#
# After that the script runs in the repository's root with `set -euo pipefail` and has:
#   say MSG                 progress on standard error
#   $java, $maven_repo      the java to run, and -Dmaven.repo.local=... if MAVEN_REPO_LOCAL is set
#   need_infra_launcher     builds the stack launcher (deploy/kafka-broker, event-model, deploy/infra) if missing
#   launch LOG ARGS...      the stack launcher (StackMain) with ARGS in the background ($launched_pid)
#   await_stack_file F LOG WHAT   waits until that launcher has written its stack file F
#   need_pulse_cli          builds the pulse CLI (cli) if missing
#   cpu_busy / check_quiet  how busy the CPUs are before the start ($busy), with a warning
#   make_work_dir           a temporary directory ($work), deleted on exit with everything in it stopped
#   start_infra             a fresh Kafka and PostgreSQL in $work on ports chosen by the OS: sets
#                           $stack_file ($work/infra.json), $bootstrap, $jdbc_url, $reactive_url, $db_user, $db_password
#   stop_process PID NAME   SIGTERM, up to 60 s, then SIGKILL; reaps it
#   cpu_mark / others_cpu   CPU used by other processes (not the infrastructure nor this script's children)
#                           between the two; others_cpu sets $others and warns above 5 %
#   median, fmt, runs       numbers for the report
#   machine                 date, CPU, cores, RAM, OS and JDK on one line
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
maven_repo=${MAVEN_REPO_LOCAL:+-Dmaven.repo.local=$MAVEN_REPO_LOCAL}
say() { printf '%s\n' "$*" >&2; }

# ---- building what is missing -----------------------------------------------------------------
infra_classpath=deploy/infra/target/pulse-infra.classpath
need_infra_launcher() {
  if [ ! -f "$infra_classpath" ] || [ ! -d deploy/infra/target/classes ]; then
    say "building the stack launcher (deploy/kafka-broker, event-model, deploy/infra)..."
    ./mvnw -q -pl deploy/kafka-broker,event-model,deploy/infra package -DskipTests ${maven_repo:+"$maven_repo"}
  fi
}

need_pulse_cli() {
  if [ ! -f cli/target/pulse-cli.jar ]; then
    say "building the pulse CLI (cli)..."
    ./mvnw -q -pl cli -am package -DskipTests ${maven_repo:+"$maven_repo"}
  fi
}

# The stack launcher (io.pulseboard.infra.launch.StackMain) with ARGS, in the background, its output in LOG;
# sets launched_pid. It writes the stack file it is given once everything it started is ready.
launch() { # LOG ARGS...
  local log=$1
  shift
  "$java" -cp "deploy/infra/target/classes:$(cat "$infra_classpath")" io.pulseboard.infra.launch.StackMain "$@" >"$log" 2>&1 &
  launched_pid=$!
}

# Waits until the launcher launched_pid has written STACK_FILE; fails with LOG if it exits or takes over 300 s.
await_stack_file() { # STACK_FILE LOG WHAT
  for _ in $(seq 600); do
    [ -s "$1" ] && return 0
    if ! kill -0 "$launched_pid" 2>/dev/null; then
      cat "$2" >&2; echo "the $3 did not start" >&2; exit 1
    fi
    sleep 0.5
  done
  cat "$2" >&2; echo "the $3 was not ready within 300 s" >&2; exit 1
}

# ---- a quiet machine? -------------------------------------------------------------------------
# Broker, database and clients share the machine; anything else running makes the numbers low and noisy.
cpu_busy() { # percent of all CPU time in use over 3 s (Linux /proc/stat); empty elsewhere
  [ -r /proc/stat ] || return 0
  local a b
  a=$(awk '/^cpu / { print $2+$3+$4+$7+$8, $5+$6 }' /proc/stat); sleep 3
  b=$(awk '/^cpu / { print $2+$3+$4+$7+$8, $5+$6 }' /proc/stat)
  printf '%s %s\n' "$a" "$b" | awk '{ busy = $3 - $1; idle = $4 - $2; printf "%.0f", 100 * busy / (busy + idle) }'
}

check_quiet() { # sets busy
  busy=$(cpu_busy)
  if [ -n "$busy" ] && [ "$busy" -gt 15 ]; then
    say "WARNING: other processes keep the CPUs ${busy}% busy before the benchmark starts; results will be low and noisy"
  fi
}

# ---- a temporary directory, and stopping everything on exit -----------------------------------
stop_process() { # PID NAME: SIGTERM, then SIGKILL after 60 s; waits for it (a child of this shell)
  local pid=$1
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    say "stopping the $2..."
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  if [ -n "$pid" ]; then wait "$pid" 2>/dev/null || true; fi
}

infra_pid=
cleanup_work() {
  # A script may define stop_own to stop its own processes first (they use the infrastructure).
  if declare -F stop_own >/dev/null; then stop_own; fi
  stop_process "$infra_pid" broker
  rm -rf "$work"
}

make_work_dir() { # sets work
  work=$(mktemp -d "${TMPDIR:-/tmp}/pulse-bench.XXXXXX")
  case "$work" in *' '*) echo "the temporary directory $work has a space in its path; set TMPDIR" >&2; exit 2 ;; esac
  trap cleanup_work EXIT
  trap 'exit 130' INT TERM
}

# ---- a fresh Kafka broker and PostgreSQL ------------------------------------------------------
start_infra() { # in $work; sets infra_pid, stack_file, bootstrap, jdbc_url, reactive_url, db_user, db_password
  command -v jq >/dev/null || { echo "the benchmarks need jq" >&2; exit 2; }
  say "starting Kafka (and PostgreSQL) in $work ..."
  stack_file=$work/infra.json
  launch "$work/infra.log" --data-dir "$work/data" --mode local --partitions 6 --fresh --stack-file "$stack_file"
  infra_pid=$launched_pid
  await_stack_file "$stack_file" "$work/infra.log" infrastructure
  bootstrap=$(jq -r .kafka.bootstrap_servers "$stack_file")
  jdbc_url=$(jq -r .postgres.jdbc_url "$stack_file")
  reactive_url=$(jq -r .postgres.reactive_url "$stack_file")
  db_user=$(jq -r .postgres.username "$stack_file")
  db_password=$(jq -r .postgres.password "$stack_file")
  say "broker at $bootstrap, PostgreSQL at $jdbc_url"
}

# ---- CPU used by other processes --------------------------------------------------------------
# All CPU time used on the machine minus ours: the infrastructure (the launcher, the broker, the
# database server, which detaches from the launcher, and their children) and the children this shell
# ran and waited for. Linux only; empty elsewhere.
clk_tck=$(getconf CLK_TCK 2>/dev/null || echo 100)
machine_ticks() { awk '/^cpu / { print $2+$3+$4+$7+$8 }' /proc/stat 2>/dev/null; }
infra_pids() { # the launcher, the processes with a path in its data directory, and their descendants
  ps -e -o pid= -o ppid= -o args= 2>/dev/null | awk -v root="$infra_pid" -v work="$work" '
    { pid[NR] = $1; parent[NR] = $2; if ($1 == root || index($0, work "/data/")) mine[$1] = 1 }
    END {
      do { more = 0; for (i = 1; i <= NR; i++) if (!(pid[i] in mine) && (parent[i] in mine)) { mine[pid[i]] = 1; more = 1 } } while (more)
      for (p in mine) print p
    }'
}
our_ticks() { # sets ours; not in a subshell, which would not see this shell's children
  local t
  # user + system time of each, and of its children it has waited for (e.g. database connections that ended)
  t=$(for p in $(infra_pids); do awk '{ print $14 + $15 + $16 + $17 }' "/proc/$p/stat" 2>/dev/null; done | awk '{ s += $1 } END { printf "%d", s }')
  times >"$work/times" # second line: user and system time of the children this shell waited for
  ours=$(sed -n 2p "$work/times" | tr 'ms' '  ' | awk -v t="$t" -v hz="$clk_tck" '{ printf "%d", t + ($1 * 60 + $2 + $3 * 60 + $4) * hz }')
}
cpu_mark() { # the start of a measured stretch
  mark_machine=$(machine_ticks); our_ticks; mark_ours=$ours; mark_time=$(date +%s)
}
others_cpu() { # sets others: percent of all CPUs other processes used since cpu_mark; warns above 5 %
  local machine elapsed
  machine=$(machine_ticks); our_ticks; elapsed=$(( $(date +%s) - mark_time ))
  others=
  if [ -n "$mark_machine" ] && [ -n "$machine" ] && [ "$elapsed" -gt 0 ]; then
    others=$(awk -v m=$((machine - mark_machine)) -v o=$((ours - mark_ours)) -v e="$elapsed" -v hz="$clk_tck" \
        -v c="$(getconf _NPROCESSORS_ONLN)" 'BEGIN { x = 100 * (m - o) / (e * hz * c); printf "%.0f", (x < 0 ? 0 : x) }')
    if [ "$others" -gt 5 ]; then
      say "WARNING: other processes used ${others}% of the CPUs during the rounds; the numbers are not clean"
    fi
  fi
}

# ---- numbers and the machine for the report ---------------------------------------------------
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.1f\n", m }'; }
# Whole numbers with thousands separators (any awk, any locale).
group='function group(x,   s, out) { s = sprintf("%.0f", x); out = ""; while (length(s) > 3) { out = "," substr(s, length(s) - 2) out; s = substr(s, 1, length(s) - 3) } return s out }'
fmt() { awk -v x="$1" "$group"' BEGIN { print group(x) }'; }
runs() { printf '%s\n' "$@" | awk "$group"' { printf "%s%s", (NR > 1 ? " / " : ""), group($1) }'; }

machine() {
  local cpu cores ram os jdk
  cpu=$(sed -n 's/^model name[[:space:]]*: *//p' /proc/cpuinfo 2>/dev/null | head -1)
  cores=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?')
  ram=$(awk '/^MemTotal:/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null)
  os=$(. /etc/os-release 2>/dev/null && printf '%s' "$PRETTY_NAME")
  jdk=$("$java" -version 2>&1 | head -1)
  printf '%s, %s, %s cores, %s, %s, %s\n' "$(date -u +%Y-%m-%d)" "${cpu:-unknown CPU}" "$cores" "${ram:-? RAM}" \
      "${os:-unknown OS}" "$jdk"
}
