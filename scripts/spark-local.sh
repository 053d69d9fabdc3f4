#!/usr/bin/env bash
# spark-local.sh: a Spark standalone cluster on this machine without a Spark installation, from Spark's Maven jars.
#
# A real (if small) cluster: the master, each worker and each executor are separate JVMs talking over 127.0.0.1, so a
# sweep with `--engine spark --master spark://...` crosses process boundaries exactly as on a cluster (tasks and rows
# are serialized, executors load radlab.jar shipped by the driver, a killed worker loses its tasks).
#
# Usage, from the project directory after `mvn -B -q package -DskipTests`:
#   scripts/spark-local.sh master [PORT]       start a master on 127.0.0.1 (PORT, default a free one); prints its URL
#   scripts/spark-local.sh worker [URL]        start a worker (1 core, SPARK_LOCAL_WORKER_MEMORY, default 2g) for URL
#                                              (default: the master started above); run it again for more workers
#   scripts/spark-local.sh submit ARGS...      spark-submit radlab.cli.RadlabCli with ARGS (client mode: the driver runs
#                                              here), e.g. submit sweep --grid grids/tiny.json --engine spark --out DIR
#   scripts/spark-local.sh kill-worker N       kill -9 worker N and its executors (fault injection: a lost node)
#   scripts/spark-local.sh status              list the processes started here and whether they run
#   scripts/spark-local.sh stop                stop every process started here (workers and their executors, master)
#   scripts/spark-local.sh url                 print the master URL
#
# What it sets up (once, and again when pom.xml or target/radlab.jar is newer):
#   target/spark-home/classpath.txt    target/lib (radlab's runtime jars) plus Spark and its dependencies (the
#                                      `provided` scope) from the local Maven repository (mvn -o, online if that fails)
#   target/spark-home/jars/            a symlink to every jar of that classpath: a Worker builds each executor's
#                                      command from SPARK_HOME/jars (org.apache.spark.launcher.WorkerCommandBuilder)
#   target/spark-home/conf/            log4j2.properties (warnings, plus the master's, workers' and executors' own
#                                      events: registrations, lost workers, each executor's tasks)
# SPARK_SCALA_VERSION=2.13 is exported: without it Spark's launcher (AbstractCommandBuilder.getScalaVersion) looks for
# a source build (SPARK_HOME/launcher/target/scala-2.13) and the Worker cannot start executors.
# Every process is started in its own process group and writes NAME.pid and NAME.log under target/spark-local/
# (master, worker-1, worker-2, ...; the executors' logs are under target/spark-local/work/). Spark 4 on Java 17 needs
# the --add-opens flags of pom.xml's spark.add-opens for every JVM: they are given to the master, workers and driver;
# Spark adds them to the executors itself.
#
# Environment: JAVA_HOME (else java on PATH), SPARK_LOCAL_WORKER_MEMORY (worker memory, default 2g),
# SPARK_LOCAL_EXECUTOR_MEMORY (heap of each executor, default 1g), SPARK_LOCAL_DIR (state directory, default
# target/spark-local), SPARK_LOCAL_TIMEOUT (seconds to wait for a master or worker to come up, default 60).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="${SPARK_LOCAL_DIR:-$ROOT/target/spark-local}"
HOME_DIR="$ROOT/target/spark-home"
JAR="$ROOT/target/radlab.jar"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
TIMEOUT="${SPARK_LOCAL_TIMEOUT:-60}"
WORKER_MEMORY="${SPARK_LOCAL_WORKER_MEMORY:-2g}"
EXECUTOR_MEMORY="${SPARK_LOCAL_EXECUTOR_MEMORY:-1g}"
export SPARK_HOME="$HOME_DIR" SPARK_CONF_DIR="$HOME_DIR/conf" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1

die() { echo "spark-local: $*" >&2; exit 2; }

# The executors (which inherit a worker's environment) and the driver get the environment `java -jar radlab.jar` gives
# its own child JVM (radlab.cli.MemoryLimits): the same OpenBLAS kernels, so rows are bit-identical to a local sweep's
# (with another kernel family norms differ in the last bits), and glibc's arena limit.
radlab_env() {
  [[ -n "${OPENBLAS_CORETYPE-x}" ]] || unset OPENBLAS_CORETYPE  # set but empty: OpenBLAS 0.3.19 computes wrong products
  local kv
  kv="$("$JAVA" -cp "$JAR" radlab.cli.BlasKernel)" || die "cannot run $JAR"
  [[ -z "$kv" ]] || export "${kv?}"
  export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
}

add_opens() {  # the spark.add-opens property of pom.xml, one flag per word
  sed -n 's:.*<spark.add-opens>\(.*\)</spark.add-opens>.*:\1:p' "$ROOT/pom.xml"
}

setup() {
  [[ -f "$JAR" ]] || die "no $JAR; build first: mvn -B -q package -DskipTests"
  mkdir -p "$STATE"
  local cp="$HOME_DIR/classpath.txt"
  if [[ ! -s "$cp" || "$ROOT/pom.xml" -nt "$cp" || "$JAR" -nt "$cp" ]]; then
    local provided="$HOME_DIR/provided.txt" log="$HOME_DIR/mvn.log"
    local args=(-B -q -f "$ROOT/pom.xml" dependency:build-classpath -Dmdep.includeScope=provided "-Dmdep.outputFile=$provided")
    mkdir -p "$HOME_DIR"
    mvn -o "${args[@]}" >"$log" 2>&1 || mvn "${args[@]}" >>"$log" 2>&1 || die "cannot resolve Spark's jars (see $log)"
    { ls "$ROOT"/target/lib/*.jar; tr ':' '\n' <"$provided"; } | grep -v '^$' >"$cp.tmp"
    grep -q '/spark-core_' "$cp.tmp" || die "Spark is not on the resolved classpath (see $log)"
    mv "$cp.tmp" "$cp"
    rm -rf "$HOME_DIR/jars"
    mkdir -p "$HOME_DIR/jars" "$HOME_DIR/conf"
    while read -r j; do ln -sf "$j" "$HOME_DIR/jars/$(basename "$j")"; done <"$cp"
    cat >"$HOME_DIR/conf/log4j2.properties" <<'EOF'
rootLogger.level = warn
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss.SSS} %p %c{1}: %m%n
logger.deploy.name = org.apache.spark.deploy
logger.deploy.level = info
logger.executor.name = org.apache.spark.executor.Executor
logger.executor.level = info
EOF
  fi
}

alive() { [[ -f "$STATE/$1.pid" ]] && kill -0 "$(cat "$STATE/$1.pid")" 2>/dev/null; }

# start NAME MAIN ARGS...: a JVM in its own session (so stop reaches the executors it starts), pid and log in STATE
start() {
  local name="$1" main="$2"; shift 2
  alive "$name" && die "$name already runs (pid $(cat "$STATE/$name.pid")); run stop first"
  # shellcheck disable=SC2046  # add_opens is a list of flags
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$STATE/$name.pid" "$JAVA" -Xmx512m $(add_opens) \
    -cp "$HOME_DIR/conf:$HOME_DIR/jars/*" "$main" "$@" >"$STATE/$name.log" 2>&1 </dev/null &
  for _ in 1 2 3 4 5 6 7 8 9 10; do [[ -s "$STATE/$name.pid" ]] && return 0; sleep 0.1; done
  die "$name did not start"
}

# wait_log NAME PATTERN: waits until NAME's log matches PATTERN (prints the match), or fails if it exits or times out
wait_log() {
  local name="$1" pattern="$2" end=$((SECONDS + TIMEOUT))
  while ((SECONDS < end)); do
    if grep -o -m1 -E "$pattern" "$STATE/$name.log" 2>/dev/null; then return 0; fi
    alive "$name" || { tail -n 20 "$STATE/$name.log" >&2; die "$name exited (log: $STATE/$name.log)"; }
    sleep 0.2
  done
  die "$name not up after ${TIMEOUT}s (log: $STATE/$name.log)"
}

master_url() {
  [[ -s "$STATE/master.url" ]] || die "no master started here; pass its URL or run: $0 master"
  cat "$STATE/master.url"
}

stop_group() {  # stop_group NAME SIGNAL
  local pid
  pid="$(cat "$STATE/$1.pid" 2>/dev/null)" || return 0
  kill "-$2" -- "-$pid" 2>/dev/null || true
}

cmd="${1:-}"
[[ $# -gt 0 ]] && shift
case "$cmd" in
  master)
    setup
    rm -f "$STATE/master.url"
    start master org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "${1:-0}" --webui-port 0
    url="$(wait_log master 'spark://127\.0\.0\.1:[0-9]+')"
    echo "$url" >"$STATE/master.url"
    echo "$url"
    ;;
  worker)
    setup
    radlab_env
    url="${1:-$(master_url)}"
    n=1
    while [[ -e "$STATE/worker-$n.pid" ]]; do n=$((n + 1)); done
    mkdir -p "$STATE/work"
    start "worker-$n" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --port 0 --webui-port 0 \
      --cores 1 --memory "$WORKER_MEMORY" --work-dir "$STATE/work" "$url"
    wait_log "worker-$n" 'Successfully registered with master' >/dev/null
    echo "worker-$n"
    ;;
  submit)
    setup
    radlab_env
    master=()
    [[ -s "$STATE/master.url" ]] && master=(--master "$(cat "$STATE/master.url")")
    # shellcheck disable=SC2046
    exec "$JAVA" $(add_opens) -cp "$HOME_DIR/conf:$HOME_DIR/jars/*" org.apache.spark.deploy.SparkSubmit "${master[@]}" \
      --class radlab.cli.RadlabCli --conf spark.executor.memory="$EXECUTOR_MEMORY" \
      --conf spark.driver.host=127.0.0.1 --conf spark.ui.enabled=false "$JAR" "$@"
    ;;
  kill-worker)
    [[ "${1:-}" =~ ^[0-9]+$ ]] || die "kill-worker needs a worker number, e.g. kill-worker 1"
    alive "worker-$1" || die "worker-$1 is not running"
    stop_group "worker-$1" KILL
    echo "killed worker-$1"
    ;;
  status)
    for f in "$STATE"/*.pid; do
      [[ -e "$f" ]] || continue
      name="$(basename "$f" .pid)"
      if alive "$name"; then echo "$name running (pid $(cat "$f"))"; else echo "$name stopped"; fi
    done
    ;;
  stop)
    names=()
    for f in "$STATE"/worker-*.pid "$STATE"/master.pid; do [[ -e "$f" ]] && names+=("$(basename "$f" .pid)"); done
    for name in "${names[@]}"; do stop_group "$name" TERM; done
    end=$((SECONDS + 15))
    for name in "${names[@]}"; do
      while alive "$name" && ((SECONDS < end)); do sleep 0.2; done
      stop_group "$name" KILL  # also the executors of a worker that ignored TERM
      rm -f "$STATE/$name.pid"
    done
    rm -f "$STATE/master.url"
    echo "stopped ${#names[@]} process(es)"
    ;;
  url) master_url ;;
  *) die "usage: $0 master [PORT] | worker [URL] | submit ARGS... | kill-worker N | status | stop | url" ;;
esac
