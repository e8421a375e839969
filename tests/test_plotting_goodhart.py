"""Layout of the Goodhart variant figures at the sizes notebook 03 uses: labels inside
the figure and no shorter than needed, legends off the data they explain."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

import okrlab
from okrlab.plotting import plot_adversarial, plot_extremal


@pytest.mark.parametrize("layout", [None, "constrained"])
def test_adversarial_y_label_fits_in_the_figure_and_beside_the_axis(layout):
    fig, ax = plt.subplots(figsize=(6.5, 4.2), layout=layout)
    plot_adversarial(okrlab.adversarial_goodhart(300, seed=2026), ax=ax)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    label = ax.yaxis.label.get_window_extent(renderer)
    box, frame = fig.bbox, ax.get_window_extent(renderer)
    assert label.x0 >= box.x0 and label.x1 <= box.x1  # not clipped at the left edge
    assert label.y0 >= frame.y0 and label.y1 <= frame.y1  # no longer than the axis
    assert all(len(line) <= 35 for line in ax.get_ylabel().splitlines())
    plt.close(fig)


@pytest.mark.parametrize("seed", [2026, 0, 1])
def test_extremal_legend_leaves_the_historical_points_visible(seed):
    data = okrlab.extremal_goodhart(400, seed=seed)
    fig, ax = plt.subplots(figsize=(6.5, 4.5), layout="constrained")
    plot_extremal(data, ax=ax)
    fig.canvas.draw()
    legend = ax.get_legend().get_window_extent(fig.canvas.get_renderer())
    hist = data[data["regime"] == "historical"]
    xy = ax.transData.transform(np.column_stack([hist["proxy"], hist["goal"]]))
    assert legend.count_contains(xy) == 0
    plt.close(fig)
