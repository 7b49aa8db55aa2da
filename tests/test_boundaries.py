"""Lesson 03: hand-built regions against matplotlib.path, the data sets, the region explorer.

The playground (trainer, CSV, split, classic classifiers, its app) is in test_playground.py.
"""

import numpy as np
import pytest
from matplotlib.path import Path

from course_lib import boundaries as bd
from course_lib.datasets import DATASETS_2D, make_2d_dataset, make_spirals, make_xor

SHAPES = [("polygon", 3), ("polygon", 7), ("two_pentagons", 5), ("star", 5), ("star", 8),
          ("ring", 6), ("ring", 12)]


def _reference(polys, X):
    """matplotlib's point-in-polygon (someone else's code) and a near-edge mask."""
    inside = np.zeros(len(X), bool)
    near = np.zeros(len(X), bool)
    for V in polys:
        path = Path(V)
        inside |= path.contains_points(X)
        near |= path.contains_points(X, radius=1e-6) != path.contains_points(X, radius=-1e-6)
    return inside, near


@pytest.mark.parametrize(("shape", "k"), SHAPES)
def test_hand_built_networks_agree_with_matplotlib_path(shape, k):
    rng = np.random.default_rng(k)
    polys = bd.region_polygons(shape, k, radius=rng.uniform(0.5, 1.5),
                               center=rng.uniform(-0.3, 0.3, 2), rotation=rng.uniform(0, 6))
    X = rng.uniform(-2.5, 2.5, size=(5000, 2))
    ref, near = _reference(polys, X)
    # the union's pieces share edges: drop points near any piece's edge
    W, b = bd.union_network(polys)[0]
    near |= np.min(np.abs(X @ W + b), axis=1) < 1e-6
    net = bd.region_network_from(polys)
    out = bd.network_output(net, X) > 0.5
    assert np.array_equal(out[~near], ref[~near])
    assert 50 < ref.sum() < 4950
    # sharp sigmoid units give the same answer away from the edges
    soft = bd.network_output(net, X, "sigmoid", sharpness=1e4) > 0.5
    far = np.min(np.abs(X @ W + b), axis=1) > 1e-2
    assert np.array_equal(soft[far], ref[far])


def test_layer_counts_convex_is_one_hidden_layer_unions_two():
    assert [W.shape[1] for W, _ in bd.region_network("polygon", 6)] == [6, 1]
    assert [W.shape[1] for W, _ in bd.region_network("two_pentagons")] == [10, 2, 1]
    assert [W.shape[1] for W, _ in bd.region_network("ring", 8)] == [32, 8, 1]


def test_half_plane_weights_unit_normal_and_side():
    w = bd.half_plane_weights([0, 0], [0, 2])         # edge going up: inside is x < 0
    assert np.allclose(w, [-1, 0, 0])
    rng = np.random.default_rng(0)
    for _ in range(20):
        p, q = rng.normal(size=2), rng.normal(size=2)
        w = bd.half_plane_weights(p, q)
        assert np.isclose(np.hypot(*w[:2]), 1) and np.isclose(w[:2] @ p + w[2], 0)
        left = (p + q) / 2 + 0.1 * np.array([-(q - p)[1], (q - p)[0]])
        assert w[:2] @ left + w[2] > 0


def test_sigmoid_units_blur_and_sharpen():
    net = bd.region_network("polygon", 5)
    P = bd.grid_points(resolution=100)
    truth = bd.in_region(P, bd.region_polygons("polygon", 5))
    accs = [np.mean((bd.network_output(net, P, "sigmoid", s) > 0.5) == truth)
            for s in (1, 10, 100)]
    assert accs[0] < accs[1] <= accs[2] and accs[2] > 0.99


def test_one_layer_tradeoff_exact_is_best_and_rbf_beats_cylinders_per_unit():
    rows = bd.one_layer_tradeoff("two_pentagons", spacings=(0.4, 0.2), n_sides=(8,),
                                 resolution=60)
    assert rows[0].accuracy == 1.0 and rows[0].units == 13 and rows[0].hidden_layers == 2
    cyl = [r for r in rows if r.construction.startswith("cylinders")]
    rbf = [r for r in rows if r.construction.startswith("RBF")]
    assert all(r.accuracy < 1 for r in cyl + rbf)
    assert all(b.accuracy > c.accuracy and b.units < c.units for b, c in zip(rbf, cyl, strict=True))
    assert "units=" in repr(rows[0])


def test_cylinder_single_disk_and_rbf_unit():
    net = bd.cylinder_network(np.array([[0.5, 0.5]]), 0.3, 64)
    X = np.array([[0.5, 0.5], [0.5, 0.75], [1.5, 1.5]])
    assert bd.network_output(net, X).tolist() == [1.0, 1.0, 0.0]
    assert np.allclose(bd.rbf_unit(X, [0.5, 0.5], 1.0), np.exp(-np.sum((X - 0.5) ** 2, 1)))
    assert bd.best_threshold(np.array([1.0, 2.0]), np.array([False, False]))[1] == 1.0


@pytest.mark.parametrize(("fn", "args", "match"), [
    (bd.half_plane_weights, ([0, 0], [0, 0]), "p and q must be different"),
    (bd.half_plane_weights, ([0, 0, 0], [1, 0]), "p must have shape"),
    (bd.half_plane_weights, ([0, 0], "q"), "q must be an array-like"),
    (bd.half_plane_weights, ([np.nan, 0], [1, 0]), "finite"),
    (bd.half_plane_weights, (None, [1, 0]), "p must be an array-like"),
    (bd.edge_layer, (np.ones((2, 2)),), "at least 3 vertices"),
    (bd.edge_layer, (bd.region_polygons()[0][::-1],), "counter-clockwise"),
    (bd.edge_layer, (np.ones(3),), "vertices must be a 2-D array"),
    (bd.edge_layer, ([[0, 0], [0, 0], [1, 1]],), "must not repeat a vertex"),
    (bd.edge_layer, ([[0, 0, 0]] * 3,), "vertices must have shape"),
    (bd.union_network, ([],), "at least one polygon"),
    (bd.union_network, (np.ones((3, 2)),), "wrap it in a list"),
    (bd.union_network, ("abc",), "list of"),
    (bd.region_polygons, ("blob",), "shape must be one of"),
    (bd.region_polygons, ("star", 2), "n_sides must be an integer in"),
    (bd.region_polygons, ("ring", 5, -1.0), "radius must be in"),
    (bd.region_polygons, ("ring", 5, 1.0, (0, 0, 0)), "center must have shape"),
    (bd.region_polygons, ("ring", 5.5), "n_sides must be an integer"),
    (bd.network_output, (bd.region_network(), np.ones((3, 2)), "relu"), "units must be one of"),
    (bd.network_output, (bd.region_network(), np.ones((3, 3))), "rows"),
    (bd.network_output, (bd.region_network(), np.ones(3)), "X must be a 2-D array"),
    (bd.network_output, (bd.region_network(), np.ones((3, 2)), "sigmoid", 0), "sharpness"),
    (bd.network_output, ([(np.ones((2, 2)), np.zeros(2))], np.ones((3, 2))), "one output"),
    (bd.grid_points, ((1, 0, 0, 1),), "xmin < xmax"),
    (bd.grid_points, ((0, 1, 0, 1), 1), "resolution must be"),
    (bd.rbf_unit, (np.ones((3, 2)), np.ones(3), 1.0), "center must have shape"),
    (bd.rbf_unit, (np.ones((3, 2)), np.ones(2), 0.0), "beta must be in"),
    (bd.rbf_unit, (np.ones(3), np.ones(2), 1.0), "X must be a 2-D array"),
    (bd.rbf_unit, (np.ones((3, 2)), np.ones(2), "x"), "beta must be a real"),
    (bd.rbf_unit, ([[np.nan, 1]], np.ones(2), 1.0), "finite"),
    (bd.cylinder_network, (np.ones((2, 3)), 0.5), "centers must have shape"),
    (bd.cylinder_network, (np.ones((2, 2)), 0.0), "radius must be in"),
    (bd.cylinder_network, (np.ones((2, 2)), 0.5, 2), "n_sides must be"),
    (bd.cover_centers, ([bd.region_polygons()[0]], 0.0), "spacing must be in"),
    (bd.best_threshold, (np.ones(3), np.ones(2)), "truth must have shape"),
    (bd.one_layer_tradeoff, ("two_pentagons", None), "spacings must be a list"),
    (bd.one_layer_tradeoff, ("two_pentagons", (0.4,), None), "n_sides must be a list"),
    (bd.one_layer_tradeoff, ("two_pentagons", ()), "spacings must list 1 to 16"),
    (bd.one_layer_tradeoff, ("two_pentagons", (0.01,), (1024,)), "spacings must be large"),
    (bd.cylinder_network, (np.zeros((2000, 2)), 0.1, 1000), "at most 1,000,000"),
    (bd.cover_centers, ([bd.region_polygons()[0]], 0.01, (-100, 100, -100, 100)),
     "spacing must give at most 2000"),
])
def test_bad_input_gets_a_clear_error(fn, args, match):
    with pytest.raises((TypeError, ValueError), match=match):
        fn(*args)


# --- data sets -------------------------------------------------------------------------------
@pytest.mark.parametrize("name", [n for n in DATASETS_2D if n != "two_pentagons"])
def test_each_dataset_is_two_balanced_classes_and_seeded(name):
    X, y = make_2d_dataset(name, 200, noise=0.1, random_state=3)
    X2, y2 = make_2d_dataset(name, 200, noise=0.1, random_state=3)
    assert X.shape == (200, 2) and set(y.tolist()) == {0, 1}
    if name == "xor":
        # labels from a uniform point's quadrant: Binomial(200, 1/2), SE = sqrt(200)/2 ~ 7.1;
        # 4 SE is a bound this fixed seed must meet and a lopsided generator would not
        assert abs(int(y.sum()) - 100) <= 28
    else:   # scikit-learn's generators and the spirals alternate classes exactly
        assert int(y.sum()) == 100
    assert np.array_equal(X, X2) and np.array_equal(y, y2)
    X3, _ = make_2d_dataset(name, 200, noise=0.1, random_state=4)
    assert not np.array_equal(X, X3)


def test_two_pentagons_is_the_unbalanced_one_by_design():
    # inside two pentagons of circumradius 0.8 in the square [-2, 2]^2: the area fraction is
    # 2 * (5/2) 0.8^2 sin(72 deg) / 16 = 0.190; the sample share is within 4 SE of it
    _, y = make_2d_dataset("two_pentagons", 2000, noise=0.0, random_state=0)
    area = 2 * 2.5 * 0.8**2 * np.sin(np.radians(72)) / 16
    assert abs(y.mean() - area) <= 4 * np.sqrt(area * (1 - area) / 2000)


def test_xor_and_spirals_geometry():
    X, y = make_xor(500, noise=0.0, random_state=0)
    assert np.all((X[:, 0] * X[:, 1] > 0) == (y == 1))
    X, y = make_spirals(500, noise=0.0, random_state=0)
    assert np.all(np.linalg.norm(X, axis=1) <= 1 + 1e-12)


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"name": "swirl"}, "name must be one of"),
    ({"name": "moons", "n_samples": 2}, "n_samples must be"),
    ({"name": "xor", "noise": -1.0}, "noise must be in"),
    ({"name": "spirals", "noise": "x"}, "noise must be a real"),
    ({"name": "circles", "random_state": "s"}, "random_state must be"),
])
def test_dataset_bad_input(kwargs, match):
    with pytest.raises((TypeError, ValueError), match=match):
        make_2d_dataset(**kwargs)


# --- widgets ---------------------------------------------------------------------------------
def test_region_explorer_updates_the_surface_in_place():
    from course_lib.viz.boundaries import RegionExplorer

    app = RegionExplorer()
    before = np.array(app.surface.get_array())
    image = app.surface
    app.controls["rotation"].value = 0.6
    assert app.surface is image and not np.array_equal(before, app.surface.get_array())
    app.update(shape="ring", n_sides=6)
    assert app.units_per_layer == [24, 6, 1] and "100.00%" in app.readout.value
    app.update(units="sigmoid", sharpness=3.0)
    arr = np.array(app.surface.get_array())
    assert 0 < arr.min() and arr.max() < 1




def test_region_explorer_fits_a_laptop_screen():
    from course_lib.viz.boundaries import RegionExplorer

    app = RegionExplorer()
    box = app.show()
    # shown at its natural size (never stretched), controls in a column beside it
    assert app.image.width == str(round(app.figsize[0] * app.dpi))
    assert app.figsize[1] * app.dpi <= 340
    assert app.image in box.children[0].children
    assert box.children[-2] is app.readout and box.children[-1] is app.access  # (invisible)
    assert app.controls["units"].style.description_width == "initial"
