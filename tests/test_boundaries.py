"""Lesson 03: hand-built regions against matplotlib.path, the playground, the widgets."""

import numpy as np
import pytest
from matplotlib.path import Path

from course_lib import boundaries as bd
from course_lib.datasets import DATASETS_2D, make_2d_dataset, make_spirals, make_xor
from course_lib.playground import (
    Playground,
    TrainingDiverged,
    classic_classifiers,
    feature_map,
    load_csv,
    split_data,
)

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
])
def test_bad_input_gets_a_clear_error(fn, args, match):
    with pytest.raises((TypeError, ValueError), match=match):
        fn(*args)


# --- data sets -------------------------------------------------------------------------------
@pytest.mark.parametrize("name", DATASETS_2D)
def test_each_dataset_is_two_balanced_classes_and_seeded(name):
    X, y = make_2d_dataset(name, 200, noise=0.1, random_state=3)
    X2, y2 = make_2d_dataset(name, 200, noise=0.1, random_state=3)
    assert X.shape == (200, 2) and set(y.tolist()) == {0, 1}
    assert np.array_equal(X, X2) and np.array_equal(y, y2)


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


# --- playground ------------------------------------------------------------------------------
@pytest.mark.parametrize(("dataset", "noise", "epochs"), [("xor", 0.05, 60), ("moons", 0.1, 40),
                                                         ("circles", 0.1, 40)])
def test_default_network_reaches_95_percent(dataset, noise, epochs):
    pg = Playground(dataset, noise=noise, seed=0)
    assert pg.train_until(0.95, epochs)
    assert pg.accuracy("test") >= 0.95


def test_features_make_circles_linear():
    pg = Playground("circles", features=["x1^2", "x2^2"], hidden=[], seed=0).train(30)
    assert pg.accuracy("test") > 0.95
    assert feature_map(np.array([[0.0, np.pi / 2]]), ["sin x2", "x1*x2"]).tolist() == [[1, 0]]


def test_snapshot_reproduces_weights_exactly():
    pg = Playground("moons", seed=4, dropout=0.2, l1=1e-4, l2=1e-3, batch_size=8,
                    activation="relu", loss="squared_error")
    for _ in range(7):
        pg.train(1)
    call = pg.snapshot()
    import course_lib.playground

    again = eval(call, {"course_lib": course_lib})
    assert again.epoch == 7
    for (W1, b1), (W2, b2) in zip(pg.weights(), again.weights(), strict=True):
        assert np.array_equal(W1, W2) and np.array_equal(b1, b2)
    other = Playground("moons", seed=5).train(1)
    assert not np.array_equal(other.weights()[0][0], again.weights()[0][0])


def test_own_data_and_snapshot_names_it():
    X, y = make_xor(120, noise=0.0, random_state=1)
    pg = Playground(X=X, y=np.where(y == 1, "a", "b") == "a", seed=0).train(2)
    assert pg.snapshot().startswith("course_lib.playground.Playground(X=X, y=y, ")
    assert "own" in repr(pg)


def test_divergence_stops_with_a_clear_message():
    pg = Playground("moons", learning_rate=50.0, optimizer="sgd", activation="linear",
                    hidden=[8, 8, 8], seed=0)
    with pytest.raises(TrainingDiverged, match="learning rate 50 is probably too high"):
        pg.train(50)
    assert pg.diverged
    assert all(np.isfinite(W).all() for W, _ in pg.weights())
    with pytest.raises(TrainingDiverged):
        pg.train(1)


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"X": np.ones(10), "y": [0, 1] * 5}, "X must be a 2-D array"),
    ({"X": np.ones((10, 3)), "y": [0, 1] * 5}, "two feature columns"),
    ({"X": np.ones((10, 2)), "y": [1] * 10}, "exactly two classes"),
    ({"X": np.full((10, 2), np.nan), "y": [0, 1] * 5}, "finite"),
    ({"X": np.ones((10, 2)), "y": [0, 1] * 4}, "same number of samples"),
    ({"X": np.ones((10, 2))}, "X and y must be given together"),
    ({"dataset": "swirl"}, "dataset must be one of"),
    ({"hidden": 8}, "hidden must be a list"),
    ({"features": []}, "at least one input feature"),
    ({"features": ["x3"]}, "features must be one of"),
    ({"activation": "gelu"}, "activation must be one of"),
    ({"loss": "hinge"}, "loss must be one of"),
    ({"learning_rate": 0}, "learning_rate must be in"),
    ({"dropout": 0.95}, "dropout must be in"),
    ({"batch_size": 0}, "batch_size must be"),
])
def test_playground_bad_input(kwargs, match):
    with pytest.raises((TypeError, ValueError), match=match):
        Playground(**kwargs)


def test_csv_round_trip_and_errors(tmp_path):
    good = tmp_path / "good.csv"
    good.write_text("x1,x2,label\n0,0,-1\n1,1,1\n0,1,1\n1,0,-1\n2,2,1\n")
    X, y = load_csv(good)
    assert X.shape == (5, 2) and y.tolist() == [0, 1, 1, 0, 1]
    cases = {
        "two columns": ("0,0\n1,1\n", "must have 3 columns"),
        "four columns": ("0,0,0,1\n1,1,1,0\n", "line 1 has 4"),
        "text": ("0,0,1\n1,abc,0\n", "numbers only; line 2 has 'abc'"),
        "nan": ("0,0,1\n1,nan,0\n0,1,1\n1,1,0\n", "NaN"),
        "one class": ("0,0,1\n1,1,1\n0,1,1\n1,0,1\n", "exactly two classes"),
        "empty": ("\n", "empty"),
    }
    for name, (text, match) in cases.items():
        path = tmp_path / f"{name}.csv"
        path.write_text(text)
        with pytest.raises(ValueError, match=match):
            load_csv(path)
    with pytest.raises(FileNotFoundError, match="no file at"):
        load_csv(tmp_path / "missing.csv")
    with pytest.raises(TypeError, match="path must be"):
        load_csv(42)


def test_split_is_stratified_and_seeded():
    X, y = make_2d_dataset("moons", 100, random_state=0)
    a = split_data(X, y, 0.7, seed=1)
    b = split_data(X, y, 0.7, seed=1)
    assert all(np.array_equal(u, v) for u, v in zip(a, b, strict=True))
    assert a[1].sum() == 35 and len(a[1]) == 70
    with pytest.raises(ValueError, match="train_fraction must be in"):
        split_data(X, y, 1.0)


def test_classic_classifiers_on_moons():
    Xtr, ytr, Xte, yte = split_data(*make_2d_dataset("moons", 300, random_state=0))
    res = classic_classifiers(Xtr, ytr, Xte, yte, bd.grid_points(resolution=20))
    assert len(res) == 8
    assert res["SVM (RBF kernel)"]["test_accuracy"] > 0.95
    assert res["SVM (linear)"]["test_accuracy"] < 0.92
    assert all(r["proba"].shape == (400,) for r in res.values())


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


def test_playground_app_steps_and_changes_reset():
    from course_lib.viz.boundaries import PlaygroundApp

    app = PlaygroundApp(dataset="xor", noise=0.05)
    first = np.array(app.surface.get_array())
    app.step()
    app.step()
    assert app.playground.epoch == 2
    assert not np.array_equal(first, app.surface.get_array())
    assert len(app.train_line.get_xdata()) == 2
    app.update(discretize=True)
    assert set(np.unique(app.surface.get_array())) <= {0.0, 1.0}
    app.update(hidden="4")
    assert app.playground.epoch == 0 and app.playground.hidden == (4,)
    app.update(hidden="a, b")
    assert "cannot build" in app.readout.value
    app.update(hidden="8, 8, 8", learning_rate=50.0, activation="linear", optimizer="sgd")
    app.controls["max_epochs"].value = 100
    for _ in range(40):
        app.step()
    assert "training stopped" in app.readout.value
    assert "Playground('xor'" in app.snapshot()


def test_playground_app_with_own_data():
    from course_lib.viz.boundaries import PlaygroundApp

    X, y = make_xor(80, noise=0.0, random_state=2)
    app = PlaygroundApp(X=X, y=y)
    app.step()
    assert app.playground.own_data and app.playground.epoch == 1
    with pytest.raises(ValueError, match="exactly two classes"):
        PlaygroundApp(X=X, y=np.zeros(80))
