"""The similarity check: copies found whatever their names and layout, common code left alone."""

import random
import time

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

from grading_tools import similarity

A = "01_demo"
STUB = '''def layer(X, W, b):
    """One layer: X @ W.T + b, then a scaled tanh clipped at 3.5."""
    X, W, b = np.asarray(X, dtype=float), np.asarray(W, dtype=float), np.asarray(b, dtype=float)
    Z = None  # the pre-activation, one row per sample
    scale = None  # the root mean square of each column of Z
    out = None  # tanh(Z / scale) * scale
    # YOUR CODE HERE
    raise NotImplementedError("write layer above (replace this line), then run this cell")
'''
REFERENCE = '''def layer(X, W, b):
    """One layer: X @ W.T + b, then a scaled tanh clipped at 3.5."""
    Z = X @ W.T + b
    scale = np.sqrt((Z**2).mean(axis=0, keepdims=True)) + 1e-12
    out = np.tanh(Z / scale) * scale
    return np.clip(out, -3.5, 3.5)
'''
OWN = """def layer(X, W, b):
    Z = np.einsum("ij,kj->ik", X, W) + np.reshape(b, (1, -1))
    rms = np.linalg.norm(Z, axis=0) / np.sqrt(len(Z)) + 1e-12
    squashed = [np.tanh(column / r) * r for column, r in zip(Z.T, rms)]
    return np.minimum(np.maximum(np.array(squashed).T, -3.5), 3.5)
"""
OWN_COPIED = """def layer(inputs, weights, bias):
    # my own work
    z = np.einsum('ij,kj->ik', inputs, weights)+np.reshape(bias,(1,-1))
    norms = np.linalg.norm(z, axis = 0)/np.sqrt(len(z)) + 1e-12

    cols = [np.tanh(c/n)*n for c, n in zip(z.T, norms)]
    return np.minimum(np.maximum(np.array(cols).T, -3.5), 3.5)
"""
OTHER = """def layer(X, W, b):
    out = np.empty((X.shape[0], W.shape[0]))
    for i in range(X.shape[0]):
        for j in range(W.shape[0]):
            out[i, j] = np.dot(X[i], W[j]) + b[j]
    r = np.sqrt(np.mean(out * out, axis=0)) + 1e-12
    return np.clip(r * np.tanh(out / r), -3.5, 3.5)
"""
SIGMOID_TANH = "def sigmoid(z):\n    return 0.5 * (1 + np.tanh(0.5 * np.asarray(z, dtype=float)))\n"
SIGMOID_ERRSTATE = """def sigmoid(z):
    with np.errstate(over="ignore"):
        return 1 / (1 + np.exp(-np.asarray(z, dtype=float)))
"""


def solution(grade_id, source):
    cell = new_code_cell(source)
    cell.metadata["nbgrader"] = {"solution": True, "grade": False, "grade_id": grade_id}
    return cell


def course(root, submissions, stub=STUB, reference=REFERENCE):
    """A course folder with release/ and source/ notebooks of `layer` and each student's
    autograded notebook, from {student: {function: source}}."""
    for folder, source in (("release", stub), ("source", reference)):
        path = root / folder / A / f"{A}.ipynb"
        path.parent.mkdir(parents=True)
        nbformat.write(new_notebook(cells=[solution("layer", source)]), str(path))
    for student, cells in submissions.items():
        path = root / "autograded" / student / A / f"{A}.ipynb"
        path.parent.mkdir(parents=True)
        cells = [solution(name, source) for name, source in cells.items()]
        nbformat.write(new_notebook(cells=[new_code_cell("import numpy as np"), *cells]), str(path))
    return root


def pairs(root):
    return [p.students for p in similarity.find(root, [A]).pairs]


def test_renaming_reformatting_and_comments_leave_the_same_code():
    assert similarity.normalise(OWN) == similarity.normalise(OWN_COPIED)
    assert similarity.normalise(OWN) != similarity.normalise(OTHER)


def test_a_renamed_and_reformatted_copy_is_flagged_with_both_cells(tmp_path):
    root = course(
        tmp_path, {"ann": {"layer": OWN}, "bob": {"layer": OWN_COPIED}, "cat": {"layer": OTHER}}
    )
    result = similarity.find(root, [A])
    assert [p.students for p in result.pairs] == [("ann", "bob")]
    (match,) = result.pairs[0].matches
    assert (match.assignment, match.function, match.ratio) == (A, "layer", 1.0)
    assert match.sources == (OWN, OWN_COPIED)


def test_a_copy_with_a_line_changed_is_flagged_as_nearly_the_same(tmp_path):
    edited = OWN_COPIED.replace("+ 1e-12", "+ 1e-9")
    root = course(tmp_path, {"ann": {"layer": OWN}, "bob": {"layer": edited}})
    (pair,) = similarity.find(root, [A]).pairs
    assert similarity.NEAR <= pair.matches[0].ratio < 1


def test_two_independent_correct_solutions_of_a_short_function_are_not_flagged(tmp_path):
    one_liner = "def sigmoid(z):\n    return 1/(1+np.exp(-z))\n"
    root = course(
        tmp_path,
        {
            "ann": {"sigmoid": SIGMOID_TANH},
            "bob": {"sigmoid": SIGMOID_ERRSTATE},
            "cat": {"sigmoid": one_liner},
            "dan": {"sigmoid": one_liner.replace("z", "x")},  # the same, and too short to tell
        },
    )
    assert pairs(root) == []


def test_the_untouched_release_stub_and_the_reference_are_not_flagged(tmp_path):
    assert len(similarity.normalise(STUB)) >= similarity.MIN_TOKENS  # long enough to count
    renamed_reference = REFERENCE.replace("scale", "s").replace("Z", "pre")
    root = course(
        tmp_path,
        {
            "ann": {"layer": STUB},
            "bob": {"layer": STUB},
            "cat": {"layer": REFERENCE},
            "dan": {"layer": renamed_reference},
            "eve": {"layer": REFERENCE.replace("1e-12", "1e-10")},
        },
    )
    assert pairs(root) == []


def test_code_many_students_share_is_common_not_a_lead(tmp_path):
    class_of_ten = {f"s{i}": {"layer": OTHER} for i in range(similarity.MAX_SHARED + 1)}
    class_of_ten |= {f"t{i}": {"layer": OWN if i < 2 else SIGMOID_TANH} for i in range(6)}
    result = similarity.find(course(tmp_path, class_of_ten), [A])
    assert [p.students for p in result.pairs] == [("t0", "t1")]
    assert result.common == 1


def test_cells_that_do_not_parse_are_compared_as_text_and_never_run(tmp_path):
    marker = tmp_path / "ran"
    broken = f"open({str(marker)!r}, 'w')\n" + OWN.replace(
        "def layer(X, W, b):", "def layer(X, W, b)"
    )
    root = course(tmp_path, {"ann": {"layer": broken}, "bob": {"layer": broken + "# mine\n"}})
    assert pairs(root) == [("ann", "bob")]
    assert not marker.exists()


def test_a_class_of_300_is_checked_in_seconds():
    """300 students' cells, each its own combination of statements, and five copies among them."""
    rng = random.Random(0)
    lines = [f"    v{i} = np.{f}(x{i % 3}) * {i} + y.sum(axis={i % 2})" for i, f in enumerate(
        ["exp", "tanh", "abs", "sqrt", "log1p", "sin", "cos", "square"] * 3
    )]  # fmt: skip
    cells = {
        f"s{n}": "def f(x0, x1, x2, y):\n" + "\n".join(rng.sample(lines, 8)) + "\n    return v0\n"
        for n in range(300)
    }
    for n in range(5):
        cells[f"copy{n}"] = cells[f"s{n}"].replace("x0", "first")
    start = time.perf_counter()
    found, _ = similarity.match_function(cells, [], class_size=len(cells))
    assert time.perf_counter() - start < 10
    assert {(f"copy{n}", f"s{n}") for n in range(5)} <= {pair for pair, _, _ in found}
