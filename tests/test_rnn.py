"""Lesson 07: the numpy RNN against torch (autograd, nn.RNN, LSTMCell, GRUCell), finite
differences, brute-force HMM enumeration and exact linear-RNN theory."""

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib import rnn


def _params(rng, D, H, G=1, scale=0.5):
    return {"W_ih": scale * rng.normal(size=(G * H, D)),
            "W_hh": scale * rng.normal(size=(G * H, H)),
            "b_ih": 0.1 * rng.normal(size=G * H), "b_hh": 0.1 * rng.normal(size=G * H)}


def _torch_rnn(p, D, H):
    net = torch.nn.RNN(D, H).double()
    with torch.no_grad():
        for k in ("W_ih", "W_hh", "b_ih", "b_hh"):
            getattr(net, f"{k.split('_')[0].lower()}eight_{k.split('_')[1]}_l0"
                    if k[0] == "W" else f"bias_{k.split('_')[1]}_l0").copy_(torch.tensor(p[k]))
    return net


def _torch_grads(X, h0, p, dH):
    """Outputs and gradients of sum(H * dH) from torch.nn.RNN + autograd."""
    D = X.shape[2]
    net = _torch_rnn(p, D, h0.shape[1])
    Xt = torch.tensor(X, requires_grad=True)
    h0t = torch.tensor(h0[None], requires_grad=True)
    out, _ = net(Xt, h0t)
    (out * torch.tensor(dH)).sum().backward()
    g = {"W_ih": net.weight_ih_l0.grad, "W_hh": net.weight_hh_l0.grad,
         "b_ih": net.bias_ih_l0.grad, "b_hh": net.bias_hh_l0.grad, "X": Xt.grad,
         "h0": h0t.grad[0]}
    return out.detach().numpy(), {k: v.numpy() for k, v in g.items()}


@settings(max_examples=25, deadline=None)
@given(T=st.integers(1, 6), B=st.integers(1, 4), D=st.integers(1, 5), H=st.integers(1, 6),
       seed=st.integers(0, 10**6))
def test_forward_and_every_gradient_equal_torch_autograd(T, B, D, H, seed):
    # equal to 1e-12, not bitwise: torch and numpy sum the products in different orders
    rng = np.random.default_rng(seed)
    p = _params(rng, D, H)
    X, h0, dH = rng.normal(size=(T, B, D)), rng.normal(size=(B, H)), rng.normal(size=(T, B, H))
    H_np, cache = rnn.rnn_forward(X, h0, p)
    grads = rnn.rnn_backward(dH, cache)
    H_t, g_t = _torch_grads(X, h0, p, dH)
    np.testing.assert_allclose(H_np, H_t, rtol=1e-12, atol=1e-12)
    for k, v in g_t.items():
        np.testing.assert_allclose(grads[k], v, rtol=1e-12, atol=1e-12, err_msg=k)


def test_gradients_equal_central_finite_differences():
    rng = np.random.default_rng(1)
    T, B, D, H = 5, 3, 2, 4
    p = _params(rng, D, H)
    X, h0, dH = rng.normal(size=(T, B, D)), rng.normal(size=(B, H)), rng.normal(size=(T, B, H))

    def loss(p_, X_=X, h0_=h0):
        return float(np.sum(rnn.rnn_forward(X_, h0_, p_)[0] * dH))

    grads = rnn.rnn_backward(dH, rnn.rnn_forward(X, h0, p)[1])
    eps = 1e-6
    for key in ("W_ih", "W_hh", "b_ih", "b_hh"):
        num = np.zeros_like(p[key])
        for idx in np.ndindex(p[key].shape):
            plus = {k: v.copy() for k, v in p.items()}
            minus = {k: v.copy() for k, v in p.items()}
            plus[key][idx] += eps
            minus[key][idx] -= eps
            num[idx] = (loss(plus) - loss(minus)) / (2 * eps)
        # central differences: error O(eps²) ≈ 1e-12 plus rounding ≈ 1e-16 / eps = 1e-10
        np.testing.assert_allclose(grads[key], num, rtol=1e-6, atol=1e-8, err_msg=key)


def test_summed_loss_with_batch_mean_matches_torch_mse_training_gradient():
    # L = sum over t of mean over the batch of |h_t - target_t|² / 2 → dH = (H - target) / B
    rng = np.random.default_rng(2)
    T, B, D, H = 7, 5, 3, 4
    p = _params(rng, D, H)
    X, target = rng.normal(size=(T, B, D)), rng.normal(size=(T, B, H))
    H_np, cache = rnn.rnn_forward(X, np.zeros((B, H)), p)
    grads = rnn.rnn_backward((H_np - target) / B, cache)
    net = _torch_rnn(p, D, H)
    out, _ = net(torch.tensor(X))
    (0.5 * ((out - torch.tensor(target)) ** 2).sum(dim=(0, 2)).mean()).backward()
    np.testing.assert_allclose(grads["W_hh"], net.weight_hh_l0.grad.numpy(), rtol=1e-12)


def test_float32_inputs_stay_float32_in_the_private_fast_path():
    from course_lib.rnn.core import _rnn_backward, _rnn_forward
    rng = np.random.default_rng(3)
    p = {k: v.astype(np.float32) for k, v in _params(rng, 3, 4).items()}
    H, cache = _rnn_forward(rng.normal(size=(5, 2, 3)).astype(np.float32),
                            np.zeros((2, 4), np.float32), p)
    g = _rnn_backward(np.ones_like(H), cache)
    assert H.dtype == np.float32 and all(v.dtype == np.float32 for v in g.values())


@settings(max_examples=25, deadline=None)
@given(B=st.integers(1, 4), D=st.integers(1, 5), H=st.integers(1, 5), seed=st.integers(0, 10**6))
def test_lstm_and_gru_cells_equal_torch(B, D, H, seed):
    rng = np.random.default_rng(seed)
    x, h, c = rng.normal(size=(B, D)), rng.normal(size=(B, H)), rng.normal(size=(B, H))
    for cls, G in ((torch.nn.LSTMCell, 4), (torch.nn.GRUCell, 3)):
        p = _params(rng, D, H, G)
        cell = cls(D, H).double()
        with torch.no_grad():
            cell.weight_ih.copy_(torch.tensor(p["W_ih"]))
            cell.weight_hh.copy_(torch.tensor(p["W_hh"]))
            cell.bias_ih.copy_(torch.tensor(p["b_ih"]))
            cell.bias_hh.copy_(torch.tensor(p["b_hh"]))
        if G == 4:
            ht, ct = cell(torch.tensor(x), (torch.tensor(h), torch.tensor(c)))
            out = rnn.lstm_cell(x, h, c, p)
            np.testing.assert_allclose(out["c"], ct.detach().numpy(), rtol=1e-12, atol=1e-12)
        else:
            ht = cell(torch.tensor(x), torch.tensor(h))
            out = rnn.gru_cell(x, h, p)
        np.testing.assert_allclose(out["h"], ht.detach().numpy(), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(("cell", "cls"), [("rnn", torch.nn.RNN), ("gru", torch.nn.GRU),
                                          ("lstm", torch.nn.LSTM)])
@pytest.mark.parametrize(("D", "H"), [(1, 1), (10, 20), (7, 3)])
def test_parameter_count_formula_equals_counting_torch_parameters(cell, cls, D, H):
    assert rnn.n_params(cell, D, H) == sum(p.numel() for p in cls(D, H).parameters())


def test_jacobian_norms_equal_torch_autograd_jacobians():
    rng = np.random.default_rng(4)
    T, H = 6, 4
    p = _params(rng, 2, H, scale=0.8)
    X = rng.normal(size=(T, 1, 2))
    Hs, _ = rnn.rnn_forward(X, np.zeros((1, H)), p)
    norms = rnn.jacobian_norms(1 - Hs ** 2, p["W_hh"])[:, 0]
    # torch: run the recurrence from h_t, differentiate h_T with respect to h_t
    W_ih, W_hh = torch.tensor(p["W_ih"]), torch.tensor(p["W_hh"])
    b = torch.tensor(p["b_ih"] + p["b_hh"])
    for k in range(T):
        t = T - 1 - k

        def run(h, t=t):
            for s in range(t + 1, T):
                h = torch.tanh(torch.tensor(X[s, 0]) @ W_ih.T + h @ W_hh.T + b)
            return h

        J = torch.autograd.functional.jacobian(run, torch.tensor(Hs[t, 0]))
        assert norms[k] == pytest.approx(torch.linalg.matrix_norm(J, ord=2).item(), rel=1e-10)


@settings(max_examples=15, deadline=None)
@given(rho=st.floats(0.3, 1.5), T=st.integers(1, 30), H=st.integers(1, 8))
def test_linear_rnn_with_scaled_orthogonal_weights_has_norm_rho_to_the_lag(rho, T, H):
    out = rnn.gradient_flow(rho, T, activation="linear", hidden_size=H, batch=2)
    np.testing.assert_allclose(out["norm"], rho ** np.arange(T), rtol=1e-9)


@settings(max_examples=15, deadline=None)
@given(rho=st.floats(0.2, 1.2), coupling=st.floats(0.0, 3.0), H=st.integers(2, 12),
       seed=st.integers(0, 1000))
def test_non_normal_matrix_has_the_spectral_radius_and_obeys_the_singular_value_bound(
        rho, coupling, H, seed):
    W = rnn.non_normal_with_radius(H, rho, coupling, random_state=seed)
    assert np.abs(np.linalg.eigvals(W)).max() == pytest.approx(rho, rel=1e-6, abs=1e-9)
    s_max = np.linalg.norm(W, 2)
    assert s_max >= rho * (1 - 1e-9)
    # ‖∂h_T/∂h_t‖ of a linear RNN is ‖W^lag‖ <= s_max^lag (and equals the matrix power's norm)
    gain = rnn.jacobian_norms(np.ones((12, 1, H)), W)[:, 0]
    powers = [np.linalg.norm(np.linalg.matrix_power(W, k), 2) for k in range(12)]
    np.testing.assert_allclose(gain, powers, rtol=1e-9, atol=1e-300)
    assert np.all(gain <= s_max ** np.arange(12) * (1 + 1e-9))


def test_a_non_normal_matrix_with_radius_below_one_amplifies_before_it_decays():
    W = rnn.non_normal_with_radius(16, 0.9, coupling=2.0, random_state=0)
    gain = rnn.jacobian_norms(np.ones((200, 1, 16)), W)[:, 0]
    assert gain.max() > 5 and gain[-1] < 1e-6          # transient growth, then decay
    late = np.polyfit(np.arange(100, 200), np.log(gain[100:]), 1)[0]
    assert late == pytest.approx(np.log(0.9), abs=0.01)  # the long-run rate is log rho
    # coupling 0: a normal matrix, whose gain is exactly rho^lag
    N = rnn.non_normal_with_radius(6, 0.9, coupling=0.0, random_state=1)
    gain0 = rnn.jacobian_norms(np.ones((20, 1, 6)), N)[:, 0]
    np.testing.assert_allclose(gain0, 0.9 ** np.arange(20), rtol=1e-9)


def test_tanh_never_has_larger_jacobian_norms_than_the_linear_bound():
    # |tanh'| <= 1, so ‖∂h_T/∂h_t‖ <= ‖W_hh‖^lag = rho^lag
    for rho in (0.8, 1.0, 1.3):
        out = rnn.gradient_flow(rho, 40, activation="tanh", random_state=5)
        assert np.all(out["norm"] <= rho ** out["lag"] * (1 + 1e-9))


def test_clipping_matches_torch_and_caps_but_cannot_revive():
    g = np.random.default_rng(6).normal(size=(3, 4)) * 10
    clipped, norm = rnn.clip_by_norm(g, 1.0)
    t = torch.tensor(g, requires_grad=True)
    t.grad = torch.tensor(g)
    torch_norm = torch.nn.utils.clip_grad_norm_([t], 1.0)
    assert norm == pytest.approx(torch_norm.item())
    np.testing.assert_allclose(clipped, t.grad.numpy(), rtol=1e-6)  # torch adds 1e-6 to norm
    small, _ = rnn.clip_by_norm(g * 1e-9, 1.0)
    np.testing.assert_array_equal(small, g * 1e-9)
    exploding = rnn.gradient_flow(1.5, 40, activation="linear", max_norm=1.0)
    assert np.linalg.norm(exploding["clipped"]) == pytest.approx(1.0)
    vanishing = rnn.gradient_flow(0.5, 40, activation="linear", max_norm=2.0)
    np.testing.assert_array_equal(vanishing["clipped"], vanishing["norm"])


@settings(max_examples=25, deadline=None)
@given(S=st.integers(1, 3), K=st.integers(1, 3), T=st.integers(1, 6), seed=st.integers(0, 10**6))
def test_hmm_forward_equals_brute_force_over_all_paths(S, K, T, seed):
    rng = np.random.default_rng(seed)
    pi, A, E = rng.dirichlet(np.ones(S)), rng.dirichlet(np.ones(S), S), rng.dirichlet(np.ones(K), S)
    obs = rng.integers(0, K, size=T)
    b1, ll1 = rnn.hmm_forward(pi, A, E, obs)
    b2, ll2 = rnn.hmm_brute_force(pi, A, E, obs)
    np.testing.assert_allclose(b1, b2, rtol=1e-10, atol=1e-14)
    assert ll1 == pytest.approx(ll2, rel=1e-10)


def test_unrolled_graph_grows_linearly_with_T_and_shares_three_matrices():
    for pattern in ("many-to-many (aligned)", "many-to-one", "one-to-many"):
        sizes = [rnn.unrolled_graph(T, pattern)["n_nodes"] for T in (1, 2, 3, 10)]
        diffs = np.diff(sizes) / np.diff([1, 2, 3, 10])
        assert np.all(diffs == diffs[0])
    g = rnn.unrolled_graph(5, "many-to-many (aligned)")
    assert (g["n_nodes"], g["n_edges"]) == (15, 14)  # 5 x, 5 h, 5 y; 5 + 4 + 5 edges
    assert rnn.unrolled_graph(3, "many-to-many (encoder-decoder)")["n_nodes"] == 12


@pytest.mark.parametrize(("call", "match"), [
    (lambda p: rnn.rnn_forward(np.zeros((0, 2, 3)), np.zeros((2, 4)), p), "X must not be empty"),
    (lambda p: rnn.rnn_forward(np.zeros((3, 2)), np.zeros((2, 4)), p), "X must be a 3-D"),
    (lambda p: rnn.rnn_forward(np.zeros((3, 2, 3)), np.zeros((2, 5)), p), "h0 must have shape"),
    (lambda p: rnn.rnn_forward(np.zeros((3, 2, 2)), np.zeros((2, 4)), p), r"params\['W_ih'\]"),
    (lambda p: rnn.rnn_forward(np.full((3, 2, 3), np.nan), np.zeros((2, 4)), p), "finite"),
    (lambda p: rnn.rnn_forward(np.zeros((3, 2, 3)), np.zeros((2, 4)), {"W_ih": 1}), "missing"),
    (lambda p: rnn.rnn_backward(np.zeros((2, 2, 4)), rnn.rnn_forward(
        np.zeros((3, 2, 3)), np.zeros((2, 4)), p)[1]), "dH must have shape"),
    (lambda p: rnn.rnn_backward(np.zeros((3, 2, 4)), None), "cache must be"),
])
def test_bad_input_gets_errors_naming_the_argument(call, match):
    p = _params(np.random.default_rng(0), 3, 4)
    with pytest.raises((ValueError, TypeError), match=match):
        call(p)


def test_size_caps_refuse_before_allocating():
    with pytest.raises(ValueError, match="MAX_HMM_PATHS"):
        rnn.hmm_brute_force([0.5, 0.5], np.eye(2), np.eye(2), np.zeros(40, int))
    with pytest.raises(ValueError, match="T must be"):
        rnn.gradient_flow(1.0, 10**9)
    with pytest.raises(ValueError, match="probabilities"):
        rnn.hmm_forward([0.5, 0.6], np.eye(2), np.eye(2), [0])


# -- torch experiments (small and fast) ---------------------------------------------------------
def test_adding_problem_has_two_marks_one_per_half_and_the_marked_sum_as_target():
    from course_lib.rnn import experiments as rx
    X, y = rx.adding_problem(20, 500, seed=1)
    marks = X[:, :, 1]
    assert np.all(marks.sum(axis=0) == 2)
    assert np.all(marks[:10].sum(axis=0) == 1) and np.all(marks[10:].sum(axis=0) == 1)
    np.testing.assert_allclose(y, (X[:, :, 0] * marks).sum(axis=0), rtol=1e-6)
    # predicting 1 scores Var(u1 + u2) = 1/6: a z-test with the standard error of the mean
    se = np.std((y - 1) ** 2) / np.sqrt(len(y))
    assert abs(np.mean((y - 1) ** 2) - 1 / 6) < 4 * se


@pytest.mark.parametrize(("recurrence", "teacher", "expected"),
                         [("output", True, 1), ("output", False, 7), ("both", True, 7),
                          ("hidden", False, 7)])
def test_sequential_steps_count_the_tanh_chain_of_the_graph(recurrence, teacher, expected):
    from course_lib.rnn import experiments as rx
    torch.manual_seed(0)
    net = rx.FeedbackRNN(1, 4, 1, recurrence)
    X, Y = torch.randn(7, 2, 1), torch.randn(7, 2, 1)
    out = net(X, Y if teacher else None)
    assert rx.sequential_steps(out) == expected


def test_sequential_steps_on_a_hand_built_graph_and_bad_input():
    from course_lib.rnn import experiments as rx
    x = torch.ones(3, requires_grad=True)
    h = x
    for _ in range(5):                       # a chain of 5, with a side branch of 1 each step
        h = torch.tanh(h) + torch.tanh(x)
    assert rx.sequential_steps(h) == 5
    assert rx.sequential_steps(torch.tanh(torch.tanh(x)) + torch.tanh(x)) == 2  # the longer
    assert rx.sequential_steps(torch.sigmoid(torch.tanh(x)), op="Sigmoid") == 1
    with torch.no_grad():
        y = torch.tanh(x)
    with pytest.raises(ValueError, match="output has no autograd graph"):
        rx.sequential_steps(y)
    with pytest.raises(TypeError, match=r"output must be a torch\.Tensor"):
        rx.sequential_steps(np.ones(3))


def test_recurrence_experiment_measures_its_sequential_steps():
    from course_lib.rnn import experiments as rx
    out = rx.recurrence_experiment("running sum", "output", T=6, steps=2)
    hid = rx.recurrence_experiment("running sum", "hidden", T=6, steps=2)
    assert (out["sequential_steps"], hid["sequential_steps"]) == (1, 6)


def test_exposure_bias_reports_the_error_of_predicting_zero():
    from course_lib.rnn import experiments as rx
    model, _ = rx.train_generator(0.0, steps=2, T=12, warmup=3, H=4)
    res = rx.exposure_bias(model, T=12, warmup=3, n=50)
    Y = rx._waves(50, 12, torch.Generator().manual_seed(1), 0.05)
    np.testing.assert_allclose(res["zero_rmse"],
                               torch.sqrt(torch.mean(Y[3:] ** 2, dim=(1, 2))).numpy(), rtol=1e-6)
    assert res["zero_rmse"].shape == res["rmse"].shape


def test_output_feedback_net_under_teacher_forcing_equals_its_step_by_step_loop():
    from course_lib.rnn import experiments as rx
    torch.manual_seed(0)
    net = rx.FeedbackRNN(2, 5, 3, "output").double()
    X, Y = torch.randn(6, 4, 2, dtype=torch.float64), torch.randn(6, 4, 3, dtype=torch.float64)
    loop, y_prev = [], Y
    for t in range(6):
        loop.append(net.W_hy(torch.tanh(net.W_ih(X[t]) + net.W_yh(y_prev[t]))))
    with torch.no_grad():
        np.testing.assert_allclose(net(X, Y).numpy(), torch.stack(loop).numpy(), rtol=1e-12,
                                   atol=1e-12)


def test_pattern_shapes_follow_the_patterns():
    from course_lib.rnn import experiments as rx
    rows = {r["pattern"]: r for r in rx.pattern_shapes(T_in=6, T_out=4, batch=3, n_out=2)}
    assert rows["many-to-one"]["output"] == (1, 3, 2)
    assert rows["one-to-many"]["input"][0] == 1 and rows["one-to-many"]["output"][0] == 4
    assert rows["many-to-many (aligned)"]["output"][0] == 6
    assert rows["many-to-many (encoder-decoder)"]["steps"] == 10


def test_layer_norm_output_ignores_batch_mates_and_batch_norm_does_not():
    from course_lib.rnn import experiments as rx
    torch.manual_seed(0)
    for norm, depends in (("layer", False), ("batch", True)):
        res = rx.norm_checks(rx._NormRNN(2, 8, 1, 10, norm))
        assert (res["batch_dependence"] > 1e-6) is depends


def test_shipped_weights_load_and_a_tampered_file_is_refused(tmp_path):
    from course_lib.rnn import experiments as rx
    state = rx.load_state("adding")
    X, y = rx.adding_problem(state["T"], 300, seed=11)
    with torch.no_grad():
        mse = {k: torch.mean((m(torch.tensor(X)) - torch.tensor(y)) ** 2).item()
               for k, m in state["models"].items()}
    assert mse["lstm"] < 0.01 and mse["gru"] < 0.01 and mse["rnn"] > 0.1
    bad = tmp_path / "rnn_adding.pt"
    bad.write_bytes((rx.DATA / "rnn_adding.pt").read_bytes() + b"x")
    with pytest.raises(ValueError, match="SHA-256"):
        rx.load_state("adding", bad)


# -- widgets -------------------------------------------------------------------------------------
def test_gradient_flow_explorer_plots_the_core_and_clipping_rescales():
    from course_lib.viz.rnn import GradientFlowExplorer
    app = GradientFlowExplorer(T=40, activation="linear")
    app.controls["spectral_radius"].value = 0.8
    np.testing.assert_allclose(app.line.get_ydata(), 0.8 ** np.arange(40), rtol=1e-9)
    before = app.image.value
    app.update(spectral_radius=1.2, clip=True)
    assert app.clipped.get_visible() and app.image.value != before
    assert np.linalg.norm(app.clipped.get_ydata()) == pytest.approx(1.0)
    # the readout says by how much (clipping barely moved the log plot, with no word why):
    # the factor it prints is the ratio of the two curves drawn
    ratio = np.median(app.line.get_ydata() / app.clipped.get_ydata())
    assert f"divides every step by {ratio:.3g}" in app.readout.value
    assert f"{np.log10(ratio):.1f} decades lower" in app.readout.value
    assert app.line.get_ydata()[0] == pytest.approx(1.0)  # so the factor is at least 1
    labels = app.ax.get_legend_handles_labels()[1]
    assert "norm 1: no change" in labels      # the black line at 10^0 is named


def test_unfolding_viewer_redraws_for_each_pattern():
    from course_lib.viz.rnn import UnfoldingViewer
    app = UnfoldingViewer(T=2)
    app.update(T=5, pattern="many-to-one")
    assert "11 nodes" in app.readout.value
    assert app.ax.get_title().startswith("many-to-one, T = 5")


def test_unfolding_viewer_blits_readable_labels(monkeypatch):
    """Issue 28: the viewer re-plotted its axes at every change (94-183 ms in the browser)
    with 8-px node names. Now a change draws over the cached background (no full redraw,
    whatever T and the pattern), and every node name and step number is at least 10 px."""
    from course_lib.rnn import unrolled_graph
    from course_lib.viz.rnn import UnfoldingViewer

    app = UnfoldingViewer()
    full_draws = []
    draw = app.canvas.draw
    monkeypatch.setattr(app.canvas, "draw", lambda: (full_draws.append(1), draw())[1])
    for T, pattern in [(10, "many-to-many (encoder-decoder)"), (1, "one-to-one"),
                       (7, "many-to-one"), (3, "one-to-many")]:
        before = app.image.value
        app.update(T=T, pattern=pattern)
        g = unrolled_graph(T, pattern)
        assert app.image.value != before
        assert app.node_names.get_texts() == [name for name, _, _ in g["nodes"]]
        assert len(app.nodes.get_offsets()) == g["n_nodes"]
        assert len(app.edges.get_segments()) == g["n_edges"]
        heads = sum(len(h.get_offsets()) for h in app.heads.values())
        assert heads == g["n_edges"]                    # one arrowhead per edge
        n_steps = max(step for _, _, step in g["nodes"]) + 1
        assert app.step_numbers.get_texts() == [str(t) for t in range(n_steps)]
        assert app.ax.get_title().startswith(f"{pattern}, T = {T}: {g['n_nodes']} nodes")
    assert full_draws == [], "a change of T or pattern redrew the whole figure"
    for labels in (app.node_names, app.step_numbers):
        sizes = {label[5] for label in labels.labels}
        assert min(sizes) * app.dpi / 72 >= 10, f"labels of {min(sizes)} pt are under 10 px"
