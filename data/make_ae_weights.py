"""Train the models that lessons 08 and 08b load instead of training them (too slow there).

Run from the repository root:  OMP_NUM_THREADS=1 .venv/bin/python data/make_ae_weights.py
Then append the SHA-256 of the written files to data/MANIFEST.sha256. Writes

- data/ae_digits.pt      linear and deep AEs for each code size (widget, error curves), the
                         anomaly-detector AE trained without one digit class;
- data/ae_regularised.pt denoising, overcomplete, sparse, contractive, VAE (with and without
                         KL, and the squared-error control) with a table over 10 seeds,
                         S-curve AEs; ``vae`` retrains only the VAE entries of this file;
- data/ae_pretrain.pt    08b: greedy-pretrained layers, the embedding net trained on digits
                         0-4, and the few-label table (all seeds) that the notebook spot-checks;
                         ``table`` recomputes only that table from the shipped layers.

Everything is seeded; weights are stored as float32 tensors (``torch.load(weights_only=True)``).
Takes a few minutes on one CPU core.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from course_lib import autoencoders as ae  # noqa: E402
from course_lib import representation as rep  # noqa: E402

DATA = ROOT / "data"
KS = [1, 2, 3, 4, 6, 8, 12, 16]
DEEP = {"hidden": (64, 32), "output": "sigmoid"}
ANOMALY_CLASS = 7
LABELS_PER_CLASS = [10, 50, 100]
SEEDS = range(30)
FT_STEPS = 150
VAE_SEEDS = list(range(4, 14))     # 10 seeds; the first one's models are shipped
VAE_EPOCHS = 300


def f32(state):
    return {k: (v.float() if torch.is_tensor(v) else v) for k, v in state.items()}


def packed(model):
    p = ae.pack(model)
    p["state"] = f32(p["state"])
    return p


def digits_file(X_train, y_train):
    out = {"ks": torch.tensor(KS)}
    for k in KS:
        t0 = time.perf_counter()
        lin = ae.train_linear_ae(X_train, k, n_steps=2000, lr=0.01, record_every=2000)
        out[f"linear_k{k}"] = {"W_enc": torch.tensor(lin.W_enc, dtype=torch.float32),
                               "W_dec": torch.tensor(lin.W_dec, dtype=torch.float32),
                               "mean": torch.tensor(lin.mean, dtype=torch.float32)}
        model = ae.Autoencoder(64, k, random_state=k, **DEEP)
        h = ae.train_autoencoder(model, X_train, n_epochs=150, lr=0.003, batch_size=128,
                                 random_state=k)
        out[f"deep_k{k}"] = packed(model)
        print(f"k={k}: deep loss {h['loss'][-1]:.4f} ({time.perf_counter() - t0:.0f} s)",
              flush=True)
    normal = X_train[y_train != ANOMALY_CLASS]
    model = ae.Autoencoder(64, 8, random_state=0, **DEEP)
    ae.train_autoencoder(model, normal, n_epochs=150, lr=0.003, batch_size=128, random_state=0)
    out["anomaly"] = packed(model)
    out["anomaly_class"] = ANOMALY_CLASS
    torch.save(out, DATA / "ae_digits.pt")


def regularised_file(X_train):
    from sklearn.datasets import make_s_curve

    out = {}
    kw = {"n_epochs": 120, "lr": 0.003, "batch_size": 128}
    for name, noise, level in [("plain32", "none", 0.0), ("dae_mask", "mask", 0.3),
                               ("dae_gauss", "gaussian", 0.25)]:
        model = ae.Autoencoder(64, 32, hidden=(64,), output="sigmoid", random_state=1)
        ae.train_autoencoder(model, X_train, noise=noise, noise_level=level, random_state=1, **kw)
        out[name] = packed(model)
        print(name, flush=True)
    over = {"code_activation": "sigmoid", "random_state": 2}
    for name, extra in [("over_plain", {}), ("over_dae", {"noise": "mask", "noise_level": 0.3}),
                        ("over_sparse", {"sparsity": "kl", "sparsity_weight": 0.02,
                                         "target_rho": 0.05})]:
        model = ae.Autoencoder(64, 128, **over)
        ae.train_autoencoder(model, X_train, random_state=2, **kw, **extra)
        out[name] = packed(model)
        print(name, flush=True)
    for name, lam in [("cae_0", 0.0), ("cae", 1e-3)]:
        model = ae.Autoencoder(64, 32, code_activation="sigmoid", output="sigmoid",
                               random_state=3)
        ae.train_autoencoder(model, X_train, contractive_weight=lam, random_state=3, **kw)
        out[name] = packed(model)
        print(name, flush=True)
    out.update(vae_entries(X_train))
    S, _ = make_s_curve(1500, noise=0.02, random_state=0)
    for name, noise in [("scurve_ae", "none"), ("scurve_dae", "gaussian")]:
        model = ae.Autoencoder(3, 2, hidden=(64, 64), activation="tanh", random_state=5)
        ae.train_autoencoder(model, S, n_epochs=300, lr=0.003, batch_size=128, noise=noise,
                             noise_level=0.2, random_state=5)
        out[name] = packed(model)
        print(name, flush=True)
    torch.save(out, DATA / "ae_regularised.pt")


def vae_entries(X_train):
    """The 2-D VAEs of lesson 08, section 6, and their table over VAE_SEEDS.

    Bernoulli likelihood (binary cross-entropy, pixels in [0, 1]) with and without the KL term;
    ``vae_squared`` is the earlier recipe (summed squared error, a Gaussian decoder of variance
    1/2), kept as the control that shows why the likelihood matters. Each row of ``vae_table``:
    likelihood (0 bernoulli, 1 squared), beta, seed, mean KL of the test codes, test MSE (decoded
    from the mean code), and for 1000 decoded prior draws: the mean top probability of a logistic
    regression trained on the real training digits, the median distance to the nearest training
    digit, and how many digit classes get at least 2% of the draws.
    """
    from sklearn.linear_model import LogisticRegression

    _, X_test, y_train, _ = ae.load_digits_split()
    judge = LogisticRegression(max_iter=3000).fit(X_train, y_train)
    out, table = {}, []
    for lik_id, lik, beta in [(0, "bernoulli", 1.0), (0, "bernoulli", 0.0), (1, "squared", 1.0)]:
        for seed in VAE_SEEDS:
            model = ae.VAE(64, 2, hidden=64, random_state=seed)
            ae.train_vae(model, X_train, beta=beta, likelihood=lik, n_epochs=VAE_EPOCHS, lr=0.003,
                         random_state=seed)
            model.eval()
            with torch.no_grad():
                mu, logvar = (t.numpy() for t in model.encoder(ae._tensor(X_test)))
                mse = float(np.mean((model.decoder(ae._tensor(mu)).numpy() - X_test) ** 2))
            scores = ae.judge_samples(ae.decode_prior(model, 1000, random_state=0), judge, X_train)
            table.append([lik_id, beta, seed, float(ae.gaussian_kl(mu, logvar).mean()), mse,
                          scores["confidence"], scores["nearest"],
                          int(np.sum(scores["counts"] >= 20))])
            if seed == VAE_SEEDS[0]:
                name = {(0, 1.0): "vae_kl", (0, 0.0): "vae_nokl", (1, 1.0): "vae_squared"}
                out[name[lik_id, beta]] = packed(model)
            print(lik, beta, seed, [round(v, 3) for v in table[-1][3:]], flush=True)
    out["vae_table"] = torch.tensor(table, dtype=torch.float64)
    return out


def patch_vae():
    """Retrain only the VAE entries of ae_regularised.pt; every other model stays as shipped."""
    X_train = ae.load_digits_split()[0]
    out = torch.load(DATA / "ae_regularised.pt", weights_only=True)
    out.update(vae_entries(X_train))
    torch.save(out, DATA / "ae_regularised.pt")


def few_label_table(out, X_train, X_test, y_train, y_test):
    """Rows (labels per class, seed, pretrained 0/1, test accuracy) for every setting."""
    layers = [{k: v.double().numpy() for k, v in out[f"layer{i}"].items()} for i in range(2)]
    table = []
    for n in LABELS_PER_CLASS:
        for seed in SEEDS:
            idx = rep.few_label_subset(y_train, n, random_state=seed)
            for init in ("random", "pretrained"):
                net = rep.make_classifier((64, 32, 16), 10, random_state=seed,
                                          pretrained=layers if init == "pretrained" else None)
                rep.fine_tune(net, X_train[idx], y_train[idx], n_steps=FT_STEPS, lr=0.01)
                acc = float(np.mean(rep.predict(net, X_test) == y_test))
                table.append([n, seed, int(init == "pretrained"), acc])
        print("labels", n, flush=True)
    return torch.tensor(table, dtype=torch.float64)


def pretrain_file(X_train, X_test, y_train, y_test):
    out = {}
    layers = rep.greedy_pretrain(X_train, (64, 32, 16), n_epochs=80, lr=0.01, random_state=0)
    for i, layer in enumerate(layers):
        out[f"layer{i}"] = {k: torch.tensor(v, dtype=torch.float32) for k, v in layer.items()}
    out["few_label_table"] = few_label_table(out, X_train, X_test, y_train, y_test)
    seen = y_train < 5
    net = rep.make_classifier((64, 32, 16), 5, random_state=0)
    rep.fine_tune(net, X_train[seen], y_train[seen], n_steps=400, lr=0.01)
    out["embed_0to4"] = {k: v.float() for k, v in net.state_dict().items()}
    torch.save(out, DATA / "ae_pretrain.pt")


def patch_table():
    """Recompute only the few-label table of ae_pretrain.pt, from its shipped layers."""
    X_train, X_test, y_train, y_test = ae.load_digits_split()
    out = torch.load(DATA / "ae_pretrain.pt", weights_only=True)
    out["few_label_table"] = few_label_table(out, X_train, X_test, y_train, y_test)
    torch.save(out, DATA / "ae_pretrain.pt")


def main(which=("digits", "regularised", "pretrain")):
    X_train, X_test, y_train, y_test = ae.load_digits_split()
    if "digits" in which:
        digits_file(X_train, y_train)
    if "regularised" in which:
        regularised_file(X_train)
    if "pretrain" in which:
        pretrain_file(X_train, X_test, y_train, y_test)
    if "vae" in which:
        patch_vae()
    if "table" in which:
        patch_table()


if __name__ == "__main__":
    main(tuple(sys.argv[1:]) or ("digits", "regularised", "pretrain"))
