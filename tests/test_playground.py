"""Lesson 03's playground: split, CSV, trainer (against a numpy forward pass and scikit-learn),
classic classifiers, and the documented effect of every control of its app."""

import io

import numpy as np
import pytest
import torch

import course_lib.playground
from course_lib.datasets import make_2d_dataset, make_xor
from course_lib.playground import (
    FEATURES,
    Playground,
    TrainingDiverged,
    classic_classifiers,
    feature_map,
    load_csv,
    split_data,
)


# --- split -----------------------------------------------------------------------------------
def test_split_is_scikit_learns_stratified_split_and_seeded():
    from sklearn.model_selection import train_test_split

    X, y = make_2d_dataset("moons", 100, random_state=0)
    a = split_data(X, y, 0.7, seed=1)
    b = split_data(X, y, 0.7, seed=1)
    assert all(np.array_equal(u, v) for u, v in zip(a, b, strict=True))
    ref = train_test_split(X, y, train_size=70, stratify=y, random_state=1)
    assert np.array_equal(a[0], ref[0]) and np.array_equal(a[3], ref[3])
    assert a[1].sum() == 35 and len(a[1]) == 70          # 50/50 classes stay 50/50
    with pytest.raises(ValueError, match="train_fraction must be in"):
        split_data(X, y, 1.0)
    with pytest.raises(ValueError, match="at least 2 points of each class"):
        split_data(X[:5], np.array([0, 0, 0, 0, 1]))


def test_three_parts_are_disjoint_and_stratified():
    pg = Playground("moons", n_samples=400, train_fraction=0.5, validation_fraction=0.25,
                    seed=3)
    parts = [pg.X_train, pg.X_val, pg.X_test]
    assert [len(p) for p in parts] == [150, 50, 200]
    rows = np.concatenate(parts)
    assert len(np.unique(rows, axis=0)) == 400            # no point in two parts
    for y in (pg.y_train, pg.y_val, pg.y_test):
        assert y.mean() == 0.5                            # 50/50 data, stratified
    none = Playground("moons", validation_fraction=0, seed=0)
    assert len(none.y_val) == 0 and len(none.y_train) == 150
    with pytest.raises(ValueError, match="validation_fraction must be > 0"):
        none.train_until(0.9)


# --- training --------------------------------------------------------------------------------
def test_train_until_stops_on_validation_not_test():
    pg = Playground("xor", noise=0.05, seed=0)
    assert pg.train_until(0.95, 300)
    h = pg.history
    # it stopped at the first epoch whose VALIDATION accuracy reached the target
    first = next(i for i, a in enumerate(h.val_accuracy) if a >= 0.95)
    assert pg.epoch == h.epoch[first] == first + 1
    assert not hasattr(h, "test_accuracy")
    # the stopping epoch does not depend on the test labels at all
    other = Playground("xor", noise=0.05, seed=0)
    other.y_test = 1 - other.y_test
    other.train_until(0.95, 300)
    assert other.epoch == pg.epoch
    assert pg.accuracy("test") >= 0.85


def test_forward_pass_matches_numpy_and_predict_proba_follows_scikit_learn():
    pg = Playground("circles", features=["x1", "x2", "x1^2", "x1*x2"], hidden=[5, 3],
                    activation="tanh", seed=2).train(3)
    X = np.random.default_rng(0).uniform(-1.5, 1.5, (50, 2))
    A = feature_map(X, pg.features)
    (W1, b1), (W2, b2), (W3, b3) = pg.weights()
    p = 1 / (1 + np.exp(-(np.tanh(np.tanh(A @ W1 + b1) @ W2 + b2) @ W3 + b3)[:, 0]))
    P = pg.predict_proba(X)
    assert P.shape == (50, 2)
    np.testing.assert_allclose(P[:, 1], p, rtol=1e-12)
    np.testing.assert_allclose(P.sum(axis=1), 1.0)
    assert np.array_equal(pg.predict(X), pg.classes[(p > 0.5).astype(int)])


def test_logistic_unit_reaches_scikit_learns_optimum():
    # hidden=[] is logistic regression on the features; full-batch gradient descent with an
    # L2 penalty has one optimum, which scikit-learn's LogisticRegression(C=...) also finds
    from sklearn.linear_model import LogisticRegression

    pg = Playground("blobs", noise=0.6, hidden=[], l2=0.01, optimizer="sgd",
                    learning_rate=2.0, batch_size=10_000, validation_fraction=0, seed=1)
    pg.train(250)
    (W, b), = pg.weights()
    n = len(pg.y_train)
    # ours: mean log-loss + l2 |w|^2; scikit-learn: C * sum log-loss + |w|^2 / 2
    ref = LogisticRegression(C=1 / (2 * 0.01 * n), tol=1e-12, max_iter=10_000)
    ref.fit(pg.X_train, pg.y_train)
    np.testing.assert_allclose(W[:, 0], ref.coef_[0], atol=1e-6)
    np.testing.assert_allclose(b, ref.intercept_, atol=1e-6)


def test_features_make_circles_linear():
    pg = Playground("circles", features=["x1^2", "x2^2"], hidden=[], seed=0).train(30)
    assert pg.accuracy("test") > 0.95
    assert feature_map(np.array([[0.0, np.pi / 2]]), ["sin x2", "x1*x2"]).tolist() == [[1, 0]]


def test_snapshot_reproduces_weights_exactly_including_live_changes():
    pg = Playground("moons", seed=4, dropout=0.2, l1=1e-4, l2=1e-3, batch_size=8,
                    activation="relu", loss="squared_error")
    pg.train(3).set(learning_rate=0.01, batch_size=32).train(2).set(dropout=0.0).train(2)
    assert pg.learning_rate == 0.01
    assert all(g["lr"] == 0.01 for g in pg._opt.param_groups)
    call = pg.snapshot()
    assert ".train(epochs=3).set(learning_rate=0.01, batch_size=32).train(epochs=2)" in call
    again = eval(call, {"course_lib": course_lib})
    assert again.epoch == 7
    for (W1, b1), (W2, b2) in zip(pg.weights(), again.weights(), strict=True):
        assert np.array_equal(W1, W2) and np.array_equal(b1, b2)
    plain = Playground("moons", seed=4, dropout=0.2, l1=1e-4, l2=1e-3, batch_size=8,
                       activation="relu", loss="squared_error").train(7)
    assert not np.array_equal(plain.weights()[0][0], pg.weights()[0][0])


def test_set_changes_the_learning_rate_torch_sees():
    pg = Playground("xor", hidden=[], optimizer="sgd", learning_rate=0.1, seed=0,
                    batch_size=10_000, validation_fraction=0)
    W0 = pg.params[0][0].detach().clone()
    pg.set(learning_rate=0.2).train(1)
    F = torch.from_numpy(feature_map(pg.X_train, pg.features))
    W, b = W0.clone().requires_grad_(), torch.zeros(1, dtype=torch.float64, requires_grad=True)
    loss = torch.nn.functional.binary_cross_entropy_with_logits(
        (F @ W + b)[:, 0], torch.from_numpy(pg.y_train.astype(float)))
    loss.backward()
    assert torch.allclose(pg.params[0][0].detach(), W0 - 0.2 * W.grad)


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
    ({"X": np.ones((10, 2)), "y": [0] * 8 + [1] * 2}, "at least 4 points of each class"),
    ({"X": np.ones((10, 2))}, "X and y must be given together"),
    ({"dataset": "swirl"}, "dataset must be one of"),
    ({"hidden": 8}, "hidden must be a list"),
    ({"hidden": None}, "hidden must be a list"),
    ({"hidden": [8, 0]}, "hidden must be an integer in"),
    ({"features": None}, "features must be a list"),
    ({"features": []}, "at least one input feature"),
    ({"features": ["x3"]}, "features must be one of"),
    ({"features": ["x1", "x1"]}, "features must not repeat"),
    ({"activation": "gelu"}, "activation must be one of"),
    ({"loss": "hinge"}, "loss must be one of"),
    ({"learning_rate": 0}, "learning_rate must be in"),
    ({"dropout": 0.95}, "dropout must be in"),
    ({"batch_size": 0}, "batch_size must be"),
    ({"validation_fraction": 0.8}, "validation_fraction must be in"),
    ({"validation_fraction": None}, "validation_fraction must be a real"),
    ({"n_samples": 10**9}, "n_samples must be an integer in"),
])
def test_playground_bad_input(kwargs, match):
    with pytest.raises((TypeError, ValueError), match=match):
        Playground(**kwargs)


def test_set_and_accuracy_bad_input():
    pg = Playground("xor", seed=0)
    with pytest.raises(ValueError, match="params must be among"):
        pg.set(hidden=[4])
    with pytest.raises(ValueError, match="learning_rate must be in"):
        pg.set(learning_rate=-1)
    with pytest.raises(ValueError, match="which must be one of"):
        pg.accuracy("val")
    with pytest.raises(ValueError, match="X must have shape"):
        pg.predict_proba(np.ones((3, 3)))


# --- CSV -------------------------------------------------------------------------------------
def test_csv_round_trip_and_errors(tmp_path):
    good = tmp_path / "good.csv"
    good.write_text("x1,x2,label\n0,0,-1\n1,1,1\n\n0,1,1\n1,0,-1\n2,2,1\n")
    X, y = load_csv(good)
    assert X.shape == (5, 2) and y.tolist() == [0, 1, 1, 0, 1]
    X2, y2 = load_csv(io.StringIO("0;0;-1\n1;1;1\n"), delimiter=";")
    assert X2.tolist() == [[0, 0], [1, 1]] and y2.tolist() == [0, 1]
    cases = {
        "two columns": ("0,0\n1,1\n", "must have 3 columns"),
        "four columns": ("0,0,0,1\n1,1,1,0\n", "line 1 has 4"),
        "ragged": ("0,0,1\n1,1,0\n1,1\n", "line 3 has 2"),
        "text": ("0,0,1\n1,abc,0\n", "numbers only; line 2 has 'abc'"),
        "nan": ("0,0,1\n1,nan,0\n0,1,1\n1,1,0\n", "NaN"),
        "one class": ("0,0,1\n1,1,1\n0,1,1\n1,0,1\n", "exactly two classes"),
        "empty": ("\n", "empty"),
        "header only": ("a,b,c\n", "header but no data"),
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
    for bad, exc in ((None, TypeError), (1.0, TypeError), (";;", ValueError),
                     ("1", ValueError), (".", ValueError)):
        with pytest.raises(exc, match="delimiter must be"):
            load_csv(good, delimiter=bad)


# --- classic classifiers ---------------------------------------------------------------------
def test_classic_classifiers_on_moons_and_labels_beyond_0_1():
    Xtr, ytr, Xte, yte = split_data(*make_2d_dataset("moons", 160, random_state=0))
    from course_lib.viz.boundaries import core

    res = classic_classifiers(Xtr, ytr, Xte, yte, core.grid_points(resolution=20))
    assert tuple(res) == course_lib.playground.CLASSIC_NAMES
    assert res["SVM (RBF kernel)"]["test_accuracy"] > 0.95
    assert res["SVM (linear)"]["test_accuracy"] < 0.92
    assert all(r["proba"].shape == (400,) for r in res.values())
    # the same data with labels -1/+1 gives the same accuracies (y_test mapped like y_train)
    again = classic_classifiers(Xtr, 2 * ytr - 1, Xte, 2 * yte - 1)
    assert all(again[k]["test_accuracy"] == res[k]["test_accuracy"] for k in res)


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"X_train": None}, "X_train must be"),
    ({"y_train": np.ones(150)}, "y_train must contain exactly two classes"),
    ({"X_test": np.ones((3, 3))}, "X_test must have shape"),
    ({"y_test": np.full(150, 7)}, "y_test must contain only the classes"),
    ({"y_test": "abc"}, "y_test must be an array"),
    ({"n_neighbors": 0}, "n_neighbors must be"),
    ({"grid": np.ones(3)}, "grid must be a 2-D array"),
])
def test_classic_classifiers_name_their_arguments(kwargs, match):
    Xtr, ytr, Xte, yte = split_data(*make_2d_dataset("moons", 300, random_state=0))
    args = {"X_train": Xtr, "y_train": ytr, "X_test": Xte, "y_test": yte, **kwargs}
    with pytest.raises((TypeError, ValueError), match=match):
        classic_classifiers(**args)


# --- the app: each control's documented effect -----------------------------------------------
@pytest.fixture
def app():
    from course_lib.viz.boundaries import PlaygroundApp

    return PlaygroundApp(dataset="xor", noise=0.05)


def test_app_controls_read_what_they_do(app):
    assert list(app.controls["features"].options) == list(FEATURES)
    assert app.controls["features"].rows == len(FEATURES)
    for k in ("l1", "l2"):
        c = app.controls[k]
        assert tuple(c.options[0]) == ("off", 0.0) and c.value == 0.0 and c.index == 0
    assert "stop" in app.controls["play"].tooltip and "repeat" in app.controls["play"].tooltip
    for b in (app.step_button, app.reset_button, app.snapshot_button):
        assert b.description and b.tooltip
    assert app.image.width == str(round(app.figsize[0] * app.dpi))
    box = app.show()
    assert box.children[1] is app.image and box.children[2] is app.readout
    assert app.figsize[1] * app.dpi <= 200  # under 3 control columns: fits 1366 x 768 (e2e)


def test_app_steps_redraw_and_discretise(app):
    first = np.array(app.surface.get_array())
    app.step()
    app.step()
    assert app.playground.epoch == 2
    assert not np.array_equal(first, app.surface.get_array())
    assert len(app.train_line.get_xdata()) == 2 and len(app.val_line.get_ydata()) == 2
    app.update(discretize=True)
    assert set(np.unique(app.surface.get_array())) <= {0.0, 1.0}


LIVE = [("learning_rate", 0.1), ("l1", 1e-3), ("l2", 1e-4), ("dropout", 0.2), ("batch_size", 32)]
STRUCTURAL = [("seed", 3), ("noise", 0.2), ("train_fraction", 0.7), ("hidden", "4"),
              ("activation", "relu"), ("loss", "squared_error"), ("optimizer", "sgd"),
              ("features", ("x1", "x2", "x1*x2")), ("dataset", "moons")]


def test_live_controls_change_the_running_model(app):
    app.step()
    app.step()
    for k, (name, value) in enumerate(LIVE):      # one app, one control after the other
        before = app.playground
        app.update(**{name: value})
        assert app.playground is before and app.playground.epoch == 2 + k     # no reset
        assert getattr(app.playground, name) == value
        assert "applied to the running model" in app.readout.value
        app.step()
        assert app.playground.epoch == 3 + k
        assert f"{name}=" in app.snapshot().split(").", 1)[1]   # recorded after the call


def test_structural_controls_reset_and_say_why(app):
    for name, value in STRUCTURAL:
        app.step()
        assert app.playground.epoch == 1
        app.update(**{name: value})
        assert app.playground.epoch == 0, name
        assert "model reset to epoch 0" in app.readout.value and name in app.readout.value


def test_stop_stops_and_max_epochs_and_repeat(app):
    play = app.controls["play"]
    app.update(max_epochs=10)
    for v in range(1, 4):
        play.value = v                       # three ticks of ▶
    assert app.playground.epoch == 3
    play.value = 0                           # ■ stop sets the value back to its minimum
    assert app.playground.epoch == 3 and "stopped at epoch 3" in app.readout.value
    for v in range(1, 13):
        play.value = v
    assert app.playground.epoch == 10 and "reached max epochs" in app.readout.value
    play.repeat, play.playing = True, True
    play.value = 13
    assert app.playground.epoch == 0 and "repeat" in app.readout.value
    play.value = 14
    assert app.playground.epoch == 1


def test_app_bad_widths_divergence_and_own_data(app):
    app.update(hidden="a, b")
    assert "cannot build" in app.readout.value
    app.update(hidden="8, 8, 8", learning_rate=10.0, activation="linear", optimizer="sgd")
    app.controls["max_epochs"].value = 100
    for _ in range(40):
        app.step()
        if app.playground.diverged:
            break
    assert "training stopped" in app.readout.value
    assert "Playground('xor'" in app.snapshot()
    from course_lib.viz.boundaries import PlaygroundApp

    X, y = make_xor(80, noise=0.0, random_state=2)
    own = PlaygroundApp(X=X, y=y)
    own.step()
    assert own.playground.own_data and own.playground.epoch == 1
    assert own.controls["noise"].disabled
    with pytest.raises(ValueError, match="exactly two classes"):
        PlaygroundApp(X=X, y=np.zeros(80))


def test_budget_runs_give_every_network_the_same_budget():
    runs = course_lib.playground.budget_runs("xor", {"small": [2], "large": [4, 4]},
                                             (0.01, 0.03), (0, 1), max_epochs=3, target=1.0)
    assert list(runs) == [("small", 0.01), ("small", 0.03), ("large", 0.01), ("large", 0.03)]
    assert all(pg.epoch == 3 for pgs in runs.values() for pg in pgs)   # target 1.0: full budget
    again = Playground("xor", hidden=[4, 4], learning_rate=0.03, seed=1).train(3)
    assert np.array_equal(runs["large", 0.03][1].predict_proba(again.X_test),
                          again.predict_proba(again.X_test))


@pytest.mark.parametrize("args, kwargs, error, match", [
    (("xor", {}), {}, TypeError, "networks must be a non-empty dict"),
    (("xor", {"a": [2]}, (0.0,)), {}, ValueError, "learning_rates"),
    (("xor", {"a": [2]}, (0.01,), (-1,)), {}, ValueError, "seeds"),
    (("xor", {"a": [2]}, (), (0,)), {}, ValueError, "at least one value"),
    (("xor", {"a": [2]}), {"max_epochs": 0}, ValueError, "max_epochs"),
])
def test_budget_runs_refuse_bad_arguments(args, kwargs, error, match):
    with pytest.raises(error, match=match):
        course_lib.playground.budget_runs(*args, **kwargs)
