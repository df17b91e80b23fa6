"""The machine a table ran on, and the one thread count both libraries get.

``set_threads(n)`` gives numpy's BLAS (through threadpoolctl) and torch's intra-op pool
the same number of threads (default: every core); with ``torch_too=False`` it leaves torch
unimported (the numpy worker of ``benchmarks/workers.py``). ``machine(n)`` names the CPU, the
versions, and which BLAS kernel numpy runs (threadpoolctl's ``architecture``), with the
OpenBLAS variables that change that choice.
"""

from __future__ import annotations

import os
import platform
from importlib.metadata import PackageNotFoundError, version

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

__all__ = ["machine", "set_threads"]

_LIMITS: list[object] = []  # keeps threadpoolctl's limiter alive for the whole run


def set_threads(n: int | None, *, torch_too: bool = True) -> int:
    """Set numpy's BLAS and (``torch_too``) torch to ``n`` threads (None: every core); return n."""
    n = n or os.cpu_count() or 1
    _LIMITS.append(threadpool_limits(limits=n, user_api="blas"))
    if torch_too:
        import torch

        torch.set_num_threads(n)
    return n


def _cpu() -> str:
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:  # not Linux
        pass
    return platform.processor() or platform.machine()


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def machine(threads: int) -> dict[str, str]:
    """CPU, cores, threads, python/numpy/torch versions and numpy's BLAS kernel."""
    import torch

    blas = [i for i in threadpool_info() if i["user_api"] == "blas"]
    kernel = ", ".join(
        f"{i['internal_api']} {i.get('version')} {i.get('architecture', '?')} x{i['num_threads']}"
        for i in blas
    )
    env = {k: os.environ[k] for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE") if k in os.environ}
    return {
        "cpu": f"{_cpu()} ({os.cpu_count()} cores)",
        "threads": str(threads),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "torch": f"{torch.__version__} ({torch.get_num_threads()} threads)",
        "scikit-learn": _version("scikit-learn"),  # not imported: its scipy would load a second BLAS
        "numpy BLAS": kernel or "none found",
        "load average (1, 5, 15 min)": " ".join(f"{v:.2f}" for v in os.getloadavg()),
        "OPENBLAS env": ", ".join(f"{k}={v}" for k, v in env.items()) or "unset",
    }
