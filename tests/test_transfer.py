"""Tests of lesson 11d's transfer-learning experiment.

The frozen-feature method must leave every pretrained weight but the head bit-for-bit
unchanged (checked against a copy), the new head must really be new, and the experiment must
be reproducible and refuse bad input.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from course_lib import adversarial as adv
from course_lib import transfer


def test_frozen_training_changes_only_the_head():
    model = adv.make_cnn(2, n_classes=5, seed=0)
    new = transfer._new_head(model, seed=1)
    assert new is not model and new[-1] is not model[-1]
    before = [p.detach().clone() for p in new.parameters()]
    for p in list(new.parameters())[:-2]:
        p.requires_grad_(False)
    X = torch.rand(10, 1, 8, 8, generator=torch.Generator().manual_seed(0))
    y = torch.arange(10) % 5
    transfer._fit(new, X, y, list(new[-1].parameters()), steps=3, lr=0.1)
    after = list(new.parameters())
    assert all(torch.equal(a, b) for a, b in zip(before[:-2], after[:-2], strict=True))
    assert not torch.equal(before[-1], after[-1].detach())
    # the source model is untouched
    assert all(torch.equal(a, b) for a, b in
               zip(adv.make_cnn(2, n_classes=5, seed=0).parameters(), model.parameters(),
                   strict=True))


def test_experiment_is_reproducible_and_in_range():
    kw = dict(labels_per_class=[1, 3], n_seeds=2, channels=2, pretrain_epochs=1, steps=3,
              random_state=4)
    a, b = transfer.transfer_experiment(**kw), transfer.transfer_experiment(**kw)
    assert a.accuracy.shape == (4, 2, 2) and a.methods == transfer.METHODS
    assert np.array_equal(a.accuracy, b.accuracy)
    assert ((a.accuracy >= 0) & (a.accuracy <= 1)).all()
    assert 0 <= a.source_accuracy <= 1
    assert a.mean().shape == (4, 2) and a.se().shape == (4, 2)
    assert "per class" in a.table() and f"{a.n_test} test images" in a.table()
    # accuracies are counts of test images of 5-9 (269 in lesson 10's split)
    assert a.n_test == 269
    assert np.allclose(a.accuracy * a.n_test, np.rint(a.accuracy * a.n_test))
    mean, se = a.paired("frozen features", "frozen random features")
    d = a.accuracy[0] - a.accuracy[1]
    assert np.allclose(mean, d.mean(1)) and np.allclose(se, d.std(1, ddof=1) / np.sqrt(2))


def test_frozen_random_features_share_the_head_and_differ_only_in_the_body():
    # the new head depends on the seed only, not on the network it is put on
    a = transfer._new_head(adv.make_cnn(2, n_classes=5, seed=0), seed=3)
    b = transfer._new_head(adv.make_cnn(2, n_classes=5, seed=9), seed=3)
    assert torch.equal(a[-1].weight, b[-1].weight) and torch.equal(a[-1].bias, b[-1].bias)
    assert not torch.equal(a[0].weight, b[0].weight)


@pytest.mark.parametrize("kw, match", [
    (dict(labels_per_class=[0]), "labels_per_class"),
    (dict(labels_per_class=[1000]), "labels_per_class"),
    (dict(n_seeds=1), "n_seeds"),
    (dict(steps=10**9), "steps"),
])
def test_bad_input_is_refused_with_a_message_naming_the_argument(kw, match):
    with pytest.raises(ValueError, match=match):
        transfer.transfer_experiment(**kw)
