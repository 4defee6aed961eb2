"""`course.data.load_pima` and `load_digits`: the data as the course promises them — the published
files, read from the installed package, checked by their checksums, never downloaded."""

import gzip
import hashlib
import json
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import course.data
from course.data import DataFileError, load_digits, load_pima
from tests.support import ROOT
from tests.wheels import install_alone, run_code, site_packages

DATA = ROOT / "course" / "data"
NAMES = [
    "Pregnancies",
    "Glucose",
    "BloodPressure",
    "SkinThickness",
    "Insulin",
    "BMI",
    "DiabetesPedigreeFunction",
    "Age",
]


def provenance_statistics():
    """{name: (mean, population std)} as PROVENANCE.md states them, to two decimals."""
    text = (DATA / "PROVENANCE.md").read_text()
    pairs = re.findall(r"(\w+) (\d+\.\d\d)/(\d+\.\d\d)", text)
    return {name: (float(mean), float(std)) for name, mean, std in pairs}


def test_shapes_and_dtypes():
    X, y, names = load_pima()
    assert X.shape == (768, 8) and X.dtype == np.float64
    assert y.shape == (768,) and y.dtype.kind == "i"
    assert set(np.unique(y)) == {0, 1}
    assert np.all(np.isfinite(X))


def test_class_counts_are_500_and_268():
    _, y, _ = load_pima()
    assert np.bincount(y).tolist() == [500, 268]


def test_feature_names_come_from_the_header():
    _, _, names = load_pima()
    assert names == NAMES


def test_first_row_is_the_uci_first_row():
    X, y, _ = load_pima()
    assert X[0].tolist() == [6, 148, 72, 35, 0, 33.6, 0.627, 50] and y[0] == 1


def test_column_means_and_stds_are_those_of_the_provenance():
    X, _, names = load_pima()
    stated = provenance_statistics()
    assert sorted(stated) == sorted(NAMES), (
        "PROVENANCE.md should state a mean/std for every attribute"
    )
    for j, name in enumerate(names):
        mean, std = stated[name]
        assert round(X[:, j].mean(), 2) == mean, name
        assert round(X[:, j].std(), 2) == std, name  # population std (ddof=0)


def test_the_checksum_is_the_provenance_s_and_the_file_s():
    assert course.data.PIMA_SHA256 in (DATA / "PROVENANCE.md").read_text()
    assert (
        hashlib.sha256((DATA / course.data.PIMA_FILE).read_bytes()).hexdigest()
        == course.data.PIMA_SHA256
    )


def test_every_call_returns_fresh_arrays():
    X, y, names = load_pima()
    X[:] = 0
    y[:] = 0
    names.clear()
    X2, y2, names2 = load_pima()
    assert X2[0, 1] == 148 and y2.sum() == 268 and names2 == NAMES


def test_it_never_touches_the_network(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("load_pima opened a network connection")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    assert load_pima()[0].shape == (768, 8)


def test_an_altered_copy_is_refused_with_what_happened_and_what_to_do(monkeypatch, tmp_path):
    altered = tmp_path / course.data.PIMA_FILE
    altered.write_bytes((DATA / course.data.PIMA_FILE).read_bytes().replace(b"148", b"149", 1))
    monkeypatch.setattr(course.data, "_data_file", lambda name: altered)
    with pytest.raises(DataFileError) as raised:
        load_pima()
    message = str(raised.value)
    assert "altered" in message and "checksum" in message
    assert "Restore" in message and "reinstall" in message
    assert course.data.PIMA_SHA256 in message


def test_a_wrong_checksum_is_refused(monkeypatch):
    monkeypatch.setattr(course.data, "PIMA_SHA256", "0" * 64)
    with pytest.raises(DataFileError, match="altered"):
        load_pima()


def test_a_missing_file_is_refused_with_what_to_do(monkeypatch, tmp_path):
    monkeypatch.setattr(course.data, "_data_file", lambda name: tmp_path / name)
    with pytest.raises(DataFileError) as raised:
        load_pima()
    message = str(raised.value)
    assert "missing" in message and "never downloaded" in message and "reinstall" in message


# ------------------------------------------------------------------------------- the digits
def provenance_digit_counts():
    """The per-digit row counts that PROVENANCE.md states for the digits file."""
    text = (DATA / "PROVENANCE.md").read_text()
    (counts,) = re.findall(r"per digit 0 to 9: ([\d, ]+)", text)
    return [int(count) for count in counts.split(",")]


def test_digits_are_1797_images_of_64_pixels_from_0_to_16():
    X, y = load_digits()
    assert X.shape == (1797, 64) and X.dtype == np.float64
    assert y.shape == (1797,) and y.dtype.kind == "i"
    assert X.min() == 0 and X.max() == 16 and np.array_equal(X, np.round(X))


def test_digit_counts_are_those_of_the_provenance_and_every_digit_is_there():
    _, y = load_digits()
    assert np.bincount(y).tolist() == provenance_digit_counts()
    assert len(provenance_digit_counts()) == 10


def test_the_first_digit_is_a_zero_with_the_uci_first_row():
    X, y = load_digits()
    image = X[0].reshape(8, 8)
    assert y[0] == 0
    assert image[0].tolist() == [0, 0, 5, 13, 9, 1, 0, 0]
    assert image[:, 0].sum() == 0  # a zero, drawn away from the left edge


def test_the_digits_checksum_is_the_provenance_s_and_the_file_s():
    assert course.data.DIGITS_SHA256 in (DATA / "PROVENANCE.md").read_text()
    assert (
        hashlib.sha256((DATA / course.data.DIGITS_FILE).read_bytes()).hexdigest()
        == course.data.DIGITS_SHA256
    )


def test_load_digits_returns_fresh_arrays_and_never_touches_the_network(monkeypatch):
    X, y = load_digits()
    X[:] = -1
    y[:] = -1

    def no_network(*args, **kwargs):
        raise AssertionError("load_digits opened a network connection")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    X2, y2 = load_digits()
    assert X2.min() == 0 and y2.min() == 0


def test_an_altered_digits_file_is_refused_with_what_to_do(monkeypatch, tmp_path):
    original = gzip.decompress((DATA / course.data.DIGITS_FILE).read_bytes())
    altered = tmp_path / course.data.DIGITS_FILE
    altered.write_bytes(gzip.compress(original.replace(b"0,0,5,13", b"0,0,6,13", 1)))
    monkeypatch.setattr(course.data, "_data_file", lambda name: altered)
    with pytest.raises(DataFileError) as raised:
        load_digits()
    message = str(raised.value)
    assert "altered" in message and "Restore" in message
    assert course.data.DIGITS_SHA256 in message


def test_a_missing_digits_file_is_refused_with_what_to_do(monkeypatch, tmp_path):
    monkeypatch.setattr(course.data, "_data_file", lambda name: tmp_path / name)
    with pytest.raises(DataFileError, match="missing.*digits.csv.gz|digits.csv.gz.*missing"):
        load_digits()


# ------------------------------------------------------------------- from an installed wheel
CHECK = """
import json, course, course.data
X, y, names = course.data.load_pima()
X_digits, y_digits = course.data.load_digits()
print(json.dumps({"course": course.__file__, "shape": list(X.shape), "dtype": str(X.dtype),
                  "counts": [int(c) for c in __import__("numpy").bincount(y)], "names": names,
                  "digits": list(X_digits.shape)}))
"""


def test_the_data_load_from_an_installed_wheel_without_the_repository(tmp_path):
    """Build the project's wheel, install it alone into a fresh venv, and load the data there.

    The wheel is built from a copy of the project (pip builds in place and would leave `build/`
    in the repository), the copy is deleted before the check, and the check runs outside the
    repository, in a fresh venv holding the wheel alone (tests.wheels.install_alone).
    """
    project = tmp_path / "project"
    project.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, project)
    for package in ("course", "grading_tools"):
        shutil.copytree(
            ROOT / package, project / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    wheels = tmp_path / "wheels"
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--retries",
            "0",
            "--timeout",
            "15",
            "-q",
            "-w",
            str(wheels),
            str(project),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if built.returncode != 0:
        pytest.skip(
            "cannot build the wheel here (offline, and setuptools>=77 is not available to "
            f"pip's isolated build): {built.stderr.strip().splitlines()[-1:]}"
        )
    (wheel,) = wheels.glob("nn_course-*.whl")
    shutil.rmtree(project)

    python = install_alone(wheel, tmp_path)
    site = site_packages(python)
    run = run_code(python, CHECK, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout)
    assert Path(found["course"]).is_relative_to(site), f"course was imported from {found['course']}"
    assert found["shape"] == [768, 8] and found["dtype"] == "float64"
    assert found["counts"] == [500, 268] and found["names"] == NAMES
    assert found["digits"] == [1797, 64]
