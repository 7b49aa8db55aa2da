"""Every file shipped in data/ is listed in data/MANIFEST.sha256 with its SHA-256 (issue 7).

A notebook or helper that loads ``data/x`` therefore loads exactly the committed bytes, and
a file added without a manifest line (or changed without updating it) fails here.
"""

import hashlib
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
NOT_LISTED = {"MANIFEST.sha256", "README.md"}  # the manifest itself; documentation
LINE = re.compile(r"([0-9a-f]{64}) [ *](\S.*)")


def manifest(data: Path) -> dict[str, str]:
    entries = {}
    for n, raw in enumerate((data / "MANIFEST.sha256").read_text().splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        m = LINE.fullmatch(line)
        assert m, f"MANIFEST.sha256 line {n}: {raw!r} is not '<sha256>  <path>'"
        digest, name = m.groups()
        assert name not in entries, f"MANIFEST.sha256 lists {name} twice"
        entries[name] = digest
    return entries


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def problems(data: Path) -> list[str]:
    """What is wrong between ``data``'s files and its manifest (empty when all is well)."""
    listed = manifest(data)
    shipped = sorted(p.relative_to(data).as_posix() for p in data.rglob("*")
                     if p.is_file() and p.name not in NOT_LISTED
                     and "__pycache__" not in p.parts)
    found = [f"{name}: in data/ but not in MANIFEST.sha256 "
             f"(cd data && sha256sum {name} >> MANIFEST.sha256)"
             for name in shipped if name not in listed]
    for name, digest in listed.items():
        path = data / name
        if not path.is_file():
            found.append(f"{name}: listed in MANIFEST.sha256 but missing from data/")
        elif sha256(path) != digest:
            found.append(f"{name}: changed, SHA-256 {sha256(path)}, the manifest says {digest}")
    return found


def test_data_files_match_the_manifest():
    assert not problems(DATA)


def test_the_check_catches_unlisted_changed_and_missing_files(tmp_path):
    (tmp_path / "points.csv").write_bytes(b"x,y\n1,2\n")
    (tmp_path / "README.md").write_text("provenance")
    listed = hashlib.sha256(b"x,y\n1,2\n").hexdigest()
    (tmp_path / "MANIFEST.sha256").write_text(f"# header\n{listed}  points.csv\n")
    assert problems(tmp_path) == []
    (tmp_path / "extra.npz").write_bytes(b"\0")
    (tmp_path / "points.csv").write_bytes(b"x,y\n1,3\n")
    (tmp_path / "MANIFEST.sha256").write_text(f"{listed}  points.csv\n{listed}  gone.pt\n")
    found = " | ".join(problems(tmp_path))
    assert "extra.npz: in data/ but not" in found
    assert "points.csv: changed" in found
    assert "gone.pt: listed" in found
