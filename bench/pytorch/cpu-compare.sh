#!/usr/bin/env bash
# radlab vs PyTorch in thread CPU seconds (issue #14): the same workloads as run.sh, one thread, but each side's time is
# the CPU time of its computing thread, so the ratio does not depend on how many other processes share the machine
# (wall-time ratios from run.sh moved ±50 % between rounds at load 10-16). Cache and memory-bandwidth contention
# still act on both sides.
#   bench/pytorch/cpu-compare.sh [ROUNDS] [WORKLOAD...]     (BASELINE_CLASSES=DIR adds radlab-before, as in run.sh)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-1}; shift || true
SNAP=target/bench-snapshot-cpu
source bench/pytorch/setup.sh
echo "# cpu-compare $(date -u +%FT%TZ) radlab BLAS env: ${BLAS_ENV:-none} git $(git rev-parse --short HEAD)$(git diff --quiet || echo +dirty), load $(cut -d' ' -f1-3 /proc/loadavg)"
# REPS timed runs after WARMUP untimed ones per side (default 3 and 1; REPS=1 WARMUP=0 for the long CNN epochs)
REPS=${REPS:-3}; WARMUP=${WARMUP:-1}
for r in $(seq 1 "$ROUNDS"); do
  for w in "${WORKLOADS[@]}"; do
    pt=$(python3 bench/pytorch/reference.py "$w" --reps "$REPS" --warmup "$WARMUP" | awk '{print $4}')
    rl=$(env $BLAS_ENV java -Xmx1g $RADLAB_JVM -Djava.awt.headless=true -cp "$SNAP/test-classes:$SNAP/classes:$DEPS" radlab.bench.CpuTimeRunner "$w" "$REPS" "$WARMUP" 2>/dev/null | awk '{print $3}')
    line="round $r  $w  pytorch cpu ${pt}s  radlab cpu ${rl}s  ratio $(python3 -c "print('%.2f'%($rl/$pt))")"
    if [ -n "${BASELINE_CLASSES:-}" ]; then
      bl=$(env $BLAS_ENV java -Xmx1g $RADLAB_JVM -Djava.awt.headless=true -cp "$SNAP/test-classes:$BASELINE_CLASSES:$DEPS" radlab.bench.CpuTimeRunner "$w" "$REPS" "$WARMUP" 2>/dev/null | awk '{print $3}')
      line="$line  baseline cpu ${bl}s  baseline ratio $(python3 -c "print('%.2f'%($bl/$pt))")"
    fi
    echo "$line  load $(cut -d' ' -f1 /proc/loadavg)"
  done
done
