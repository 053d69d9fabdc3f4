#!/usr/bin/env python3
"""Executes every notebook in this directory headless with nbclient and a Java kernel; exits 1 on any cell error.

Usage: python3 notebooks/run_notebooks.py [--kernel NAME] [--out DIR]
The executed copies (with outputs) go to DIR (default target/notebooks); the committed notebooks stay output-free.
"""
import argparse, pathlib, sys, time

try:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
except ImportError as e:
    sys.exit(f"run_notebooks: error: Python package missing ({e}); run notebooks/install-kernel.sh first")

def main():
    here = pathlib.Path(__file__).resolve().parent
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel", default="radlab-java")
    ap.add_argument("--out", default=str(here.parent / "target" / "notebooks"))
    ap.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    args = ap.parse_args()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    failed = 0
    notebooks = sorted(here.glob("*.ipynb"))
    if not notebooks:
        sys.exit("run_notebooks: error: no notebooks found in " + str(here))
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(nb, kernel_name=args.kernel, timeout=args.timeout, startup_timeout=120,
                                resources={"metadata": {"path": str(here)}})
        t0 = time.time()
        try:
            client.execute()
            status = "ok"
        except CellExecutionError as e:
            failed += 1
            status = "FAILED\n" + str(e)[-3000:]
        except Exception as e:  # kernel died, could not start, ...
            failed += 1
            status = f"FAILED ({type(e).__name__}: {e})"
        nbformat.write(nb, out / path.name)
        print(f"{path.name}: {status} ({time.time() - t0:.1f}s)", flush=True)
    print(f"{len(notebooks) - failed} passed, {failed} failed")
    return 1 if failed else 0

if __name__ == "__main__":
    sys.exit(main())
