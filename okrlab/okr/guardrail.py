"""Guardrails: KPIs that must stay healthy while a key result moves."""

from __future__ import annotations

from dataclasses import dataclass

from .._yaml import Where, as_number
from ..errors import DefinitionError
from ..kpi import KPI

__all__ = ["Guardrail"]


@dataclass(frozen=True)
class Guardrail:
    """A KPI that must stay healthy while a key result moves.

    Parameters
    ----------
    kpi : KPI
        Its definition (the healthy band decides the status).
    current : float or None
        Its latest value; ``None`` gives status ``'no data'``.

    Examples
    --------
    >>> g = Guardrail(KPI("lead_quality", direction="higher", healthy_min=0.12), current=0.08)
    >>> g.status()
    'unhealthy'
    """

    kpi: KPI
    current: float | None = None

    def __post_init__(self):
        if not isinstance(self.kpi, KPI):
            raise DefinitionError(
                f"a guardrail needs a KPI definition, got {type(self.kpi).__name__}; build it "
                "with okrlab.KPI(...) or name a KPI from a catalog",
                field="kpi",
            )
        if self.current is not None:
            value = as_number(self.current, "current", Where(path=f"guardrail {self.kpi.name!r}"))
            object.__setattr__(self, "current", value)

    def status(self) -> str:
        """``healthy`` / ``watch`` / ``unhealthy``, or ``no data`` without a value.

        Returns
        -------
        str
        """
        return "no data" if self.current is None else self.kpi.status(self.current)


_STATUS_RANK = {"healthy": 0, "no data": 1, "watch": 2, "unhealthy": 3}
