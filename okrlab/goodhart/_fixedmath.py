"""``exp`` and ``log`` on float64 arrays that give the same bits on every CPU.

numpy picks its ``exp``/``log``/``power`` kernels by CPU at run time: with
AVX-512 the float64 results differ in the last bit from the ones an AVX2 or
SSE machine (or an arm64 laptop) computes, and float32 ``exp`` differs without
AVX2. A simulation that feeds such values into rounding, comparisons or random
draws then gives different numbers on different machines.

The functions here use only operations IEEE 754 defines exactly (``+``, ``-``,
``*``, ``/``, ``rint``, ``frexp``, ``ldexp``), each a separate numpy ufunc
call, so no compiler can fuse them into a fused multiply-add and no SIMD width
can change a bit. They are accurate to about 2 units in the last place over
the range used here (checked against numpy in ``tests/test_goodhart.py``) and
cost ~5-8 times a numpy ``exp``; the simulator calls them on its small
per-week blocks only.

Examples
--------
>>> import numpy as np
>>> x = np.array([-2.0, 0.0, 0.5, 10.0])
>>> bool(np.allclose(fexp(x), np.exp(x), rtol=1e-15, atol=0))
True
>>> bool(np.allclose(flog(np.array([1e-3, 1.0, 3.0])), np.log([1e-3, 1.0, 3.0]), rtol=1e-15))
True
"""

from __future__ import annotations

import numpy as np

__all__ = ["fexp", "flog"]

_LOG2E = 1.4426950408889634
# ln 2 split in two (fdlibm): the high part has trailing zero bits, so k * _LN2_HI
# is exact for every |k| < 2**11.
_LN2_HI = 6.93147180369123816490e-01
_LN2_LO = 1.90821492927058770002e-10
# Taylor coefficients of exp(r), highest degree first; |r| <= ln(2)/2 so the
# degree-13 remainder is below 1e-17 relative.
_EXP_COEF = tuple(
    1.0 / float(np.prod(np.arange(1, k + 1, dtype=np.float64))) for k in range(13, -1, -1)
)
# log(m) = 2 atanh(s), s = (m - 1) / (m + 1); series in z = s**2, highest first.
_LOG_COEF = tuple(2.0 / (2 * k + 1) for k in range(10, -1, -1))
_SQRT_HALF = 0.7071067811865476


def fexp(x, out=None):
    """``exp(x)`` elementwise for float64 ``x`` in [-708, 709], CPU-independent.

    Values outside that range are clipped to it (``exp(-708)`` is about
    3e-308, ``exp(709)`` about 8e307). NaN is not supported.
    """
    x = np.clip(np.asarray(x, dtype=np.float64), -708.0, 709.0)
    k = np.rint(x * _LOG2E)
    r = x - k * _LN2_HI
    r -= k * _LN2_LO
    p = np.full_like(r, _EXP_COEF[0])
    for c in _EXP_COEF[1:]:
        p *= r
        p += c
    return np.ldexp(p, k.astype(np.int32), out=out)


def flog(x):
    """Natural log elementwise for finite float64 ``x > 0``, CPU-independent."""
    m, e = np.frexp(np.asarray(x, dtype=np.float64))
    small = m < _SQRT_HALF
    m[small] *= 2.0
    e = e - small
    f = m - 1.0
    s = f / (f + 2.0)
    z = s * s
    p = np.full_like(z, _LOG_COEF[0])
    for c in _LOG_COEF[1:]:
        p *= z
        p += c
    p *= s
    ef = e.astype(np.float64)
    return ef * _LN2_HI + (ef * _LN2_LO + p)
