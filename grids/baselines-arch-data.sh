#!/bin/sh
# The baselines profile on {MLP, CNN} x {MNIST, Fashion-MNIST}: one `reproduce` sweep per combination, each into its
# own report directory reports/baselines/ARCH-DATASET/ (its sweep cache under .sweeps/ there), then the figures that
# compare methods. Run from the repository root after `mvn -B -q package -DskipTests`:
#
#   sh grids/baselines-arch-data.sh              # train (or resume) all four sweeps and draw the figures
#   sh grids/baselines-arch-data.sh --estimate   # points, core-hours and wall time of each sweep; trains nothing
#
# Extra arguments go to every `reproduce` call (e.g. --workers 2). FIGURES and OUT override the defaults; the
# figures after the first reuse the cached sweep, so they cost minutes, not the sweep again.
set -eu
JAR=${JAR:-target/radlab.jar}
OUT=${OUT:-reports/baselines}
FIGURES=${FIGURES:-"robustness-vs-cost accuracy-vs-lambda bound-vs-gap correlation"}
CNN=cnn:c16k5-p2-c32k5-p2-d64
if [ ! -d /usr/share/datasets/fashion-mnist ]; then
    echo "/usr/share/datasets/fashion-mnist: missing; install Debian's dataset-fashion-mnist package" >&2
    exit 2
fi
for arch in mlp "$CNN"; do
    for data in mnist fashion-mnist; do
        name=$(echo "$arch" | cut -d: -f1)-$data
        archopt=""
        [ "$arch" = mlp ] || archopt="--arch $arch"
        if [ "${1:-}" = "--estimate" ]; then
            echo "== $name"
            # shellcheck disable=SC2086
            java -jar "$JAR" reproduce --profile baselines $archopt --dataset "$data" --figure robustness-vs-cost --out "$OUT/$name" "$@"
            continue
        fi
        for figure in $FIGURES; do
            # shellcheck disable=SC2086
            java -jar "$JAR" reproduce --profile baselines $archopt --dataset "$data" --figure "$figure" --out "$OUT/$name" "$@"
        done
    done
done
