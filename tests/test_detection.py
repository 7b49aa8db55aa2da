"""Tests of lesson 11b's detection core against references written by someone else.

References: torch autograd (which input pixels reach one output unit), torch's conv2d output
shapes, torch's ``adaptive_max_pool2d`` on the cropped region, known receptive fields of
published stacks, hand-built images whose answer is known, and the conv multiply-add formula.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch.nn import functional as F

from course_lib import detection as det

layer = st.tuples(st.integers(1, 5), st.integers(1, 3))


# --- receptive field and stride ----------------------------------------------------------------
def test_receptive_field_of_known_stacks():
    rf, jump = det.receptive_field([(3, 1)] * 3)          # three 3x3 convs see 7x7 (VGG)
    assert (rf[-1], jump[-1]) == (7, 1)
    rf, jump = det.receptive_field([(11, 4), (3, 2)])     # AlexNet conv1 + pool1
    assert rf.tolist() == [11, 19] and jump.tolist() == [4, 8]


@settings(max_examples=20, deadline=None)
@given(st.lists(layer, min_size=1, max_size=4))
def test_receptive_field_formula_equals_autograd(layers):
    rf, jump = det.receptive_field(layers)
    size = int(rf[-1] + 2 * jump[-1] + 2)
    assert det.measured_receptive_field(layers, image_size=size) == (rf[-1], jump[-1])


def test_autograd_region_is_a_full_square_for_random_signed_weights():
    # independent of measured_receptive_field: random weights, torch only
    layers = [(3, 1), (3, 2), (5, 2)]
    torch.manual_seed(0)
    net = torch.nn.Sequential(*[torch.nn.Conv2d(1, 1, k, s).double() for k, s in layers])
    x = torch.zeros(1, 1, 40, 40, dtype=torch.float64, requires_grad=True)
    out = net(x)
    (g,) = torch.autograd.grad(out[0, 0, 3, 3], x)
    rows = np.flatnonzero((g[0, 0] != 0).any(dim=1).numpy())
    rf, jump = det.receptive_field(layers)
    assert len(rows) == rf[-1] == rows[-1] - rows[0] + 1
    assert rows[0] == 3 * jump[-1]      # unit i starts at i * stride without padding


@settings(max_examples=20, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([1, 3, 5, 7]), st.integers(1, 3)), min_size=1,
                max_size=4), st.integers(20, 60))
def test_feature_map_size_matches_torch(layers, n):
    x = torch.zeros(1, 1, n, n)
    same, valid, fits = x, x, True
    for k, s in layers:
        same = F.conv2d(same, torch.ones(1, 1, k, k), stride=s, padding=k // 2)
        fits = fits and valid.shape[-1] >= k
        if fits:
            valid = F.conv2d(valid, torch.ones(1, 1, k, k), stride=s)
    assert det.feature_map_size(n, layers)[-1] == same.shape[-1]
    if fits:
        assert det.feature_map_size(n, layers, padding="valid")[-1] == valid.shape[-1]
    else:
        with pytest.raises(ValueError, match="too small"):
            det.feature_map_size(n, layers, padding="valid")


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"layers": [(3, 0)]}, "layers"), ({"layers": [3, 1]}, "layers"),
    ({"layers": [(3, 1, 1)]}, "shape"), ({"layers": [(2.5, 1)]}, "layers"),
])
def test_receptive_field_bad_input(kwargs, match):
    with pytest.raises((ValueError, TypeError), match=match):
        det.receptive_field(**kwargs)


def test_feature_map_size_refuses_a_vanishing_map():
    with pytest.raises(ValueError, match="image_size"):
        det.feature_map_size(4, [(5, 1)], padding="valid")


# --- small objects -----------------------------------------------------------------------------
def test_object_images_are_inside_and_do_not_overlap():
    images, boxes = det.make_object_images(3, image_size=64, object_size=6, n_objects=12,
                                           noise=0.0, random_state=1)
    assert images.shape == (3, 64, 64)
    assert (boxes[:, 3] - boxes[:, 1] == 6).all() and (boxes[:, 4] - boxes[:, 2] == 6).all()
    assert (boxes[:, 1:] >= 0).all() and (boxes[:, 3:] <= 64).all()
    # no overlap: with noise 0 every pixel is 0 or 1 and the lit area is the sum of the boxes
    assert set(np.unique(images)) <= {0.0, 1.0}
    for i in range(3):
        assert images[i].sum() == 36 * (boxes[:, 0] == i).sum()


def test_recall_counts_merged_objects_once():
    # hand-built: two objects in one 16x16 cell, one alone in another; no noise
    img = np.zeros((1, 32, 32))
    boxes = np.array([[0, 1, 1, 3, 3], [0, 8, 8, 10, 10], [0, 20, 20, 22, 22]])
    for _, x0, y0, x1, y1 in boxes:
        img[0, y0:y1, x0:x1] = 1
    r = det.small_object_recall(img, boxes, 16)
    assert r["n_objects"] == 3
    assert r["merged"] == pytest.approx(1 / 3) and r["recall"] == pytest.approx(2 / 3)
    r = det.small_object_recall(img, boxes, 4)        # stride 4: every object alone
    assert r["recall"] == 1.0 and r["merged"] == 0.0


def test_objects_between_samples_are_missed():
    # kernel 1 samples one pixel per 8x8 cell (its top-left corner); an object elsewhere
    # in the cell leaves no trace
    img = np.zeros((1, 32, 32))
    img[0, 2:4, 2:4] = 1
    boxes = np.array([[0, 2, 2, 4, 4]])
    img[0, 16, 16] = 0  # the sampled pixel of another cell stays dark
    assert det.small_object_recall(img, boxes, 8, kernel=1)["recall"] == 0.0
    assert det.small_object_recall(img, boxes, 8)["recall"] == 1.0


def test_recall_falls_when_the_stride_outgrows_the_objects():
    images, boxes = det.make_object_images(4, image_size=128, object_size=4, n_objects=40,
                                           noise=0.3, random_state=0)
    recall = [det.small_object_recall(images, boxes, s)["recall"] for s in (2, 4, 32)]
    assert recall[0] > 0.9 and recall[1] > 0.9 and recall[2] < 0.8


def test_threshold_is_the_quantile_of_object_free_cells_and_falls_with_the_cell_size():
    images, boxes = det.make_object_images(4, image_size=128, object_size=4, n_objects=10,
                                           noise=0.5, random_state=1)
    r = det.small_object_recall(images, boxes, 8, false_positive_rate=0.05)
    cells = images.reshape(4, 16, 8, 16, 8).mean(axis=(2, 4))
    free = np.ones(cells.shape, bool)
    for i, x0, y0, x1, y1 in boxes:
        free[i, y0 // 8:(y1 - 1) // 8 + 1, x0 // 8:(x1 - 1) // 8 + 1] = False
    assert r["threshold"] == pytest.approx(np.quantile(cells[free], 0.95))
    t = [det.small_object_recall(images, boxes, s)["threshold"] for s in (2, 8, 32)]
    assert t[0] > t[1] > t[2]


def test_recall_bad_boxes():
    images = np.zeros((1, 16, 16))
    with pytest.raises(ValueError, match="boxes"):
        det.small_object_recall(images, [[0, 0, 0, 20, 4]], 4)
    with pytest.raises(ValueError, match="stride"):
        det.small_object_recall(images, [[0, 0, 0, 4, 4]], 0)


def test_object_images_size_cap_before_allocating():
    with pytest.raises(ValueError, match="at most"):
        det.make_object_images(10**9, image_size=256)


# --- occlusion ---------------------------------------------------------------------------------
def test_occlusion_patches_visibility():
    d = det.make_occlusion_patches(400, occluded_fraction=0.0, random_state=0)
    assert (d["visibility"] == 1).all() and d["y"].sum() == 200
    d = det.make_occlusion_patches(400, occluded_fraction=1.0, random_state=0)
    v = d["visibility"][d["y"] == 1]
    assert 0 <= v.min() and v.max() <= 1 and v.std() > 0.1
    assert (d["visibility"][d["y"] == 0] == 1).all()


def test_background_rule_costs_recall_on_occluded_objects():
    # six training sets: training heavily occluded objects as background lowers their recall
    # against the "keep" rule by more than three standard errors of the mean difference;
    # "ignore" trains on exactly the objects visible enough
    te = det.make_occlusion_patches(800, random_state=100)
    diffs = []
    for seed in range(6):
        tr = det.make_occlusion_patches(800, random_state=seed)
        keep = det.occlusion_recall(tr, te, "keep")
        bg = det.occlusion_recall(tr, te, "background")
        diffs.append(keep["recall"][0] - bg["recall"][0])
        assert keep["count"].sum() == (te["y"] == 1).sum()
    ign = det.occlusion_recall(tr, te, "ignore")
    hidden = ((tr["y"] == 1) & (tr["visibility"] < 0.5)).sum()
    assert ign["n_train_objects"] == keep["n_train_objects"] - hidden
    diffs = np.array(diffs)
    assert diffs.mean() > 3 * diffs.std(ddof=1) / np.sqrt(len(diffs))


def test_occlusion_recall_bad_input():
    tr = det.make_occlusion_patches(100, random_state=0)
    with pytest.raises(ValueError, match="rule"):
        det.occlusion_recall(tr, tr, "drop")
    with pytest.raises(TypeError, match="train"):
        det.occlusion_recall({"X": 1}, tr, "keep")
    with pytest.raises(ValueError, match="bands"):
        det.occlusion_recall(tr, tr, "keep", bands=[0.5, 0.2])


# --- RoI pooling -------------------------------------------------------------------------------
@st.composite
def roi_case(draw):
    C, H, W = draw(st.integers(1, 3)), draw(st.integers(1, 12)), draw(st.integers(1, 12))
    seed = draw(st.integers(0, 1000))
    rng = np.random.default_rng(seed)
    K = draw(st.integers(1, 5))
    x0, y0 = rng.integers(0, W, K), rng.integers(0, H, K)
    x1 = x0 + 1 + rng.integers(0, W - x0)
    y1 = y0 + 1 + rng.integers(0, H - y0)
    return rng.normal(size=(C, H, W)), np.stack([x0, y0, x1, y1], 1), draw(st.integers(1, 7))


@settings(max_examples=20, deadline=None)
@given(roi_case())
def test_roi_pool_equals_the_loop_and_torch_adaptive_max_pool(case):
    features, boxes, p = case
    got = det.roi_max_pool(features, boxes, p)
    np.testing.assert_array_equal(got, det.roi_max_pool_loop(features, boxes, p))
    f = torch.from_numpy(features)
    for k, (x0, y0, x1, y1) in enumerate(boxes):
        ref = F.adaptive_max_pool2d(f[None, :, y0:y1, x0:x1], p)[0].numpy()
        np.testing.assert_array_equal(got[k], ref)


def test_roi_pool_scales_and_covers_the_box():
    f = np.arange(64.0).reshape(1, 8, 8)
    # box (3, 3, 9, 9) in pixels at stride 2 covers cells 1..4 (floor 1.5, ceil 4.5)
    out = det.roi_max_pool(f, [[3, 3, 9, 9]], 1, spatial_scale=0.5)
    assert out[0, 0, 0, 0] == f[0, 1:5, 1:5].max()


def test_roi_pool_large_map_chunks_channels():
    rng = np.random.default_rng(0)
    f = rng.normal(size=(40, 60, 60))
    boxes = [[0, 0, 60, 60], [5, 7, 50, 31]]
    np.testing.assert_array_equal(det.roi_max_pool(f, boxes, 1),
                                  det.roi_max_pool_loop(f, boxes, 1))


@pytest.mark.parametrize(("boxes", "match"), [
    ([[0, 0, 5, 4]], "inside"), ([[2, 0, 2, 3]], "x1 > x0"), ([[0, 0, 2]], "shape"),
    ([[0, 0, np.nan, 2]], "boxes"),
])
def test_roi_pool_bad_boxes(boxes, match):
    with pytest.raises(ValueError, match=match):
        det.roi_max_pool(np.zeros((1, 4, 4)), boxes, 2)


# --- pipeline costs ----------------------------------------------------------------------------
def test_pipeline_macs_by_hand():
    m = det.pipeline_macs([0, 1, 10], image_size=64, crop_size=32, pool=2, hidden=8)
    conv = lambda n, cin, cout: n * n * cout * cin * 9          # noqa: E731  3x3 conv
    whole = conv(32, 3, 16) + conv(16, 16, 32) + conv(8, 32, 64)
    crop = conv(16, 3, 16) + conv(8, 16, 32) + conv(4, 32, 64)
    head = 64 * 4 * 8 + 8 * 5
    rpn = 8 * 8 * (64 * 64 * 9 + 64 * 45)
    np.testing.assert_array_equal(m["R-CNN"], np.array([0, 1, 10]) * (crop + head))
    np.testing.assert_array_equal(m["Fast R-CNN"], whole + np.array([0, 1, 10]) * head)
    np.testing.assert_array_equal(m["Faster R-CNN"], whole + rpn + np.array([0, 1, 10]) * head)


def test_time_pipelines_runs_and_refuses_huge_proposal_counts():
    t = det.time_pipelines([3], image_size=32, crop_size=16, repeat=1)
    assert all(v.shape == (1,) and v[0] > 0 for v in t.values())
    with pytest.raises(ValueError, match="n_proposals"):
        det.time_pipelines([10**9])


# --- the widget ----------------------------------------------------------------------------------
def test_roi_explorer_follows_its_sliders():
    from course_lib.viz.detection import RoIPoolExplorer

    app = RoIPoolExplorer()
    app.update(x0=2, y0=3, width=6, height=4, output_size=2)
    expected = det.roi_max_pool(app.fmap[None], [[2, 3, 8, 7]], 2)[0, 0]
    np.testing.assert_array_equal(app.last_pooled, expected)
    np.testing.assert_array_equal(app.pooled.get_array(), expected)
    assert app.box.get_x() == 1.5 and app.box.get_width() == 6
    assert len(app.bins.get_segments()) == 2            # one inner edge each way
    app.controls["x0"].value = 20                          # the box is clipped at the edge
    assert app.last_pooled.shape == (2, 2) and "clipped" in app.readout.value
    assert app.box.get_width() == app.SIDE - 20
