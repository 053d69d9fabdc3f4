#!/usr/bin/env bash
# Re-executes every notebook and writes it back over the committed one WITH outputs (the one command to run after a
# change that alters what a notebook shows; NotebooksTest fails until then). Builds the jar, installs a kernel spec
# named after this checkout (so parallel checkouts do not replace each other's), runs the notebooks.
# Usage: notebooks/refresh.sh        (then review `git diff notebooks/` and commit)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
mvn -B -q package -DskipTests
name="radlab-java-$(printf '%s' "$root" | sha256sum | cut -c1-8)"
installed="$(bash notebooks/install-kernel.sh --classpath "$root/target/radlab.jar" --name "$name")"
py="$(printf '%s\n' "$installed" | sed -n 's/^python: //p')"
"${py:-python3}" notebooks/run_notebooks.py --kernel "$name" --write-back
