"""Shared test set-up: a non-interactive matplotlib backend, seeded randomness,
figures closed after every test."""

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")


@pytest.fixture
def rng():
    """A seeded numpy Generator; tests that need randomness take this."""
    return np.random.default_rng(20261123)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
