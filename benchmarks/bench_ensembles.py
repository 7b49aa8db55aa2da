"""Lesson 11d figures: leaf-wise vs. level-wise boosting, modes covered by a GAN and a VAE,
the gain of transfer learning with 5 labels per class, and the GAN training explorer.

Accuracy figures are means over seeds (the SE is in the note); timing is only the widget's.
"""

from __future__ import annotations

import numpy as np
from common import figure, widget_update_ms

from course_lib import ensembles as ens
from course_lib import generative as gen
from course_lib import transfer

N_SEEDS = 5


def _se(x: np.ndarray) -> float:
    return float(x.std(ddof=1) / np.sqrt(len(x)))


def collect() -> dict[str, dict]:
    g = ens.growth_comparison(max_leaves=16, n_estimators=40, n_seeds=N_SEEDS, n_samples=1600,
                              random_state=1)
    diff = g.accuracy[0] - g.accuracy[1]
    matched = g.paired("leaf-wise, matched leaves", "level-wise (max_depth)")

    X, _ = gen.ring_of_gaussians(1000, random_state=0)
    centres = gen.ring_centres()
    gans = [gen.train_gan(X, steps=400, batch_size=64, snapshot_every=20, random_state=s)
            for s in range(N_SEEDS)]
    # the lesson's VAE: the GAN's generator network (hidden 32) and batch size
    vaes = [gen.train_vae(X, hidden=32, steps=400, batch_size=64, random_state=s)
            for s in range(N_SEEDS)]
    gan_modes = np.array([gen.count_modes(m.sample(1000), centres, radius=0.3).n_covered
                          for m in gans])
    vae_modes = np.array([gen.count_modes(m.sample(1000), centres, radius=0.3).n_covered
                          for m in vaes])

    tr = transfer.transfer_experiment(labels_per_class=(5,), n_seeds=N_SEEDS,
                                      pretrain_epochs=8, steps=30, random_state=1)
    fine, scratch = (tr.accuracy[tr.methods.index(m), 0] for m in ("fine-tune all",
                                                                   "from scratch"))
    gain = fine - scratch

    from course_lib.viz.generative import GANTrainingExplorer

    # the GAN the lesson's widget shows: seed 1 (GANTrainingExplorer()'s default)
    app = GANTrainingExplorer(gans[1], X, centres)
    steps = [int(s) for s in gans[1].history["snapshot_steps"]]
    ms, p90 = widget_update_ms(app, "step", steps + steps[::-1])
    return {
        "leafwise_vs_levelwise_accuracy_diff": figure(
            diff.mean(), "accuracy",
            f"HistGradientBoosting max_leaf_nodes=16 minus max_depth=4, 40 trees, "
            f"{N_SEEDS} data sets of 1600 points, paired mean ± SE {diff.mean():+.3f} ± "
            f"{_se(diff):.3f} (with leaves matched to the level-wise trees' "
            f"{g.leaves[1].mean():.1f}: {matched[0]:+.3f} ± {matched[1]:.3f}); means "
            f"{g.accuracy.mean(1).round(3).tolist()} ({', '.join(g.models)})"),
        "gan_modes_covered": figure(
            gan_modes.mean(), "modes of 8",
            f"GAN, 400 steps, per seed {gan_modes.tolist()} (a mode is covered with >= 2 % "
            "of 1000 samples within 0.3 of its centre)"),
        "vae_modes_covered": figure(
            vae_modes.mean(), "modes of 8",
            f"VAE (KL weight 1, generator of the GAN's size), 400 steps, per seed "
            f"{vae_modes.tolist()}"),
        "transfer_accuracy_gain_at_5_labels": figure(
            gain.mean(), "accuracy",
            f"fine-tune all minus from scratch, 5 labels per new class (digits 5-9), CNN "
            f"pretrained on 0-4; mean ± SE {gain.mean():+.3f} ± {_se(gain):.3f} over "
            f"{N_SEEDS} draws of the labels"),
        "widget_update_ms/gan_training_explorer": figure(
            ms, "ms",
            f"GANTrainingExplorer on the lesson's GAN (seed 1), compute + PNG per slider step "
            f"over {len(steps)} snapshots and back: "
            f"median {ms:.0f} ms, p90 {p90:.0f} ms (aim <= 50)"),
    }


if __name__ == "__main__":  # pragma: no cover
    for name, fig in collect().items():
        print(f"{name}: {fig['value']:.4g} {fig['unit']}  ({fig['note']})")
