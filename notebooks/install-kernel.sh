#!/usr/bin/env bash
# Installs what radlab's notebooks need, with no network beyond the package registries:
#   - the Jupyter client packages (nbclient, nbformat, jupyter_client) with pip, if missing;
#   - a Jupyter kernel spec "radlab-java" that starts radlab's Java kernel (radlab.notebook.kernel.KernelMain,
#     built on JJava's protocol library from Maven Central) with radlab on its classpath.
# Usage: notebooks/install-kernel.sh [--classpath CP] [--name NAME] [--heap SIZE] [--serial-gc]
#   CP default: target/radlab.jar, built by 'mvn package'; NAME default: radlab-java (a per-user kernel spec, so two
#   checkouts on one machine should use different names or they replace each other's classpath); SIZE: the kernel
#   JVM's maximum heap as for -Xmx (default 4g); --serial-gc: the serial collector, for a small machine (less
#   resident memory, a little slower).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cp="$root/target/radlab.jar"
name="radlab-java"
heap="4g"
gc=""
while [ $# -gt 0 ]; do
  case "$1" in
    --classpath) cp="$2"; shift 2 ;;
    --name) name="$2"; shift 2 ;;
    --heap) heap="$2"; shift 2 ;;
    --serial-gc) gc="-XX:+UseSerialGC"; shift ;;
    *) echo "install-kernel: error: unknown option $1 (expected --classpath CP, --name NAME, --heap SIZE, --serial-gc)" >&2; exit 2 ;;
  esac
done
if ! [[ "$heap" =~ ^[0-9]+[kKmMgG]?$ ]]; then
  echo "install-kernel: error: --heap $heap is not a heap size such as 1g or 1536m" >&2
  exit 2
fi
if [ "$cp" = "$root/target/radlab.jar" ] && [ ! -f "$cp" ]; then
  echo "install-kernel: error: $cp is missing; build it first with: mvn -B -q package -DskipTests" >&2
  exit 2
fi
py="${PYTHON:-python3}"
pkgs="nbclient nbformat jupyter_client"
if ! "$py" -c "import nbclient, nbformat, jupyter_client" 2>/dev/null; then
  # pip first; a Debian system Python may refuse (PEP 668), then Debian's own packages of the same libraries.
  "$py" -m pip install --quiet --disable-pip-version-check --retries 0 --timeout 15 $pkgs 2>/dev/null \
    || "$py" -m pip install --quiet --disable-pip-version-check --retries 0 --timeout 15 --break-system-packages $pkgs 2>/dev/null \
    || { command -v apt-get >/dev/null \
         && apt-get install -y -q python3-nbclient python3-nbformat python3-jupyter-client >/dev/null 2>&1 \
         && py=/usr/bin/python3; } \
    || { echo "install-kernel: error: could not install the Jupyter client packages ($pkgs) with pip or apt-get" >&2; exit 2; }
fi
spec="$(mktemp -d)/$name"
mkdir -p "$spec"
"$py" - "$spec/kernel.json" "$cp" "$heap" "$gc" <<'PY'
import json, sys
path, cp, heap, gc = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
json.dump({"argv": ["java", "-Djava.awt.headless=true", "-Xmx" + heap] + ([gc] if gc else []) + ["-Dradlab.kernel.classpath=" + cp, "-cp", cp,
                    "radlab.notebook.kernel.KernelMain", "{connection_file}"],
           "display_name": "Java (radlab)", "language": "java", "interrupt_mode": "message"},
          open(path, "w"), indent=1)
PY
"$py" -m jupyter_client.kernelspecapp install --user --replace --name "$name" "$spec" >/dev/null 2>&1 \
  || "$py" - "$spec" "$name" <<'PY'
import sys
from jupyter_client.kernelspec import KernelSpecManager
KernelSpecManager().install_kernel_spec(sys.argv[1], kernel_name=sys.argv[2], user=True, replace=True)
PY
echo "installed Jupyter kernel '$name' (classpath: $cp)"
echo "python: $(command -v "$py")"
