"""Representation learning helpers: label subsets, greedy pretraining, classifiers, one-shot."""

import numpy as np
import pytest
import torch
from matplotlib.colors import to_rgba_array

from course_lib import representation as rep
from course_lib.viz.representation import DIGIT_COLOURS, RepresentationExplorer, space_data


def test_few_label_subset_takes_n_of_every_class_without_repeats():
    y = np.repeat(np.arange(4), [5, 7, 9, 6])
    idx = rep.few_label_subset(y, 5, random_state=0)
    assert np.bincount(y[idx]).tolist() == [5, 5, 5, 5]
    assert len(np.unique(idx)) == len(idx)
    with pytest.raises(ValueError, match="n_per_class must be an integer in"):
        rep.few_label_subset(y, 6)


def test_greedy_pretraining_feeds_each_layer_the_codes_below():
    X = np.random.default_rng(0).uniform(size=(40, 6))
    layers = rep.greedy_pretrain(X, (6, 4, 3), n_epochs=3, batch_size=40, random_state=0)
    assert [la["W"].shape for la in layers] == [(4, 6), (3, 4)]
    net = rep.make_classifier((6, 4, 3), 2, pretrained=layers)
    assert np.allclose(net[0].weight.detach().numpy(), layers[0]["W"])
    H = 1 / (1 + np.exp(-(X @ layers[0]["W"].T + layers[0]["b"])))
    H = 1 / (1 + np.exp(-(H @ layers[1]["W"].T + layers[1]["b"])))
    assert np.allclose(rep.embed(net, X), H)          # the classifier computes the stack


def test_fine_tune_matches_torch_cross_entropy_and_freezing_keeps_features():
    rng = np.random.default_rng(1)
    X, y = rng.uniform(size=(30, 5)), rng.integers(0, 3, size=30)
    net = rep.make_classifier((5, 4), 3, random_state=0)
    with torch.no_grad():
        ref = float(torch.nn.functional.cross_entropy(net(torch.tensor(X)), torch.tensor(y)))
    frozen_before = net[0].weight.detach().clone()
    losses = rep.fine_tune(net, X, y, n_steps=30, lr=0.05, freeze=True)
    assert losses[0] == pytest.approx(ref, rel=1e-12)
    assert torch.equal(net[0].weight, frozen_before)
    assert losses[-1] < losses[0]


def test_one_shot_accuracy_matches_sklearn_nearest_centroid():
    from sklearn.neighbors import NearestCentroid

    rng = np.random.default_rng(2)
    Z = np.concatenate([rng.normal(c, 1.0, size=(20, 3)) for c in (0.0, 1.5, 3.0)])
    y = np.repeat([0, 1, 2], 20)
    acc, se = rep.one_shot_accuracy(Z, y, n_shots=3, n_trials=1, random_state=5)
    # rebuild the same draw and let scikit-learn classify
    r = np.random.default_rng(5)
    support = np.concatenate([r.choice(np.flatnonzero(y == c), 3, replace=False) for c in range(3)])
    query = np.setdiff1d(np.arange(60), support)
    ref = NearestCentroid().fit(Z[support], y[support]).score(Z[query], y[query])
    assert acc == pytest.approx(ref) and se == 0.0


def test_shipped_pretraining_table_has_every_setting():
    from course_lib.autoencoders import load_weights

    table = load_weights("pretrain")["few_label_table"].numpy()
    assert sorted(set(table[:, 0])) == [10, 50, 100]
    assert len(table) == 3 * 30 * 2 and np.all((table[:, 3] > 0.1) & (table[:, 3] <= 1))
    for n in (10, 50, 100):     # every seed once per initialisation, paired by seed
        for init in (0, 1):
            rows = table[(table[:, 0] == n) & (table[:, 2] == init)]
            assert sorted(rows[:, 1]) == list(range(30))


@pytest.mark.parametrize(("call", "exc", "match"), [
    (lambda: rep.greedy_pretrain(np.ones((3, 5)), (6, 4)), ValueError, "X must have shape"),
    (lambda: rep.greedy_pretrain(np.ones((3, 6)), 6), TypeError, "widths must be a tuple"),
    (lambda: rep.make_classifier((6, 4), 1), ValueError, "n_classes must be"),
    (lambda: rep.make_classifier((6, 4), 3, pretrained=[{"W": np.ones((2, 2))}]), ValueError,
     "pretrained"),
    (lambda: rep.fine_tune(rep.make_classifier((2, 2), 2), np.ones((3, 2)), [0, 1, 5]),
     ValueError, "y must contain labels in"),
    (lambda: rep.fine_tune("net", np.ones((3, 2)), [0, 1, 1]), TypeError, "model must be"),
    (lambda: rep.one_shot_accuracy(np.ones((4, 2)), [0, 0, 1, 1], n_shots=2), ValueError,
     "n_shots must be"),
    (lambda: rep.one_shot_accuracy(np.ones((4, 2)), [0, 0, 0, 0]), ValueError, "2 classes"),
    (lambda: rep.predict(rep.make_classifier((2, 2), 2), np.ones((3, 3))), ValueError,
     "X must have shape"),
])
def test_bad_input_gives_a_clear_error(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


# --- the lesson's widget app, driven headless ---------------------------------------------
def test_explorer_shows_the_chosen_space_and_its_accuracy():
    app = RepresentationExplorer()
    for space in space_data():
        for digits in ("0-4 (trained on)", "5-9 (new)"):
            app.update(space=space, digits=digits, shots=3, seed=2)
            d = space_data()[space][digits]
            assert np.allclose(app.points.get_offsets(), d["xy"])
            # each point in its digit's colour (colour and shape: DIGIT_COLOURS, DIGIT_MARKERS)
            want = to_rgba_array([DIGIT_COLOURS[k % 5] for k in d["y"]], alpha=0.7)
            assert np.allclose(app.points.get_facecolors(), want)
            assert len(app.points.get_paths()) == len(d["y"])
            assert len(app.means.get_offsets()) == 5
            assert app.last_accuracy == rep.one_shot_accuracy(d["Z"], d["y"], n_shots=3,
                                                              n_trials=40, random_state=2)
            assert space in app.readout.value
    assert np.abs(space_data()["pixels (64)"]["5-9 (new)"]["xy"]).max() == 1.0


def test_more_examples_per_class_help_in_pixel_space():
    app = RepresentationExplorer(space="pixels (64)", digits="5-9 (new)", shots=1)
    one = app.last_accuracy[0]
    app.controls["shots"].value = 20
    assert app.last_accuracy[0] > one
