"""Rebuild the models of lesson 10 (``data/adv_*.pt``) from scikit-learn's digits.

Run from the repository root::

    OMP_NUM_THREADS=1 .venv/bin/python data/make_adversarial_models.py

then update the checksums (``cd data && sha256sum adv_*.pt``, replace the lines in
MANIFEST.sha256). Every model is trained by :func:`course_lib.adversarial.train_classifier`
on the same seeded split (``load_digit_images(random_state=0)``, 1257 training images) with
Adam, batch 64, seed 0 (40 epochs at rate 3e-3; the two temperature-100 models 100 epochs at
rate 0.01); the state_dicts are saved in float32. About a minute on one core.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from course_lib import adversarial as adv  # noqa: E402

EPOCHS = 40
EPS_TRAIN = 0.1
T = 100.0


def main() -> None:
    d = adv.load_digit_images(random_state=0)
    models = {}

    def fit(name, model, epochs=EPOCHS, **kw):
        t0 = time.perf_counter()
        models[name] = adv.train_classifier(model, d.X_train, d.y_train, epochs=epochs,
                                            random_state=0, **kw)
        acc = adv.accuracy(models[name], d.X_test, d.y_test)
        print(f"{name:<20} test accuracy {acc:.3f}  ({time.perf_counter() - t0:.1f} s)")

    fit("mlp", adv.make_mlp())
    fit("cnn", adv.make_cnn())
    fit("mlp_fgsm", adv.make_mlp(), adversary="fgsm", eps=EPS_TRAIN)
    fit("mlp_pgd", adv.make_mlp(), adversary="pgd", eps=EPS_TRAIN, steps=7)
    # at T = 100 the logits must grow 100 times larger: a larger rate and more epochs
    fit("mlp_teacher_T100", adv.make_mlp(), epochs=100, lr=0.01, temperature=T)
    soft = adv.predict_proba(models["mlp_teacher_T100"], d.X_train, temperature=T)
    fit("mlp_distilled_T100", adv.make_mlp(), epochs=100, lr=0.01, soft_targets=soft,
        temperature=T)
    for name, model in models.items():
        assert name in adv.MODEL_NAMES
        torch.save(model.state_dict(), ROOT / "data" / f"adv_{name}.pt")


if __name__ == "__main__":
    main()
