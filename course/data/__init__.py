"""The data sets of the course, shipped inside the `course` package: nothing is ever downloaded.

`load_pima()` reads the Pima Indians diabetes data and `load_digits()` the UCI handwritten
digits (see PROVENANCE.md next to the files); each checks that its file is the published one
(its SHA-256 checksum) and returns it as numpy arrays.
"""

import gzip
import hashlib
import io
from importlib import resources

import numpy as np

PIMA_FILE = "pima-indians-diabetes.csv"
PIMA_SHA256 = "bf81d06e0c0512662862248241ab46d7c29258c6ceaad32f3cab56b52a17fdab"
PIMA_SHAPE = (768, 8)

DIGITS_FILE = "digits.csv.gz"
DIGITS_SHA256 = "09f66e6debdee2cd2b5ae59e0d6abbb73fc2b0e0185d2e1957e9ebb51e23aa22"
DIGITS_SHAPE = (1797, 64)


class DataFileError(RuntimeError):
    """A data file of the course package is missing or is not the published file."""


def _data_file(name):
    """The file `name` inside this package, wherever the package is installed."""
    return resources.files(__name__).joinpath(name)


def _read_verified(name, sha256):
    """The bytes of the packaged file `name`, after checking its SHA-256 checksum."""
    path = _data_file(name)
    try:
        content = path.read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        raise DataFileError(
            f"The data file {name} is missing from the installed course package "
            f"(looked for {path}). "
            "It ships with the package and is never downloaded: reinstall the course package "
            "(e.g. `pip install --force-reinstall .` from a clone of the repository), or restore "
            f"course/data/{name} from the repository."
        ) from None
    found = hashlib.sha256(content).hexdigest()
    if found != sha256:
        raise DataFileError(
            f"The data file {path} has been altered: its SHA-256 checksum is {found}, but the "
            f"published file's is {sha256}. Results computed from it would not match the course. "
            f"Restore the original course/data/{name} from the repository (or reinstall the "
            "course package) instead of editing it; to explore changes, work on a copy in your "
            "notebook."
        )
    return content


def load_pima():
    """The Pima Indians diabetes data: `(X, y, feature_names)`.

    `X` is a float array of shape (768, 8), one row per patient; `y` the 0/1 outcome (1: diabetes
    within five years), an integer array of shape (768,); `feature_names` the 8 column names of
    the file's header. Zeros in Glucose, BloodPressure, SkinThickness, Insulin and BMI are
    missing measurements, left as they are in the file.
    """
    content = _read_verified(PIMA_FILE, PIMA_SHA256)
    text = content.decode("utf-8")
    header, _, body = text.partition("\n")
    names = [name.strip() for name in header.split(",")]
    table = np.loadtxt(io.StringIO(body), delimiter=",", dtype=float, ndmin=2)
    X, y = table[:, :-1], table[:, -1]
    if X.shape != PIMA_SHAPE or names[-1] != "Outcome" or not np.isin(y, (0, 1)).all():
        raise DataFileError(
            f"{PIMA_FILE} does not have the expected layout: 768 rows, 8 "
            "attributes and a 0/1 Outcome column."
        )
    return X, y.astype(np.int64), names[:-1]


def load_digits():
    """The UCI "Optical Recognition of Handwritten Digits" test set: `(X, y)`.

    `X` is a float array of shape (1797, 64), one row per digit: its 8x8 image read row by row
    (`X[i].reshape(8, 8)` shows it), each pixel a count of inked cells from 0 to 16; `y` the
    digit drawn, an integer array of shape (1797,) with labels 0 to 9.
    """
    content = _read_verified(DIGITS_FILE, DIGITS_SHA256)
    text = gzip.decompress(content).decode("ascii")
    table = np.loadtxt(io.StringIO(text), delimiter=",", dtype=float, ndmin=2)
    X, y = table[:, :-1], table[:, -1]
    if X.shape != DIGITS_SHAPE or not np.isin(y, np.arange(10)).all():
        raise DataFileError(
            f"{DIGITS_FILE} does not have the expected layout: 1797 rows, 64 pixel "
            "columns and a label column of digits 0 to 9."
        )
    return X, y.astype(np.int64)
