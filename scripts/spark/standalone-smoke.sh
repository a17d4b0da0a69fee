#!/usr/bin/env bash
# bdl4j-spark on a real Spark standalone cluster on this machine, without a Spark distribution: a master
# and a worker started from the Spark jars Maven already has (bdl4j-spark's provided dependencies), the
# worker launching each executor in its own JVM, and every command submitted through SparkSubmit as
# `spark-submit` would submit it. Checks each result against the single-JVM bdl4j command:
#   score        (client mode, model shipped with --archives)  = `bdl4j predict`, row for row
#   fit-ensemble (training CSV shipped with --files)            = `bdl4j fit --method ensemble
#                                                                   --ensemble-training sequential`, bit for bit
#   fit-laplace  (MAP shipped with --archives)                  = `bdl4j fit --method laplace --from MAP`
#   fit-hmc      (MAP shipped with --archives, a chain per task) = `bdl4j fit --method hmc --from MAP`, bit for bit
#   calibrate    (model as a file:// URI)                       = `bdl4j calibrate`
#   score        (cluster mode: the driver runs on the worker)  = `bdl4j predict` of the calibrated model
# and that each executor loaded the model once (its JFR recording of file reads), that the executors'
# DJL cache started empty and was filled from the job jar, and that nothing was downloaded.
#
# Usage: scripts/spark/standalone-smoke.sh
#   MVN="mvn -o"         the Maven command (default mvn); SKIP_BUILD=1 uses the jars already built
#   BDL4J="java -cp ..." the single-JVM command line (default ./bdl4j)
#   WORK=DIR             scratch directory (default a new one under $TMPDIR; kept, with every log)
#   SPARK_MASTER_PORT=N  the master's port (default 7077); web UIs take free ports
#   SPARK_PROFILE=spark-3.5  build and run against Spark 3.5 (Scala 2.12) instead of Spark 4 (Scala 2.13)
# Needs Java 17, Maven with bdl4j-spark's dependencies, bash, awk, tar and the JDK's jfr tool; 2 cores and
# about 6 GB of memory. A manual check, not a test: it takes a few minutes. It stops the master, the worker
# and the worker's executors when it ends. WORK takes about 2 GB (a copy of the job jar per executor,
# libtorch extracted twice).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
MVN="${MVN:-mvn}"
BDL4J="${BDL4J:-$here/bdl4j}"
export BDL4J_THREADS="${BDL4J_THREADS:-1}"   # ./bdl4j's libtorch threads: one, as each Spark task (spark.task.cpus=1)
work="${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/bdl4j-spark-smoke.XXXXXX")}"
port="${SPARK_MASTER_PORT:-7077}"
profile_args=()
scala=2.13
if [ -n "${SPARK_PROFILE:-}" ]; then
  profile_args=(-P"$SPARK_PROFILE")
  [ "$SPARK_PROFILE" = spark-3.5 ] && scala=2.12
fi
master="spark://127.0.0.1:$port"
mkdir -p "$work/logs" "$work/data" "$work/out"
cd "$work"

fail() { echo "standalone-smoke: $*" >&2; exit 1; }
now() { date +%s.%N; }
timed() { # timed NAME COMMAND...: runs it, records its seconds in timings.txt
  local name=$1 t0; shift; t0=$(now)
  "$@"
  awk -v n="$name" -v a="$t0" -v b="$(now)" 'BEGIN { printf "%-44s %6.1f s\n", n, b - a }' | tee -a timings.txt
}

# 1. The job jar, and Spark's jars as a distribution's jars/ folder would hold them.
if [ -z "${SKIP_BUILD:-}" ]; then
  build() { (cd "$here" && $MVN -B "$@") >> logs/build.log 2>&1 || { tail -n 30 logs/build.log >&2; fail "the build failed"; }; }
  timed "build: bdl4j-core" build -q install -DskipTests -pl bdl4j-core -am
  timed "build: job jar" build -q -Pjob-jar "${profile_args[@]}" -DskipTests package -pl bdl4j-spark
fi
jobjar="$work/$(basename "$(ls "$here"/bdl4j-spark/target/bdl4j-spark-*-job.jar)")"
cp "$here"/bdl4j-spark/target/bdl4j-spark-*-job.jar "$jobjar"
(cd "$here" && $MVN -B -q "${profile_args[@]}" dependency:list -pl bdl4j-spark -DoutputFile="$work/dependencies.txt" \
  -DoutputAbsoluteArtifactFilename=true) >> logs/build.log 2>&1 || fail "mvn dependency:list failed (logs/build.log)"
export SPARK_HOME="$work/spark-home"
mkdir -p "$SPARK_HOME/jars"
# Spark's own jars: the provided scope, and the libraries Spark shares with bdl4j-core (which Maven lists
# under compile). Nothing of bdl4j or DJL: the executors must get those from the job jar.
grep -E ':provided:|:(slf4j-api|commons-codec|commons-compress|commons-io):jar:' "$work/dependencies.txt" \
  | sed -E 's/.*:(provided|compile):(\/[^ ]+\.jar).*/\2/' | while read -r jar; do ln -sf "$jar" "$SPARK_HOME/jars/"; done
if ls "$SPARK_HOME/jars" | grep -qE '^(bdl4j|api-|pytorch|ejml)'; then fail "bdl4j or DJL among Spark's jars"; fi
# What a distribution's bin/load-spark-env.sh sets; the worker builds the executors' command from it.
export SPARK_SCALA_VERSION=$scala SPARK_LOCAL_IP=127.0.0.1
sparkcp="$SPARK_HOME/jars/*"
# Spark's --add-opens list for Java 17 (bin/spark-class adds it; the worker adds it for executors).
read -r -a opens <<< "$(sed -n 's:.*<spark.test.opens>\(.*\)</spark.test.opens>.*:\1:p' "$here/bdl4j-spark/pom.xml")"

# 2. The cluster: one master, one worker with 2 cores (executors of 1 core: two executor JVMs).
pids=()
stop() {
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done  # each JVM with its children
  for pid in "${pids[@]}"; do
    for _ in $(seq 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
}
trap stop EXIT
wait_for() { # wait_for LOG TEXT
  for _ in $(seq 120); do grep -qs "$2" "$1" && return 0; sleep 0.5; done
  fail "no '$2' in $1"
}
start_master() {
  setsid java -Xmx512m -cp "$sparkcp" "${opens[@]}" org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port "$port" --webui-port 0 > logs/master.log 2>&1 &
  pids+=($!)
  wait_for logs/master.log "I have been elected leader"
}
start_worker() {
  setsid java -Xmx512m -cp "$sparkcp" "${opens[@]}" org.apache.spark.deploy.worker.Worker "$master" \
    --host 127.0.0.1 --cores 2 --memory 4g --webui-port 0 --work-dir "$work/cluster" > logs/worker.log 2>&1 &
  pids+=($!)
  wait_for logs/worker.log "Successfully registered with master"
}
timed "start master" start_master
timed "start worker" start_worker

# 3. Data (two moons) and the single-JVM models and predictions to compare with.
moons() { # moons N SEED > CSV
  awk -v n="$1" -v seed="$2" 'BEGIN { srand(seed); pi = atan2(0, -1); print "x1,x2,label"
    for (i = 0; i < n; i++) { c = i % 2; t = rand() * pi; r = 0.2 * sqrt(-2 * log(1 - rand())); a = 2 * pi * rand()
      printf "%.6f,%.6f,%d\n", (c ? 1 - cos(t) : cos(t)) + r * cos(a), (c ? 0.5 - sin(t) : sin(t)) + r * sin(a), c } }'
}
moons 2000 1 > data/train.csv
moons 500 2 > data/heldout.csv
moons 3000 3 > data/rows.csv
single() { $BDL4J "$@" >> logs/bdl4j.log 2>&1 || { tail -n 5 logs/bdl4j.log >&2; fail "bdl4j $1 failed"; }; }
timed "bdl4j fit map" single fit --data data/train.csv --method map --hidden 32,32 --epochs 20 --seed 1 --quiet --out map
timed "bdl4j fit laplace (probit)" single fit --data data/train.csv --method laplace --from map --link probit --quiet \
  --out laplace
timed "bdl4j predict laplace" single predict --model laplace --data data/rows.csv --out predict-laplace.csv
tar czf map.tgz -C map .          # the model's files at the archive's top level:
tar czf model.tgz -C laplace .    # Spark unpacks it into a directory named after the #fragment

# 4. The commands, as spark-submit would run them.
cat > fileread.jfc <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<configuration version="2.0" label="file reads">
  <event name="jdk.FileRead"><setting name="enabled">true</setting><setting name="stackTrace">true</setting>
    <setting name="threshold">0 ms</setting></event>
</configuration>
EOF
mkdir -p djl-driver djl-executors
submit() { # submit NAME SPARK-SUBMIT-ARGS...
  local name=$1; shift
  if ! DJL_CACHE_DIR="$work/djl-driver" ENGINE_CACHE_DIR="$work/djl-driver" java -Xmx1g -cp "$sparkcp" "${opens[@]}" \
      org.apache.spark.deploy.SparkSubmit --master "$master" --conf spark.ui.enabled=false \
      --conf spark.executor.cores=1 --conf spark.task.cpus=1 --conf spark.sql.files.maxPartitionBytes=16k \
      --conf spark.executorEnv.DJL_CACHE_DIR="$work/djl-executors" \
      --conf spark.executorEnv.ENGINE_CACHE_DIR="$work/djl-executors" "$@" \
      > "logs/$name.out" 2> "logs/$name.err"; then
    grep -h "bdl4j-spark:" "logs/$name.err" >&2 || tail -n 20 "logs/$name.err" >&2
    fail "$name failed (logs/$name.err)"
  fi
}
last_app() { ls -dt "$work"/cluster/app-* | head -n 1; }
compare() { # compare A B TOL: A (a Spark output directory or a CSV file) equals B row for row in their shared
  # columns, to relative TOL (bdl4j predict prints 6 significant digits; below 1e-3 the difference is absolute)
  local files
  if [ -d "$1" ]; then files=("$1"/part-*.csv); else files=("$1"); fi
  awk -F, -v tol="$3" -v what="$1 against $2" -v B="$2" '
    FNR == 1 && FILENAME == B { nh = NF; for (i = 1; i <= NF; i++) hb[i] = $i; next }
    FNR == 1 { for (i = 1; i <= NF; i++) ia[$i] = i; next }
    FILENAME == B { bv[++nb] = $0; next }
    { av[++na] = $0 }
    END {
      if (na != nb || na == 0) { printf "%s: %d rows against %d\n", what, na, nb; exit 1 }
      for (k = 1; k <= nh; k++) if (hb[k] in ia) shared = shared (shared ? "," : "") hb[k]
      if (!shared) { printf "%s: no shared column\n", what; exit 1 }
      for (r = 1; r <= na; r++) {
        split(av[r], x, ","); split(bv[r], y, ",")
        for (k = 1; k <= nh; k++) { c = hb[k]; if (!(c in ia)) continue
          d = x[ia[c]] - y[k]; d = d < 0 ? -d : d; m = y[k] < 0 ? -y[k] : y[k]; d /= (m > 1e-3 ? m : 1e-3)
          if (d > worst) worst = d
          if (d > tol) { printf "%s: row %d, %s: %s against %s\n", what, r, c, x[ia[c]], y[k]; exit 1 } } }
      printf "%s: %d rows equal in %s (largest relative difference %.1e)\n", what, na, shared, worst }
  ' "${files[@]}" "$2"
}

# score: the README's first line, on the standalone master, with an empty DJL cache and JFR on executors
timed "spark: score (client, --archives)" submit score --deploy-mode client --archives model.tgz#model \
  --conf "spark.executor.extraJavaOptions=-XX:StartFlightRecording=filename=exec.jfr,settings=$work/fileread.jfc,dumponexit=true" \
  --class org.bdl4j.spark.cli.SparkMain "$jobjar" \
  score --model model --input "$work/data/rows.csv" --output "$work/out/scored"
score_app=$(last_app)
compare out/scored predict-laplace.csv 1e-5 | tee -a results.txt

# fit-ensemble: the table shipped with --files, a relative --out (its staging directory resolved on the driver)
timed "spark: fit-ensemble (3 members)" submit fit-ensemble --files data/train.csv \
  --class org.bdl4j.spark.cli.SparkMain "$jobjar" \
  fit-ensemble --train train.csv --members 3 --seed 1 --option hidden=32,32 --option epochs=20 --out ensemble
timed "bdl4j fit ensemble (sequential)" single fit --data data/train.csv --method ensemble --ensemble-training sequential \
  --members 3 --seed 1 --hidden 32,32 --epochs 20 --quiet --out ensemble-single
for m in 0 1 2; do cmp -s "ensemble/member$m.f32" "ensemble-single/member$m.f32" || fail "ensemble member $m differs"; done
echo "fit-ensemble: the 3 members equal bdl4j fit's bit for bit" | tee -a results.txt

# fit-laplace: the MAP shipped with --archives; every layer, KFAC, prior precision by the marginal likelihood
timed "spark: fit-laplace (all layers, kron)" submit fit-laplace --archives map.tgz#map \
  --class org.bdl4j.spark.cli.SparkMain "$jobjar" \
  fit-laplace --from map --train "$work/data/train.csv" --target label --option subset=all --option hessian=kron \
  --out laplace-all
timed "bdl4j fit laplace (all layers, kron)" single fit --data data/train.csv --method laplace --from map --subset all \
  --hessian kron --validation-fraction 0 --quiet --out laplace-all-single
prior() { sed -n 's/.*"priorPrecision": *\([^,}]*\).*/\1/p' "$1/manifest.json" | tail -n 1; }  # the laplace block's
awk -v a="$(prior laplace-all)" -v b="$(prior laplace-all-single)" 'BEGIN { d = (a - b) / b; d = d < 0 ? -d : d
  printf "fit-laplace: prior precision %s against %s (relative difference %.1e)\n", a, b, d; exit d > 1e-5 }' \
  | tee -a results.txt || fail "fit-laplace: prior precisions differ"
single predict --model laplace-all --data data/rows.csv --out predict-laplace-all.csv
single predict --model laplace-all-single --data data/rows.csv --out predict-laplace-all-single.csv
compare predict-laplace-all.csv predict-laplace-all-single.csv 1e-3 | tee -a results.txt

# fit-hmc: the MAP shipped with --archives, one chain per task on the two one-core executors (each in its
# own JVM, so the chains run at the same time); the same draws as bdl4j fit --method hmc without validation
timed "spark: fit-hmc (2 chains)" submit fit-hmc --archives map.tgz#map \
  --class org.bdl4j.spark.cli.SparkMain "$jobjar" \
  fit-hmc --from map --train "$work/data/train.csv" --target label --option hmc-chains=2 --option samples=40 \
  --out hmc
timed "bdl4j fit hmc (2 chains)" single fit --data data/train.csv --method hmc --from map --hmc-chains 2 --samples 40 \
  --validation-fraction 0 --quiet --out hmc-single
cmp -s hmc/samples.f32 hmc-single/samples.f32 || fail "fit-hmc: the draws differ from bdl4j fit's"
echo "fit-hmc: the 40 draws of 2 chains equal bdl4j fit's bit for bit" | tee -a results.txt

# calibrate: the model as a Hadoop URI, copied once per executor
timed "spark: calibrate (temperature)" submit calibrate --class org.bdl4j.spark.cli.SparkMain "$jobjar" \
  calibrate --model "file://$work/ensemble" --calibration "$work/data/heldout.csv" --out calibrated
timed "bdl4j calibrate" single calibrate --model ensemble --data data/heldout.csv --out calibrated-single
temperature() { sed -n 's/.*"temperature": *\([0-9.eE+-]*\).*/\1/p' "$1/manifest.json" | head -n 1; }
[ "$(temperature calibrated)" = "$(temperature calibrated-single)" ] || fail "calibrate: temperatures differ"
echo "calibrate: temperature $(temperature calibrated), as bdl4j calibrate's" | tee -a results.txt

# score in cluster mode: the driver is launched by the worker (it takes one of the two cores). Spark 4's
# worker gives that driver JVM the --add-opens list; Spark 3.5's does not, so it is passed here.
timed "spark: score (cluster mode)" submit score-cluster --deploy-mode cluster \
  --conf "spark.driver.extraJavaOptions=${opens[*]}" \
  --conf spark.standalone.submit.waitAppCompletion=true --class org.bdl4j.spark.cli.SparkMain "$jobjar" \
  score --model "$work/calibrated" --input "$work/data/rows.csv" --output "$work/out/scored-calibrated"
single predict --model calibrated-single --data data/rows.csv --out predict-calibrated.csv
compare out/scored-calibrated predict-calibrated.csv 1e-5 | tee -a results.txt

# 5. One model load per executor JVM, natives from the job jar, nothing downloaded.
for e in "$score_app"/*/; do
  tasks=$(grep -c "Executor: Running task" "$e/stderr" || true)
  loads=$(jfr print --events jdk.FileRead --stack-depth 64 "$e/exec.jfr" | awk '
    /^jdk.FileRead/ { n += (manifest && eof && load); manifest = eof = load = 0 }
    /path = "model\/manifest.json"/ { manifest = 1 } /endOfFile = true/ { eof = 1 } /ModelCache.load/ { load = 1 }
    END { print n + (manifest && eof && load) }')
  echo "score: executor $(basename "$e") ran $tasks tasks and read the model $loads time(s)" | tee -a results.txt
  [ "$loads" -le 1 ] || fail "executor $(basename "$e") loaded the model $loads times"
done
# every JVM that loaded libtorch (executors, and the drivers, which load the model too) found it in the job jar
jvm_logs=("$work"/cluster/app-*/*/stderr "$work"/cluster/driver-*/stderr logs/*.err)
executors=$(ls -d "$work"/cluster/app-*/*/ | wc -l)
loaded=$(grep -h "Found matching platform from" "${jvm_logs[@]}" | wc -l)
from_jar=$(grep -h "Found matching platform from: jar:file:.*-job.jar!/native/lib/pytorch.properties" \
  "${jvm_logs[@]}" | wc -l)
extracted=$(grep -l "LibUtils: Extracting" "$work"/cluster/app-*/*/stderr | wc -l)
echo "libtorch: $loaded JVMs (executors and drivers) loaded it, $from_jar from the job jar; $extracted of the" \
  "$executors executors extracted it into their empty cache, the others found it there" | tee -a results.txt
[ "$loaded" -gt 0 ] && [ "$from_jar" -eq "$loaded" ] || fail "libtorch was loaded from elsewhere than the job jar"
if grep -il "downloading" "${jvm_logs[@]}"; then
  fail "something was downloaded (the files above)"
fi
echo "executors' DJL cache, empty at the start: $(du -sh djl-executors | cut -f1) extracted from the job jar;" \
  "no download in any log" | tee -a results.txt
echo "all checks passed; logs, models and timings in $work"
