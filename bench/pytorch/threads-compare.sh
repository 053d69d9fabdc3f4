#!/usr/bin/env bash
# Threads on this machine, wall seconds (idle machine needed: with more threads than free cores wall time means
# nothing). (1) The MLP train-plain epoch: PyTorch at its default threads, at 1 and at 2; radlab (its training step
# always runs on one thread). (2) One whole radlab command, `train --epochs 1` with its default evaluation (APGD
# suite on 2,000 test digits, certificates on 500), at RADLAB_THREADS=1 and 2, and with OMP_NUM_THREADS=2 (which
# radlab replaces by one native thread per Java thread). Needs target/radlab.jar (mvn -o package -DskipTests).
#   bench/pytorch/threads-compare.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-1}
SNAP=target/bench-snapshot-threads
source bench/pytorch/setup.sh train-plain
echo "# threads-compare $(date -u +%FT%TZ) $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc --all) cores, git $(git rev-parse --short HEAD)$(git diff --quiet || echo +dirty), load $(cut -d' ' -f1-3 /proc/loadavg)"
NOENV=(env -u OMP_NUM_THREADS -u MKL_NUM_THREADS -u OPENBLAS_NUM_THREADS)
for r in $(seq 1 "$ROUNDS"); do
  for t in 0 1 2; do
    echo "round $r  train-plain epoch  pytorch threads=$([ "$t" = 0 ] && echo default || echo "$t")  wall $("${NOENV[@]}" python3 bench/pytorch/reference.py train-plain --threads "$t" | awk '{print $2}')s"
  done
  echo "round $r  train-plain epoch  radlab (one thread)  wall $(env $BLAS_ENV java -Xmx1g $RADLAB_JVM -Djava.awt.headless=true -cp "$SNAP/test-classes:$SNAP/classes:$DEPS" radlab.bench.CpuTimeRunner train-plain 3 1 2>/dev/null | awk '{print $2}')s"
  out=$(mktemp -d)
  for setting in RADLAB_THREADS=1 RADLAB_THREADS=2 OMP_NUM_THREADS=2; do
    s=$(date +%s.%N)
    "${NOENV[@]}" $setting java -jar target/radlab.jar train --epochs 1 --out "$out/$setting" >/dev/null 2>&1
    echo "round $r  radlab train --epochs 1 (default evaluation)  $setting  wall $(python3 -c "print('%.1f' % ($(date +%s.%N) - $s))")s"
  done
  rm -rf "$out"
done
