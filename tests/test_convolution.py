"""Convolution four ways against torch's conv2d; output sizes against torch's actual shapes;
parameter counts against torch models built here; the widget; bad input."""

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib import convolution as cv

F = torch.nn.functional


def _torch_conv(X, W, b, stride, padding):
    bt = None if b is None else torch.from_numpy(b)
    return F.conv2d(torch.from_numpy(X), torch.from_numpy(W), bt, stride=stride,
                    padding=padding).numpy()


@st.composite
def conv_case(draw):
    n, c_in, c_out = (draw(st.integers(1, 3)) for _ in range(3))
    kh, kw = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    stride = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    padding = (draw(st.integers(0, 2)), draw(st.integers(0, 2)))
    h = draw(st.integers(max(1, kh - 2 * padding[0]), 9))
    w = draw(st.integers(max(1, kw - 2 * padding[1]), 9))
    seed = draw(st.integers(0, 2**16))
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, c_in, h, w))
    W = rng.normal(size=(c_out, c_in, kh, kw))
    b = rng.normal(size=c_out) if draw(st.booleans()) else None
    return X, W, b, stride, padding


@settings(max_examples=20, deadline=None)
@given(conv_case())
def test_naive_im2col_and_fft_equal_torch_conv2d(case):
    X, W, b, stride, padding = case
    expected = _torch_conv(X, W, b, stride, padding)
    for fn in (cv.conv2d_naive, cv.conv2d_im2col, cv.conv2d_fft):
        got = fn(X, W, b, stride, padding)
        assert got.shape == expected.shape
        np.testing.assert_allclose(got, expected, rtol=0, atol=1e-10)


@settings(max_examples=20, deadline=None)
@given(st.integers(1, 2), st.integers(1, 3), st.integers(1, 3), st.integers(1, 9),
       st.integers(1, 9), st.integers(0, 2), st.booleans(), st.integers(0, 2**16))
def test_winograd_equals_torch_for_3x3_stride_1(n, c_in, c_out, h, w, pad, bias, seed):
    rng = np.random.default_rng(seed)
    h, w = max(h, 3 - 2 * pad), max(w, 3 - 2 * pad)
    X, W = rng.normal(size=(n, c_in, h, w)), rng.normal(size=(c_out, c_in, 3, 3))
    b = rng.normal(size=c_out) if bias else None
    np.testing.assert_allclose(cv.conv2d_winograd(X, W, b, pad), _torch_conv(X, W, b, 1, pad),
                               rtol=0, atol=1e-10)


@settings(max_examples=20, deadline=None)
@given(conv_case())
def test_backward_equals_torch_autograd(case):
    X, W, _, stride, padding = case
    Xt = torch.from_numpy(X).requires_grad_(True)
    Wt = torch.from_numpy(W).requires_grad_(True)
    bt = torch.zeros(W.shape[0], dtype=torch.float64, requires_grad=True)
    out = F.conv2d(Xt, Wt, bt, stride=stride, padding=padding)
    dY = np.random.default_rng(3).normal(size=tuple(out.shape))
    out.backward(torch.from_numpy(dY))
    dX, dW, db = cv.conv2d_backward(dY, X, W, stride, padding)
    np.testing.assert_allclose(dX, Xt.grad.numpy(), rtol=0, atol=1e-10)
    np.testing.assert_allclose(dW, Wt.grad.numpy(), rtol=0, atol=1e-10)
    np.testing.assert_allclose(db, bt.grad.numpy(), rtol=0, atol=1e-10)


def test_backward_refuses_a_gradient_of_the_wrong_shape():
    with pytest.raises(ValueError, match="dY must have shape"):
        cv.conv2d_backward(np.ones((1, 1, 3, 3)), np.ones((1, 1, 4, 4)), np.ones((1, 1, 2, 2)),
                           stride=2)


def test_im2col_float32_stays_float32_and_matches_torch():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(2, 4, 10, 10)).astype(np.float32)
    W = rng.normal(size=(5, 4, 3, 3)).astype(np.float32)
    got = cv.conv2d_im2col(X, W, padding=1)
    assert got.dtype == np.float32
    np.testing.assert_allclose(got, _torch_conv(X, W, None, 1, 1), rtol=1e-4, atol=1e-4)


def test_im2col_rows_are_the_receptive_fields_in_c_i_j_order():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(2, 5, 6))
    cols = cv.im2col(x, (2, 3), stride=(2, 1), padding=1)
    xp = np.pad(x, ((0, 0), (1, 1), (1, 1)))
    ho, wo = (5 + 2 - 2) // 2 + 1, (6 + 2 - 3) + 1
    assert cols.shape == (ho * wo, 2 * 2 * 3)
    for r in range(ho * wo):
        i, j = divmod(r, wo)
        np.testing.assert_array_equal(cols[r], xp[:, 2 * i:2 * i + 2, j:j + 3].ravel())
    # torch's unfold lays the same numbers out as columns
    unfold = F.unfold(torch.from_numpy(x[None]), (2, 3), stride=(2, 1), padding=1)[0].numpy()
    np.testing.assert_array_equal(cols, unfold.T)
    batch = cv.im2col(np.stack([x, 2 * x]), (2, 3), stride=(2, 1), padding=1)
    np.testing.assert_array_equal(batch[1], 2 * cols)


def test_conv_is_cross_correlation_not_convolution():
    rng = np.random.default_rng(2)
    x, k = rng.normal(size=12), rng.normal(size=3)     # a one-row image and kernel
    got = cv.conv2d_im2col(x[None, None, None], k[None, None, None])[0, 0, 0]
    np.testing.assert_allclose(got, np.correlate(x, k, mode="valid"), atol=1e-12)
    assert not np.allclose(got, np.convolve(x, k, mode="valid"))
    np.testing.assert_allclose(cv.conv2d_fft(x[None, None, None], k[None, None, None, ::-1]
                                             )[0, 0, 0], np.convolve(x, k, mode="valid"),
                               atol=1e-12)


@pytest.mark.parametrize(("n", "k", "s", "p", "d"), [
    (32, 3, 1, 1, 1), (224, 7, 2, 3, 1), (10, 3, 1, 0, 2), (9, 4, 3, 2, 2), (5, 5, 1, 0, 1),
    (7, 2, 4, 0, 3), (1, 3, 2, 1, 1)])
def test_output_size_equals_torch_output_shape(n, k, s, p, d):
    conv = torch.nn.Conv2d(1, 1, k, stride=s, padding=p, dilation=d, bias=False)
    with torch.no_grad():
        shape = conv(torch.zeros(1, 1, n, n)).shape
    assert cv.conv_output_size(n, k, s, p, d) == shape[-1]


def test_parameter_counts_equal_torch_models():
    def total(m):
        return sum(p.numel() for p in m.parameters())

    assert cv.conv2d_params(3, 64, 3) == total(torch.nn.Conv2d(3, 64, 3))
    assert cv.conv2d_params(16, 32, (3, 5), bias=False) == total(
        torch.nn.Conv2d(16, 32, (3, 5), bias=False))
    assert cv.conv2d_params(32, 32, 3, groups=32) == total(torch.nn.Conv2d(32, 32, 3, groups=32))
    assert cv.conv2d_params(8, 12, 1, groups=4) == total(torch.nn.Conv2d(8, 12, 1, groups=4))
    assert cv.linear_params(120, 84) == total(torch.nn.Linear(120, 84))
    assert cv.batchnorm2d_params(64) == total(torch.nn.BatchNorm2d(64))
    assert cv.batchnorm2d_params(64, affine=False) == total(
        torch.nn.BatchNorm2d(64, affine=False))
    lenet = torch.nn.Sequential(
        torch.nn.Conv2d(1, 6, 5), torch.nn.BatchNorm2d(6), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(6, 16, 5), torch.nn.ReLU(), torch.nn.MaxPool2d(2), torch.nn.Flatten(),
        torch.nn.Linear(16 * 5 * 5, 120), torch.nn.Linear(120, 10))
    assert cv.count_params(lenet) == total(lenet)
    by_formula = (cv.conv2d_params(1, 6, 5) + cv.batchnorm2d_params(6)
                  + cv.conv2d_params(6, 16, 5) + cv.linear_params(400, 120)
                  + cv.linear_params(120, 10))
    assert by_formula == total(lenet)
    for p in lenet[0].parameters():
        p.requires_grad_(False)
    assert cv.count_params(lenet, trainable_only=True) == total(lenet) - 6 * 25 - 6


def test_connections_count_the_multiplications_of_a_conv():
    # multiply-adds = output elements x inputs each one reads, checked by counting the
    # nonzero products of an all-ones convolution through the naive loop's arithmetic
    X, W = np.ones((1, 2, 6, 6)), np.ones((3, 2, 3, 3))
    y = cv.conv2d_naive(X, W, padding=1)
    assert cv.conv2d_connections(2, 3, 3, 6) == 3 * 36 * 18
    assert y.sum() < cv.conv2d_connections(2, 3, 3, 6)   # border products hit padding zeros
    assert cv.conv2d_connections(2, 3, 3, 4) == cv.conv2d_naive(X, W).sum()


@pytest.mark.parametrize(("n", "c_in", "c_out", "h", "w", "pad"),
                         [(1, 64, 64, 56, 56, 1), (2, 3, 5, 7, 9, 0), (1, 1, 1, 4, 4, 0)])
def test_winograd_multiplications_count_the_products_conv2d_winograd_makes(n, c_in, c_out, h,
                                                                           w, pad, monkeypatch):
    # count the elementwise products of transformed kernels and tiles in the einsum that
    # conv2d_winograd actually calls, from the shapes of the operands it passes
    from course_lib.convolution import layers

    counted = []
    real = np.einsum

    def spy(subscripts, *operands, **kw):
        if subscripts == "ocxy,nctuxy->notuxy":
            (o, c, x, y), (nn, _, t, u, _, _) = (a.shape for a in operands)
            counted.append(o * c * nn * t * u * x * y)
        return real(subscripts, *operands, **kw)

    monkeypatch.setattr(layers.np, "einsum", spy)
    rng = np.random.default_rng(0)
    Y = cv.conv2d_winograd(rng.normal(size=(n, c_in, h, w)), rng.normal(size=(c_out, c_in, 3, 3)),
                           padding=pad)
    assert counted == [n * cv.winograd_multiplications(c_in, c_out, Y.shape[2:])]
    # the direct method's count for the same layer: 9 products per output value and channel pair
    assert cv.conv2d_connections(c_in, c_out, 3, Y.shape[2:]) == Y[0].size * c_in * 9


def test_time_im2col_layouts_times_both_layouts_and_checks_its_input():
    t = cv.time_im2col_layouts(np.ones((2, 3, 6, 5)), 3, padding=1, repeat=1)
    assert sorted(t) == ["channels first", "channels last"] and min(t.values()) > 0
    with pytest.raises(ValueError, match="larger than the padded input"):
        cv.time_im2col_layouts(np.ones((1, 1, 2, 2)), 3)
    with pytest.raises(ValueError, match="X must be a 4-D array"):
        cv.time_im2col_layouts(np.ones((3, 6, 5)), 3)


def test_time_conv_methods_returns_positive_times_per_kernel_size():
    t = cv.time_conv_methods([1, 3], image_size=6, methods=["im2col", "winograd", "torch"],
                             repeat=1)
    assert t["kernel_size"].tolist() == [1, 3]
    assert np.all(t["im2col"] > 0) and np.all(t["torch"] > 0)
    assert np.isnan(t["winograd"][0]) and t["winograd"][1] > 0


@pytest.mark.parametrize(("kwargs", "match"), [
    (dict(W=np.ones((1, 1, 5, 5))), "kernel is larger than the padded input"),
    (dict(stride=0), "stride must be an integer in"),
    (dict(W=np.ones((1, 2, 3, 3))), "input channels"),
    (dict(padding=10**9), "padding must be an integer"),
    (dict(padding=3000), "padding too large"),
    (dict(b=np.ones(3)), "b must have shape"),
    (dict(X=np.ones((1, 3, 3))), "X must be a 4-D array"),
    (dict(stride=(1, 2, 3)), "stride must be an int or a pair"),
])
def test_bad_input_gets_clear_errors(kwargs, match):
    args = dict(X=np.ones((4, 1, 3, 3)), W=np.ones((2, 1, 3, 3)), b=None, stride=1, padding=0)
    args.update(kwargs)
    for fn in (cv.conv2d_naive, cv.conv2d_im2col, cv.conv2d_fft):
        with pytest.raises(ValueError, match=match):
            fn(**args)


def test_more_bad_input():
    with pytest.raises(ValueError, match="3x3 kernels"):
        cv.conv2d_winograd(np.ones((1, 1, 4, 4)), np.ones((1, 1, 2, 2)))
    with pytest.raises(ValueError, match="stride must be 1"):
        cv.conv2d(np.ones((1, 1, 4, 4)), np.ones((1, 1, 3, 3)), stride=2, method="winograd")
    with pytest.raises(ValueError, match="groups must divide"):
        cv.conv2d_params(3, 6, 3, groups=2)
    with pytest.raises(TypeError, match=r"model must be a torch\.nn\.Module"):
        cv.count_params("resnet")
    with pytest.raises(ValueError, match="kernel is larger"):
        cv.conv_output_size(4, 3, dilation=2)
    with pytest.raises(ValueError, match="im2col matrix"):
        cv.im2col(np.ones((1, 300, 300)), 100)


# --- the widget -------------------------------------------------------------------------------
def test_explorer_follows_its_controls_and_matches_the_core():
    from course_lib.viz.convolution import KERNELS, ConvolutionExplorer

    app = ConvolutionExplorer(kernel="edge (Laplacian)", stride=1, padding=1)
    image = app.image_data
    expected = _torch_conv(image[None, None], KERNELS["edge (Laplacian)"][None, None], None, 1, 1)
    np.testing.assert_allclose(app.output, expected[0, 0], atol=1e-12)
    png0 = app.image.value
    rect0 = app.field.get_xy()
    app.controls["pixel"].value = 5
    assert app.field.get_xy() != rect0 and app.image.value != png0
    assert app.field.get_xy() == (5 - 1 - 0.5, -1 - 0.5)   # column 5*1 - padding, row -padding
    app.update(stride=2, padding=0, kernel="box blur 5×5")
    ho = cv.conv_output_size(image.shape[0], 5, 2, 0)
    assert app.output.shape == (ho, ho)
    assert app.controls["pixel"].max == ho * ho - 1
    app.controls["pixel"].value = ho * ho - 1
    x0, y0 = app.field.get_xy()
    assert (x0, y0) == (2 * (ho - 1) - 0.5, 2 * (ho - 1) - 0.5)
    assert app.field.get_width() == 5
    assert f"{ho}×{ho}" in app.readout.value
    r = 2 * (ho - 1)
    assert abs(app.output[-1, -1] - image[r:r + 5, r:r + 5].mean()) < 1e-12
