"""Plots of lesson ``11d_trees_and_generative_models``: the forest ablation, bagging vs.
boosting curves (one panel per tree depth), and transfer-learning accuracy against the number
of labels."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ..ensembles import AblationResult, BoostBagResult
from ..stats import standard_error
from ..transfer import TransferResult
from ..validation import describe
from .style import PALETTE, new_axes, style

__all__ = ["plot_ablation", "plot_boost_vs_bag", "plot_staged_errors", "plot_transfer"]


def plot_ablation(result: AblationResult, ax: Axes | None = None) -> Axes:
    """Forest accuracy (bars, mean ± SE over seeds) and single-tree accuracy (dots) per
    configuration of :func:`course_lib.ensembles.forest_ablation`."""
    if not isinstance(result, AblationResult):
        raise TypeError(f"result must be an AblationResult; got {describe(result)}")
    ax = new_axes(ax, figsize=(7.5, 3.0))
    n = result.accuracy.shape[1]
    y = np.arange(len(result.configs))[::-1]
    se = standard_error(result.accuracy, axis=1)
    ax.barh(y, result.accuracy.mean(1), xerr=se, color=PALETTE["sky"], label="forest")
    ax.plot(result.tree_accuracy.mean(1), y, "o", color=PALETTE["vermillion"],
            label="one of its trees")
    labels = [f"{c}\ndisagreement {d:.2f}" for c, d in
              zip(result.configs, result.disagreement.mean(1), strict=True)]
    ax.set_yticks(y, labels)
    lo = min(result.tree_accuracy.min(), result.accuracy.min())
    ax.set_xlim(max(0.0, lo - 0.05), 1.0)
    ax.set_xlabel(f"test accuracy (mean ± SE over {n} seeds)")
    ax.legend(loc="lower right")
    return ax


def plot_staged_errors(errors: dict[str, Any], ax: Axes | None = None) -> Axes:
    """Train (dashed) and test (solid) error against the number of trees, from
    :func:`course_lib.ensembles.staged_errors`."""
    ax = new_axes(ax, figsize=(7.0, 3.0))
    colors = {"boost": PALETTE["orange"], "bag": PALETTE["blue"]}
    names = {"boost": "boosted stumps", "bag": "bagged deep trees (forest)"}
    for kind in ("boost", "bag"):
        for part, ls in (("train", "--"), ("test", "-")):
            e = np.asarray(errors[f"{kind}_{part}"])
            ax.plot(np.arange(1, len(e) + 1), e, ls, color=colors[kind],
                    label=f"{names[kind]}, {part}")
    ax.set_xlabel("number of trees")
    ax.set_ylabel("error")
    ax.set_ylim(bottom=0)
    ax.legend(ncols=2)
    return ax


def plot_boost_vs_bag(result: BoostBagResult, learning_rate: float = 0.3, *,
                      fig: Figure | None = None) -> Figure:
    """One panel per tree depth of :func:`course_lib.ensembles.boost_vs_bag`: boosting (at
    ``learning_rate``) and bagging with trees of that depth, train (dashed) and test (solid)
    error against the number of trees, means over the seeds. Shared y axis, so the panels
    compare the depths as well as the methods."""
    import matplotlib.pyplot as plt

    if not isinstance(result, BoostBagResult):
        raise TypeError(f"result must be a BoostBagResult; got {describe(result)}")
    with style():
        if fig is None:
            fig = plt.figure(figsize=(4.2 * len(result.depths), 3.0))
        axes = fig.subplots(1, len(result.depths), sharey=True, squeeze=False)[0]
        for ax, depth in zip(axes, result.depths, strict=True):
            curves = result.curves(depth, learning_rate)
            names = {"boost": f"boosting (lr {learning_rate:g})", "bag": "bagging (forest)"}
            colors = {"boost": PALETTE["orange"], "bag": PALETTE["blue"]}
            for kind in ("boost", "bag"):
                for part, ls in (("train", "--"), ("test", "-")):
                    e = curves[f"{kind}_{part}"]
                    ax.plot(np.arange(1, len(e) + 1), e, ls, color=colors[kind],
                            label=f"{names[kind]}, {part}")
            ax.set_title("stumps (depth 1)" if depth == 1 else
                         ("fully grown trees" if depth is None else f"depth {depth}"))
            ax.set_xlabel("number of trees")
            ax.set_ylim(bottom=0)
        axes[0].set_ylabel(f"error (mean of {result.bag.shape[1]} seeds)")
        axes[-1].legend(fontsize="small")
    return fig


def plot_transfer(result: TransferResult, ax: Axes | None = None) -> Axes:
    """Test accuracy on the new classes against labels per class, one line per method
    (mean ± SE over seeds), from :func:`course_lib.transfer.transfer_experiment`."""
    if not isinstance(result, TransferResult):
        raise TypeError(f"result must be a TransferResult; got {describe(result)}")
    ax = new_axes(ax, figsize=(6.0, 3.0))
    for i, name in enumerate(result.methods):
        ax.errorbar(result.labels_per_class, result.mean()[i], yerr=result.se()[i],
                    marker="o", capsize=3, label=name)
    ax.set_xscale("log")
    ax.set_xticks(result.labels_per_class, [str(k) for k in result.labels_per_class])
    ax.set_xlabel("labelled images per new class")
    ax.set_ylabel("accuracy on digits 5–9")
    ax.legend()
    return ax
