#!/usr/bin/env python3
"""Executes every notebook in this directory headless with nbclient and a Java kernel; exits 1 on any cell error.

Usage: python3 notebooks/run_notebooks.py [--kernel NAME] [--out DIR] [--write-back | --check]
The executed copies (with outputs) go to DIR (default target/notebooks).
  --write-back  also writes each executed notebook back over the committed one, outputs included (notebooks/refresh.sh)
  --check       also fails (exit 1) when a committed notebook's outputs no longer have the structure of the fresh run:
                the same cells (type and source) and, per code cell, the same sequence of output types (stream name,
                or display/result MIME types). Values are not compared (timings and seeds' numbers may move); stderr
                streams are left out (library warnings come and go).
"""
import argparse, concurrent.futures, json, pathlib, sys, time

try:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
except ImportError as e:
    sys.exit(f"run_notebooks: error: Python package missing ({e}); run notebooks/install-kernel.sh first")


def output_signature(output):
    kind = output.get("output_type")
    if kind == "stream":
        return None if output.get("name") == "stderr" else "stream:" + output.get("name", "")
    if kind in ("display_data", "execute_result"):
        return kind + ":" + ",".join(sorted(output.get("data", {}).keys()))
    return kind  # error


def structure(nb):
    """Per cell: (cell type, source, [output signatures with consecutive duplicates merged])."""
    cells = []
    for cell in nb.cells:
        sigs = []
        for o in cell.get("outputs", []) if cell.cell_type == "code" else []:
            s = output_signature(o)
            if s is not None and (not sigs or sigs[-1] != s or not s.startswith("stream:")):
                sigs.append(s)
        cells.append((cell.cell_type, cell.source, sigs))
    return cells


def differences(committed, fresh):
    """One line per difference between the structures of two notebooks (empty when they match)."""
    a, b = structure(committed), structure(fresh)
    if len(a) != len(b):
        return [f"{len(a)} committed cells, {len(b)} in the fresh run"]
    out = []
    for i, (x, y) in enumerate(zip(a, b)):
        if x[0] != y[0] or x[1] != y[1]:
            out.append(f"cell {i}: type or source differs")
        elif x[2] != y[2]:
            out.append(f"cell {i}: committed outputs {x[2]}, fresh run {y[2]}")
    if not any(cell[2] for cell in a):
        out.append("the committed notebook has no outputs (refresh it with notebooks/refresh.sh)")
    return out


def main():
    here = pathlib.Path(__file__).resolve().parent
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel", default="radlab-java")
    ap.add_argument("--out", default=str(here.parent / "target" / "notebooks"))
    ap.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    ap.add_argument("--jobs", type=int, default=1, help="notebooks executed at once, each in its own kernel")
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--write-back", action="store_true", help="write the executed notebooks over the committed ones")
    mode.add_argument("--check", action="store_true", help="fail when committed outputs differ in structure from a fresh run")
    args = ap.parse_args()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    notebooks = sorted(here.glob("*.ipynb"))
    if not notebooks:
        sys.exit("run_notebooks: error: no notebooks found in " + str(here))

    def run_one(path):
        committed = nbformat.read(path, as_version=4)
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = [], None
        # no per-cell timestamps: a refresh should change the committed notebooks only where their outputs changed
        client = NotebookClient(nb, kernel_name=args.kernel, timeout=args.timeout, startup_timeout=120, record_timing=False,
                                resources={"metadata": {"path": str(here)}})
        t0 = time.time()
        ok = False
        try:
            client.execute()
            status, ok = "ok", True
        except CellExecutionError as e:
            status = "FAILED\n" + str(e)[-3000:]
        except Exception as e:  # kernel died, could not start, ...
            status = f"FAILED ({type(e).__name__}: {e})"
        nb.metadata.pop("widgets", None)
        for cell in nb.cells:
            cell.metadata.pop("execution", None)
        nbformat.write(nb, out / path.name)
        if ok and args.check:
            diff = differences(committed, nb)
            if diff:
                ok, status = False, "OUTPUTS DIFFER from the committed notebook:\n  " + "\n  ".join(diff)
        if ok and args.write_back:
            nbformat.write(nb, path)
            status += ", written back with outputs"
        return ok, f"{path.name}: {status} ({time.time() - t0:.1f}s)"

    # each notebook runs in its own kernel process, so --jobs N runs N at once (results printed in name order)
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = list(pool.map(run_one, notebooks))
    failed = 0
    for ok, line in results:
        failed += 0 if ok else 1
        print(line, flush=True)
    print(f"{len(notebooks) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
