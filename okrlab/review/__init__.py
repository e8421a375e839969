"""The quarter review: is confidence calibrated, are targets ambitious?

:func:`calibration` scores weekly check-in confidence as a forecast;
:func:`review` shows score distributions and tests for sandbagging;
:func:`simulate_checkins` makes teams with a known truth.
"""

from .ambition import ReviewResult, review
from .calibration import CalibrationResult, calibration
from .simulate import TEAM_KINDS, simulate_checkins

__all__ = [
    "CalibrationResult",
    "ReviewResult",
    "TEAM_KINDS",
    "calibration",
    "review",
    "simulate_checkins",
]
