# Shared set-up of run.sh and cpu-compare.sh (sourced, after `cd` to the repository root, with SNAP set and the
# workload arguments in "$@"): one thread everywhere, the workload list, compiled classes and their snapshot (so that
# rebuilding during a run cannot mix two versions), the test classpath in DEPS, and radlab's OpenBLAS kernel choice in
# BLAS_ENV (radlab.cli.BlasKernel, which the CLI's child JVM gets too), for radlab's JVMs only: PyTorch and numpy keep
# their own detection.
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
# KERNELS=avx2: both sides on AVX2 code paths on an AVX-512 CPU (a stand-in for an AVX2-only CPU): OpenBLAS's Haswell
# kernels and the JVM limited to AVX2 for radlab; oneDNN capped at AVX2 for both; PyTorch's ATen and MKL capped too.
if [ "${KERNELS:-}" = avx2 ]; then
  export OPENBLAS_CORETYPE=Haswell DNNL_MAX_CPU_ISA=AVX2 ONEDNN_MAX_CPU_ISA=AVX2 ATEN_CPU_CAPABILITY=avx2 MKL_ENABLE_INSTRUCTIONS=AVX2
  RADLAB_AVX="-XX:UseAVX=2"
fi
WORKLOADS=("$@")
[ ${#WORKLOADS[@]} -eq 0 ] && WORKLOADS=(train-plain train-l2-exact train-l2-proj1 train-l1-exact jacobians pgd20-linf rademacher-l2 \
  cnn-train-plain cnn-train-l2-exact cnn-jacobians cnn-pgd20-linf)
mvn -q -B -o test-compile >/dev/null 2>&1 || mvn -q -B test-compile
mvn -q -B -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >/dev/null 2>&1 \
  || mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
rm -rf "$SNAP"; mkdir -p "$SNAP"; cp -r target/classes target/test-classes "$SNAP"/
DEPS=$(cat target/bench.classpath)
[ -z "${OPENBLAS_CORETYPE:-}" ] && unset OPENBLAS_CORETYPE   # empty: OpenBLAS 0.3.19 loads wrong float64 kernels
BLAS_ENV=$(java -cp "$SNAP/classes" radlab.cli.BlasKernel | tr '\n' ' ')
# The CLI's child JVM leaves JavaCPP's per-allocation memory check off (its governor enforces the limit instead:
# radlab.cli.MemoryLimits), so radlab's benchmark JVMs do too; PyTorchComparisonBenchmark's @Fork says the same.
RADLAB_JVM="-Dorg.bytedeco.javacpp.maxphysicalbytes=0 ${RADLAB_AVX:-}"
