"""Plots and the widget app of lesson ``10_adversarial_examples``."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import matplotlib
import numpy as np
import torch
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure

from .. import adversarial as adv
from ..validation import check_array, check_choice, check_int, check_scalar
from .app import FigureApp
from .style import PALETTE, new_axes

__all__ = ["ATTACKS", "AttackExplorer", "attack_one", "plot_accuracy_vs_eps", "show_digits"]

#: What the widget's "attack" menu offers, label -> key used by :func:`attack_one`.
ATTACKS = {"FGSM": "fgsm", "BIM (10 steps)": "bim", "PGD (20 steps)": "pgd",
           "PGD targeted → target class": "targeted", "PGD least-likely class": "least_likely",
           "DeepFool (L2, no ε)": "deepfool"}


def attack_one(model: torch.nn.Module, x: torch.Tensor, y: int, attack: str, eps: float,
               target: int = 0) -> torch.Tensor:
    """Attack one image ``x`` of shape (1, 1, 8, 8) with one of :data:`ATTACKS`' methods.

    Returns the adversarial image, shape (1, 1, 8, 8). A targeted attack whose target is the
    true class returns the image unchanged (there is nothing to do).
    """
    attack = check_choice(attack, "attack", sorted(set(ATTACKS.values())))
    y = check_int(y, "y", low=0, high=9)
    target = check_int(target, "target", low=0, high=9)
    eps = check_scalar(eps, "eps", low=0, high=1)
    y_t = torch.tensor([y])
    if attack == "fgsm":
        return adv.fgsm(model, x, y_t, eps)
    if attack == "bim":
        return adv.bim(model, x, y_t, eps, steps=10)
    if attack == "pgd":
        return adv.pgd(model, x, y_t, eps, steps=20, random_state=0)
    if attack == "targeted":
        if int(target) == int(y):
            return x.clone()
        return adv.pgd(model, x, y_t, eps, steps=20, target=int(target), random_state=0)
    if attack == "least_likely":
        return adv.pgd(model, x, y_t, eps, steps=20, target="least_likely", random_state=0)
    return adv.deepfool(model, x, y_t)  # "deepfool"


def show_digits(images: Any, titles: list[str] | None = None, *, ncols: int = 8,
                diverging: bool = False, fig: Figure | None = None) -> Figure:
    """A grid of 8×8 images, enlarged with nearest-neighbour pixels so single pixels show.

    Parameters
    ----------
    images : array of shape (n, 8, 8) or (n, 1, 8, 8)
    titles : list of str, optional
    ncols : int
    diverging : bool
        Show signed values (perturbations) in red/blue around 0 instead of grey levels.
    """
    arr = images.detach().cpu().numpy() if isinstance(images, torch.Tensor) else images
    arr = check_array(arr, "images", ndim=(3, 4), shape_doc="(n, 8, 8) or (n, 1, 8, 8)")
    arr = arr.reshape(len(arr), arr.shape[-2], arr.shape[-1])
    ncols = check_int(ncols, "ncols", low=1, high=100)
    nrows = -(-len(arr) // ncols)
    if fig is None:
        import matplotlib.pyplot as plt

        fig = plt.figure(figsize=(1.3 * min(ncols, len(arr)), 1.45 * nrows))
    axes = fig.subplots(nrows, min(ncols, len(arr)), squeeze=False)
    lim = max(np.abs(arr).max(), 1e-12)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i >= len(arr):
            continue
        if diverging:
            ax.imshow(arr[i], cmap="RdBu_r", vmin=-lim, vmax=lim, interpolation="nearest")
        else:
            ax.imshow(arr[i], cmap="gray_r", vmin=0, vmax=1, interpolation="nearest")
        if titles:
            ax.set_title(titles[i], fontsize=9)
    return fig


def plot_accuracy_vs_eps(eps: Any, curves: dict[str, Any], ax: Axes | None = None) -> Axes:
    """Accuracy against ε, one line per attack or model (``curves``: label -> accuracies)."""
    eps = check_array(eps, "eps", ndim=1)
    ax = new_axes(ax)
    for label, acc in curves.items():
        acc = check_array(acc, f"curves[{label!r}]", shape=(len(eps),), shape_doc="(n_eps,)")
        ax.plot(eps, acc, marker="o", ms=3, label=label)
    ax.set_xlabel("ε (L∞ radius, pixel values in [0, 1])")
    ax.set_ylabel("test accuracy")
    ax.set_ylim(-0.02, 1.02)
    ax.legend()
    return ax


class AttackExplorer(FigureApp):
    """Image, attack, ε, target class → original, perturbation, adversarial image, and both
    models' class probabilities before and after.

    The attack is computed on one model (white box); the other model's bars show whether it
    transfers. Data and the two shipped models are loaded once; a step runs one attack on one
    image (PGD of 20 steps on the MLP: about 10 ms of CPU) and blits three artists.
    Used in ``notebooks/10_adversarial_examples.ipynb``.

    Examples
    --------
    >>> app = AttackExplorer(eps=0.1)
    >>> app.controls["eps"].value = 0.2            # what moving the slider does
    >>> float(np.abs(app.last_delta).max()) <= 0.2 + 1e-6
    True
    """

    figsize = (9.0, 2.4)

    def _controls(self) -> dict[str, widgets.Widget]:
        style = {"description_width": "initial"}
        self._data = adv.load_digit_images()
        self._models = {"MLP": adv.load_pretrained("mlp"), "CNN": adv.load_pretrained("cnn")}
        return {
            "eps": widgets.FloatSlider(value=0.1, min=0.0, max=0.5, step=0.01,
                                       description="ε", readout_format=".2f", style=style),
            "image": widgets.IntSlider(value=0, min=0, max=len(self._data.y_test) - 1,
                                       description="image", style=style),
            "attack": widgets.Dropdown(options=list(ATTACKS), value="PGD (20 steps)",
                                       description="attack", style=style),
            "target": widgets.Dropdown(options=list(range(10)), value=3,
                                       description="target class", style=style,
                                       tooltip=self.TARGET_OFF),
            # narrow buttons: at the default width the label wrapped apart from its buttons
            "source": widgets.ToggleButtons(options=["MLP", "CNN"], value="MLP",
                                            description="attack the",
                                            style={**style, "button_width": "56px"},
                                            # a block 120 px wide put the label above them
                                            layout=widgets.Layout(display="flex",
                                                                  width="auto",
                                                                  align_items="baseline")),
        }

    #: Shown on the target menu while the chosen attack does not use it (it is then disabled).
    TARGET_OFF = "only 'PGD targeted' uses a target class; choose it in 'attack' to pick one"

    def _build(self, fig: Figure) -> None:
        # Few artists, all animated: one RGB image holds the three pictures side by side and
        # one PolyCollection per model holds its 20 bars (40 bar patches drawn one by one cost
        # more than the whole PGD attack).
        gs = fig.add_gridspec(1, 3, width_ratios=[2.2, 1.5, 1.5])
        ax = fig.add_subplot(gs[0, 0])
        self.picture = ax.imshow(np.ones((8, 26, 3)), interpolation="nearest", animated=True)
        ax.set_xticks([3.5, 12.5, 21.5], ["original", "perturbation\n(scaled)", "adversarial"])
        ax.set_yticks([])
        ax.tick_params(length=0)
        ax.grid(False)
        for side in ("left", "bottom"):
            ax.spines[side].set_visible(False)
        self._cmap_signed = matplotlib.colormaps["RdBu_r"]
        self.bars: dict[str, PolyCollection] = {}
        for i, name in enumerate(self._models):
            axb = fig.add_subplot(gs[0, 1 + i])
            colors = ["0.7"] * 10 + [PALETTE["vermillion"]] * 10
            coll = PolyCollection(self._bar_verts(np.zeros(10), np.zeros(10)),
                                  facecolors=colors, animated=True)
            axb.add_collection(coll)
            axb.set_xlim(-0.7, 9.7)
            axb.set_ylim(0, 1.3)  # room above the bars for the legend
            axb.set_xticks(range(10))
            axb.set_yticks([0, 0.5, 1])
            axb.grid(False)  # fewer artists: the blit walks the whole figure each step
            axb.set_title(f"{name}: probabilities")
            axb.set_xlabel("class")
            if i == 0:
                axb.bar([0], [0], color="0.7", label="before")
                axb.bar([0], [0], color=PALETTE["vermillion"], label="after")
                axb.legend(loc="upper center", ncols=2)
            self.bars[name] = coll
        self.last_delta = np.zeros((8, 8))

    @staticmethod
    def _bar_verts(before: np.ndarray, after: np.ndarray) -> np.ndarray:
        x0 = np.concatenate([np.arange(10) - 0.4, np.arange(10)])
        h = np.concatenate([before, after])
        return np.stack([np.column_stack([x0, np.zeros(20)]),
                         np.column_stack([x0 + 0.4, np.zeros(20)]),
                         np.column_stack([x0 + 0.4, h]),
                         np.column_stack([x0, h])], axis=1)

    def _render(self, params: dict[str, Any]) -> str:
        i, eps = int(params["image"]), float(params["eps"])
        x = self._data.X_test[i:i + 1]
        y = int(self._data.y_test[i])
        attack = ATTACKS[params["attack"]]
        target_menu = self.controls["target"]
        target_menu.disabled = attack != "targeted"   # it changes nothing for the others
        target_menu.tooltip = None if attack == "targeted" else self.TARGET_OFF
        src = self._models[params["source"]]
        x_adv = attack_one(src, x, y, attack, eps, params["target"])
        delta = (x_adv - x)[0, 0].numpy()
        self.last_delta = delta
        scale = float(np.abs(delta).max())
        rgb = np.ones((8, 26, 3))
        rgb[:, :8] = 1 - x[0, 0].numpy()[:, :, None]               # black ink on white
        rgb[:, 9:17] = self._cmap_signed(0.5 + 0.5 * delta / max(scale, 1e-12))[:, :, :3]
        rgb[:, 18:] = 1 - x_adv[0, 0].numpy()[:, :, None]
        self.picture.set_data(rgb)
        parts = []
        for name, model in self._models.items():
            with torch.no_grad():
                p = torch.softmax(model(torch.cat([x, x_adv])).double(), dim=1).numpy()
            self.bars[name].set_verts(self._bar_verts(p[0], p[1]))
            b, a = p.argmax(1)
            parts.append(f"{name}: {b} ({p[0, b]:.2f}) → <b>{a}</b> ({p[1, a]:.2f})")
        note = ""
        if attack == "targeted" and int(params["target"]) == y:
            note = " (target = true class: nothing to attack, pick another target)"
        elif attack == "deepfool":
            note = " (DeepFool ignores ε: it stops as soon as the label changes)"
        return (f"image {i}, true class {y}, attack on the {params['source']}{note}; "
                f"perturbation L∞ {scale:.2f}, L2 {np.linalg.norm(delta):.2f}. "
                + "; ".join(parts))
