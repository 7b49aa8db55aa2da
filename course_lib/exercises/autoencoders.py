"""Lesson 08 exercises: PCA reconstruction, the contractive penalty, the VAE's KL term."""

from __future__ import annotations

import numpy as np

from .. import autoencoders as ref_ae
from .. import pca as ref_pca
from .core import Exercise, Mistake, register

LESSON = "08_autoencoders_vs_pca"


# --- pca_reconstruction -----------------------------------------------------------------------
def _pca_reference(X, k):
    p = ref_pca.fit_pca(X, k)
    return ref_pca.pca_reconstruct(ref_pca.pca_project(X, p), p)


def _pca_case(rng: np.random.Generator) -> dict:
    n, d = int(rng.integers(8, 25)), int(rng.integers(3, 7))
    scales = np.sort(rng.uniform(0.2, 3.0, size=d))[::-1]
    X = rng.normal(size=(n, d)) * scales + rng.uniform(1.0, 4.0, size=d)  # mean far from 0
    return {"X": X.round(3), "k": int(rng.integers(1, d))}


def _pca_solution(X, k):
    mean = X.mean(axis=0)
    _, _, Vt = np.linalg.svd(X - mean, full_matrices=False)
    V = Vt[:k]                       # the top-k principal directions are the *rows* of Vt
    return mean + (X - mean) @ V.T @ V


def _svd_rows(X, k, centre=True, add_back=True, rows=True):
    mean = X.mean(axis=0) if centre else np.zeros(X.shape[1])
    _, _, Vt = np.linalg.svd(X - mean, full_matrices=False)
    V = Vt[:k] if rows else Vt[:, :k].T
    return (mean if add_back else 0.0) + (X - mean) @ V.T @ V


register(Exercise(
    name="pca_reconstruction",
    lesson=LESSON,
    reference=_pca_reference,
    make_case=_pca_case,
    solution=_pca_solution,
    hints=(
        "Centre the data first (subtract the mean of each column), take the SVD of the centred "
        "data, keep the top-k principal directions, project and map back, then add the mean.",
        "np.linalg.svd(Xc, full_matrices=False) returns U, S, Vt: the principal directions are "
        "the first k *rows* of Vt (each of length n_features).",
        "Projection: Z = Xc @ V.T with V = Vt[:k]; reconstruction: mean + Z @ V.",
    ),
    mistakes=(
        Mistake(lambda X, k: _svd_rows(X, k, centre=False, add_back=False),
                "the data are not centred: PCA finds directions of variance around the mean; "
                "without centring the first direction points at the mean instead."),
        Mistake(lambda X, k: _svd_rows(X, k, rows=False),
                "you took columns of Vt (Vt[:, :k]) instead of rows (Vt[:k]): numpy's SVD "
                "returns V transposed, so the principal directions are its rows."),
        Mistake(lambda X, k: _svd_rows(X, k, add_back=False),
                "you centred the data but did not add the mean back after reconstructing."),
    ),
))


# --- contractive_penalty ----------------------------------------------------------------------
def _cae_case(rng: np.random.Generator) -> dict:
    n, d, h = int(rng.integers(1, 6)), int(rng.integers(2, 6)), int(rng.integers(2, 5))
    return {"X": rng.normal(size=(n, d)).round(2), "W": rng.normal(size=(h, d)).round(2),
            "b": rng.normal(size=h).round(2)}


def _cae_solution(X, W, b):
    H = 1 / (1 + np.exp(-(X @ W.T + b)))   # (n, h) codes
    dH = H * (1 - H)                        # sigmoid'(z) for each hidden unit
    return dH**2 @ np.sum(W**2, axis=1)     # sum_j dH_j^2 * |row j of W|^2


def _sig(X, W, b):
    return 1 / (1 + np.exp(-(X @ W.T + b)))


register(Exercise(
    name="contractive_penalty",
    lesson=LESSON,
    reference=ref_ae.contractive_penalty,
    make_case=_cae_case,
    solution=_cae_solution,
    hints=(
        "For h = sigmoid(W x + b) the Jacobian entry dh_j/dx_i is h_j (1 - h_j) W_ji. Its "
        "squared Frobenius norm is the sum of the squares of all entries.",
        "Summing over i first: |J|_F^2 = sum_j (h_j (1 - h_j))^2 * sum_i W_ji^2 — one number "
        "per sample (rows of X).",
    ),
    mistakes=(
        Mistake(lambda X, W, b: (_sig(X, W, b) * (1 - _sig(X, W, b))) @ np.sum(W**2, axis=1),
                "the derivative h (1 - h) must be squared too: every Jacobian entry is squared."),
        Mistake(lambda X, W, b: (_sig(X, W, b) * (1 - _sig(X, W, b))) ** 2
                @ np.sum(np.abs(W), axis=1),
                "the weights must be squared as well: the row norm is sum_i W_ji^2, not "
                "sum_i |W_ji|."),
        Mistake(lambda X, W, b: _sig(X, W, b) ** 2 @ np.sum(W**2, axis=1),
                "the derivative of the sigmoid is h (1 - h), not h."),
        Mistake(lambda X, W, b: np.full(len(X), np.sum(W**2)),
                "that is the weight-decay term |W|^2: the contractive penalty also weighs each "
                "row by the sigmoid's slope h (1 - h) at the sample."),
    ),
))


# --- vae_kl -----------------------------------------------------------------------------------
def _kl_case(rng: np.random.Generator) -> dict:
    n, k = int(rng.integers(1, 6)), int(rng.integers(2, 5))
    return {"mu": rng.normal(size=(n, k)).round(2),
            "logvar": rng.normal(scale=0.8, size=(n, k)).round(2)}


def _kl_solution(mu, logvar):
    # KL(N(mu, sigma^2) || N(0, 1)) summed over the code dimensions, sigma^2 = exp(logvar)
    return 0.5 * np.sum(mu**2 + np.exp(logvar) - 1 - logvar, axis=1)


register(Exercise(
    name="vae_kl",
    lesson=LESSON,
    reference=ref_ae.gaussian_kl,
    make_case=_kl_case,
    solution=_kl_solution,
    hints=(
        "For one dimension, KL(N(mu, s^2) || N(0, 1)) = (mu^2 + s^2 - 1 - log s^2) / 2.",
        "logvar is log s^2, so s^2 = exp(logvar) and log s^2 = logvar. Sum over the code "
        "dimensions (axis=1): one number per sample.",
    ),
    mistakes=(
        Mistake(lambda mu, logvar: 0.5 * np.mean(mu**2 + np.exp(logvar) - 1 - logvar, axis=1),
                "sum over the code dimensions, do not average: the KL of independent "
                "dimensions adds up."),
        Mistake(lambda mu, logvar: 0.5 * np.sum(mu**2 + np.exp(0.5 * logvar) - 1 - 0.5 * logvar,
                                                axis=1),
                "exp(logvar / 2) is the standard deviation; the formula needs the variance "
                "exp(logvar)."),
        Mistake(lambda mu, logvar: np.sum(mu**2 + np.exp(logvar) - 1 - logvar, axis=1),
                "the factor 1/2 is missing."),
        Mistake(lambda mu, logvar: 0.5 * np.sum(-mu**2 + np.exp(logvar) - 1 - logvar, axis=1),
                "sign error: the mean adds +mu^2 (moving away from 0 costs)."),
    ),
))


# --- nearest_class_mean (lesson 08b) ----------------------------------------------------------
def _ncm_reference(Z_support, y_support, Z_query):
    classes = np.unique(y_support)
    means = np.stack([Z_support[y_support == c].mean(axis=0) for c in classes])
    d2 = np.sum((Z_query[:, None, :] - means[None]) ** 2, axis=2)
    return classes[np.argmin(d2, axis=1)]


def _ncm_case(rng: np.random.Generator) -> dict:
    n_classes, shots = int(rng.integers(2, 5)), int(rng.integers(2, 4))
    dim = int(rng.integers(2, 5))
    labels = rng.choice(np.arange(10), n_classes, replace=False)
    centres = rng.normal(scale=2.0, size=(n_classes, dim))
    y_support = np.repeat(labels, shots)
    Z_support = centres[np.repeat(np.arange(n_classes), shots)] + rng.normal(size=(len(y_support),
                                                                                    dim))
    Z_query = rng.normal(scale=2.0, size=(int(rng.integers(3, 12)), dim))
    return {"Z_support": Z_support.round(2), "y_support": y_support, "Z_query": Z_query.round(2)}


def _ncm_solution(Z_support, y_support, Z_query):
    classes = np.unique(y_support)
    means = np.stack([Z_support[y_support == c].mean(axis=0) for c in classes])  # (c, dim)
    d2 = ((Z_query[:, None, :] - means[None, :, :]) ** 2).sum(axis=2)            # (q, c)
    return classes[d2.argmin(axis=1)]


def _nearest_example(Z_support, y_support, Z_query):
    d2 = np.sum((Z_query[:, None, :] - Z_support[None]) ** 2, axis=2)
    return y_support[np.argmin(d2, axis=1)]


def _ncm_index(Z_support, y_support, Z_query):
    classes = np.unique(y_support)
    means = np.stack([Z_support[y_support == c].mean(axis=0) for c in classes])
    return np.argmin(np.sum((Z_query[:, None, :] - means[None]) ** 2, axis=2), axis=1)


def _ncm_farthest(Z_support, y_support, Z_query):
    classes = np.unique(y_support)
    means = np.stack([Z_support[y_support == c].mean(axis=0) for c in classes])
    return classes[np.argmax(np.sum((Z_query[:, None, :] - means[None]) ** 2, axis=2), axis=1)]


register(Exercise(
    name="nearest_class_mean",
    lesson="08b_representation_learning",
    reference=_ncm_reference,
    make_case=_ncm_case,
    solution=_ncm_solution,
    hints=(
        "Compute one mean vector per class from the support set, then give each query the label "
        "of the closest mean (squared Euclidean distance).",
        "Broadcasting: Z_query[:, None, :] - means[None, :, :] has shape (n_query, n_classes, "
        "dim); sum the squares over the last axis and take argmin over the classes.",
        "Return class *labels* (np.unique(y_support)[index]), not positions.",
    ),
    mistakes=(
        Mistake(_nearest_example,
                "you used the nearest single support example (1-nearest-neighbour), not the "
                "nearest class mean: average the examples of each class first."),
        Mistake(_ncm_index,
                "you returned the position of the closest mean; map it to the class label with "
                "np.unique(y_support)[position]."),
        Mistake(_ncm_farthest, "argmax picks the farthest mean; the nearest is argmin."),
    ),
))
