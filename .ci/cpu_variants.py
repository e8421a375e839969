"""Rerun the reproducibility-sensitive tests as if on other CPUs.

`make test` runs this after the main test run (`make test-cpu-variants`). Each
variant reruns, in a fresh process with the variant's environment:

* every test marked ``@pytest.mark.repro`` (dataset regeneration byte for byte,
  golden hashes of the simulator), and
* every notebook under nbval (checked cells must match the stored outputs).

Variants (those the machine cannot emulate are skipped with the reason):

* ``OPENBLAS_CORETYPE=Prescott``: OpenBLAS's SSE3 kernels (x86-64 only);
* ``OPENBLAS_CORETYPE=Haswell``: OpenBLAS's AVX2 kernels (needs AVX2);
* ``NPY_DISABLE_CPU_FEATURES=<AVX-512 features found>``: numpy's own
  kernels as on a CPU without AVX-512 (needs AVX-512);
* ``NPY_DISABLE_CPU_FEATURES=<AVX2 and AVX-512>``: numpy as on an older CPU
  with only its SSE4.2 baseline (needs AVX2).

Usage: python .ci/cpu_variants.py [--list] [--notebooks GLOB] [extra pytest args]
(``--notebooks 03*`` reruns only notebook 03; ``make test-cpu-variants NB=03`` does that.)
Exit status: 0 if every variant that applies passed, 1 otherwise.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AVX512 = ("X86_V4", "AVX512_ICL", "AVX512_SPR")  # numpy 2.x feature groups above AVX2


def _cpu_flags() -> set[str]:
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="ascii", errors="replace")
    except OSError:
        return set()
    for line in text.splitlines():
        if line.startswith("flags"):
            return set(line.split(":", 1)[1].split())
    return set()


def _numpy_features() -> dict[str, bool]:
    from numpy._core._multiarray_umath import __cpu_features__

    return dict(__cpu_features__)


def variants() -> list[tuple[str, dict[str, str] | None, str]]:
    """(name, environment or None if skipped, reason) for each variant."""
    machine = platform.machine().lower()
    if machine not in {"x86_64", "amd64"}:
        why = f"not an x86-64 machine ({machine}): the emulated x86 CPU variants do not apply"
        return [(name, None, why) for name in ("Prescott", "Haswell", "no AVX-512", "no AVX2")]
    flags = _cpu_flags()
    found = _numpy_features()
    out = [("OPENBLAS_CORETYPE=Prescott", {"OPENBLAS_CORETYPE": "Prescott"}, "SSE3 kernels")]
    if "avx2" in flags:
        out.append(("OPENBLAS_CORETYPE=Haswell", {"OPENBLAS_CORETYPE": "Haswell"}, "AVX2 kernels"))
    else:
        out.append(("OPENBLAS_CORETYPE=Haswell", None, "CPU has no AVX2"))
    avx512 = [f for f in AVX512 if found.get(f)]
    if avx512:
        value = " ".join(avx512)
        out.append((f"NPY_DISABLE_CPU_FEATURES={value}", {"NPY_DISABLE_CPU_FEATURES": value},
                    "numpy without AVX-512"))  # fmt: skip
    else:
        out.append(("numpy without AVX-512", None, "numpy found no AVX-512 on this CPU"))
    if found.get("X86_V3"):
        value = " ".join(["X86_V3", *avx512])
        out.append((f"NPY_DISABLE_CPU_FEATURES={value}", {"NPY_DISABLE_CPU_FEATURES": value},
                    "numpy with only its SSE4.2 baseline"))  # fmt: skip
    else:
        out.append(("numpy without AVX2", None, "numpy found no AVX2 (X86_V3) on this CPU"))
    return out


def _pytest(env_extra, args, extra):
    env = dict(os.environ, **env_extra)
    cmd = [sys.executable, "-m", "pytest", "-p", "no:randomly", "-q", *args, *extra]
    return subprocess.run(cmd, cwd=ROOT, env=env, check=False).returncode


def main(argv: list[str]) -> int:
    plan = variants()
    if "--list" in argv:
        for name, env, why in plan:
            print(f"{'run ' if env else 'skip'}  {name}: {why}")
        return 0
    pattern = "*"
    if "--notebooks" in argv:
        i = argv.index("--notebooks")
        pattern = argv[i + 1] if i + 1 < len(argv) else "*"
        argv = argv[:i] + argv[i + 2 :]
    extra = [a for a in argv if a != "--list"]
    found = (ROOT / "notebooks").glob(f"{pattern.removesuffix('.ipynb')}.ipynb")
    notebooks = sorted(str(p.relative_to(ROOT)) for p in found)
    nbval = ["--nbval-lax", "--nbval-sanitize-with", "tests/nbval_sanitize.cfg", *notebooks]
    results = []
    for name, env, why in plan:
        if env is None:
            print(f"\n=== CPU variant {name}: SKIPPED ({why})", flush=True)
            results.append((name, "skipped", why))
            continue
        print(f"\n=== CPU variant {name} ({why})", flush=True)
        t0 = time.perf_counter()
        # The marked tests, then every notebook (nbval cells carry no marker,
        # so the notebooks run in a second process, selected by path).
        code = _pytest(env, ["-m", "repro", "tests"], extra)
        code = 0 if code == 5 else code  # 5: nothing marked, not an error
        if notebooks:
            code = _pytest(env, ["-n", "2", "--dist", "loadfile", *nbval], extra) or code
        status = "passed" if code == 0 else "FAILED"
        results.append((name, status, f"{time.perf_counter() - t0:.0f} s"))
    print("\nCPU variants:")
    for name, status, note in results:
        print(f"  {status:8s} {name} ({note})")
    return 1 if any(status == "FAILED" for _, status, _ in results) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
