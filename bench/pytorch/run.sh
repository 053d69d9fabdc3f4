#!/usr/bin/env bash
# radlab vs PyTorch CPU, same workloads, one thread, interleaved (issue #14).
#
#   bench/pytorch/run.sh [ROUNDS] [WORKLOAD...]
#
# For each round and each workload it runs the PyTorch reference (bench/pytorch/reference.py: 1 warm-up, 3 timed
# runs, median) and then radlab's JMH benchmark PyTorchComparisonBenchmark (own JVM: 1 warm-up, 3 timed single
# shots, mean), back to back, so both sides see the same machine load. Prints per round and at the end a table
# radlab / PyTorch (> 1: radlab slower), with the load average, and appends the raw lines to
# reports/bench/pytorch-compare.txt. Needs python3 with torch and numpy (bench/pytorch/README.md).
# BASELINE_CLASSES=DIR (compiled main classes of another version, e.g. an older commit's target/classes) also runs
# radlab's side on that version in the same round, for before/after ratios measured under the same load.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-2}; shift || true
mkdir -p reports/bench
OUT=reports/bench/pytorch-compare.txt
SNAP=target/bench-snapshot
source bench/pytorch/setup.sh
CP="$SNAP/test-classes:$SNAP/classes:$DEPS"
echo "# $(date -u +%FT%TZ) $(uname -n) $(getconf _NPROCESSORS_ONLN) cores, OMP_NUM_THREADS=1, radlab BLAS env: ${BLAS_ENV:-none}, torch $(python3 -c 'import torch;print(torch.__version__)'), git $(git rev-parse --short HEAD)$(git diff --quiet || echo +dirty)" | tee -a "$OUT"
declare -A PT RL
for r in $(seq 1 "$ROUNDS"); do
  for w in "${WORKLOADS[@]}"; do
    load=$(cut -d' ' -f1 /proc/loadavg)
    pt=$(python3 bench/pytorch/reference.py "$w" --reps 3 | awk '{print $2}')
    env $BLAS_ENV java -Djava.awt.headless=true -cp "$CP" org.openjdk.jmh.Main PyTorchComparisonBenchmark -p workload="$w" \
      -f 1 -wi 1 -i 3 -rf json -rff target/bench-$w.json >/dev/null
    rl=$(python3 -c "import json,sys;print('%.4f'%(json.load(open('target/bench-$w.json'))[0]['primaryMetric']['score']/1000))")
    ratio=$(python3 -c "print('%.2f'%($rl/$pt))")
    base=""
    if [ -n "${BASELINE_CLASSES:-}" ]; then
      env $BLAS_ENV java -Djava.awt.headless=true -cp "$SNAP/test-classes:$BASELINE_CLASSES:$DEPS" org.openjdk.jmh.Main \
        PyTorchComparisonBenchmark -p workload="$w" -f 1 -wi 1 -i 3 -rf json -rff target/bench-base-$w.json >/dev/null
      bl=$(python3 -c "import json,sys;print('%.4f'%(json.load(open('target/bench-base-$w.json'))[0]['primaryMetric']['score']/1000))")
      base="  baseline ${bl}s  baseline ratio $(python3 -c "print('%.2f'%($bl/$pt))")"
    fi
    echo "round $r  $w  pytorch ${pt}s  radlab ${rl}s  ratio $ratio$base  load $load" | tee -a "$OUT"
    PT[$w]+="$pt "; RL[$w]+="$rl "
  done
done
echo
echo "| workload | PyTorch s (median) | radlab s (median) | radlab / PyTorch |"
echo "|---|---|---|---|"
for w in "${WORKLOADS[@]}"; do
  python3 - "$w" "${PT[$w]}" "${RL[$w]}" <<'PY'
import statistics, sys
w, pt, rl = sys.argv[1], [float(v) for v in sys.argv[2].split()], [float(v) for v in sys.argv[3].split()]
ratios = [r / p for p, r in zip(pt, rl)]
print(f"| {w} | {statistics.median(pt):.3f} | {statistics.median(rl):.3f} | {statistics.median(ratios):.2f} (rounds: {', '.join(f'{x:.2f}' for x in ratios)}) |")
PY
done | tee -a "$OUT"
echo "load after: $(cat /proc/loadavg)" | tee -a "$OUT"
