"""The student pack (`python -m grading_tools pack`): what students receive holds the course
package alone and the release notebooks, and not one answer of the course; an assignment that
reprints earlier solutions is named, with whose deadline it must wait for, and is never packed
with them or before them unless the instructor says so."""

import ast
import json
import shutil
import zipfile
from pathlib import Path

import nbformat
import pytest

from grading_tools import cli, notebooks, pack, pipeline
from grading_tools.judge import catalog
from tests.support import ASSIGNMENTS, ROOT
from tests.wheels import install_alone, run_code, site_packages

REPRINTED_BY_04 = {
    "02_sigmoid_networks": [
        "sigmoid",
        "sigmoid_prime",
        "softmax",
        "init_params",
        "forward",
        "mse_cost",
    ],
    "03_chain_rule": ["numerical_gradient", "relative_error"],
}


@pytest.fixture(scope="module")
def full_pack(tmp_path_factory):
    """The pack of every assignment (for a course whose deadlines are all past)."""
    return pack.pack(ROOT, None, tmp_path_factory.mktemp("full") / "pack", allow_reprints=True)


def wheel_of(folder):
    (wheel,) = folder.glob("*.whl")
    return wheel


def texts(folder):
    """{file of the pack: its text}: notebooks as their cells' sources, the wheel member by
    member, everything else as it is."""
    found = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = str(path.relative_to(folder))
        if path.suffix == ".whl":
            with zipfile.ZipFile(path) as archive:
                for member in archive.namelist():
                    found[f"{name}!{member}"] = archive.read(member).decode("utf-8", "replace")
        elif path.suffix == ".ipynb":
            found[name] = "\n".join(cell.source for cell in notebooks.read(path).cells)
        else:
            found[name] = path.read_text()
    return found


def solutions_of_the_course():
    """[(assignment, graded function, solution block)] of every source notebook."""
    found = []
    for assignment in ASSIGNMENTS:
        source = notebooks.read(notebooks.source_notebook(ROOT, assignment))
        found += [
            (assignment, grade_id, block)
            for grade_id, blocks in pack.solution_texts(source).items()
            for block in blocks
        ]
    return found


# ------------------------------------------------------------------------------ what it holds
def test_the_pack_holds_a_readme_the_course_wheel_and_the_release_notebooks(full_pack):
    names = sorted(str(p.relative_to(full_pack)) for p in full_pack.rglob("*") if p.is_file())
    assert names == sorted(
        [
            "README.md",
            wheel_of(full_pack).name,
            "notebooks/nbgrader_config.py",
            *(f"notebooks/{a}/{a}.ipynb" for a in ASSIGNMENTS),
            *(f"notebooks/{a}/known_mistakes.json" for a in ASSIGNMENTS),
        ]
    )


def test_the_notebooks_are_the_release_versions_byte_for_byte(full_pack):
    for assignment in ASSIGNMENTS:
        packed = full_pack / "notebooks" / assignment / f"{assignment}.ipynb"
        assert packed.read_bytes() == notebooks.release_notebook(ROOT, assignment).read_bytes()


def test_only_the_assignments_named_are_packed(tmp_path):
    folder = pack.pack(ROOT, ["01_perceptron_xor", "02_sigmoid_networks"], tmp_path / "pack")
    packed = sorted(p.name for p in (folder / "notebooks").iterdir() if p.is_dir())
    assert packed == ["01_perceptron_xor", "02_sigmoid_networks"]
    assert "02_sigmoid_networks.ipynb" in (folder / "README.md").read_text()
    assert "04_backprop" not in (folder / "README.md").read_text()


def test_the_wheel_holds_course_with_its_data_and_nothing_of_grading_tools(full_pack):
    with zipfile.ZipFile(wheel_of(full_pack)) as archive:
        names = archive.namelist()
        metadata = archive.read(
            next(n for n in names if n.endswith(".dist-info/METADATA"))
        ).decode()
    assert all(n.startswith(("course/", "nn_course_student-")) for n in names), names
    assert not [n for n in names if "grading_tools" in n or "source/" in n or "tests/" in n]
    assert {
        "course/__init__.py",
        "course/checks.py",
        "course/plots.py",
        "course/widgets.py",
        "course/data/__init__.py",
        "course/data/pima-indians-diabetes.csv",
        "course/data/digits.csv.gz",
        "course/data/PROVENANCE.md",
    } <= set(names)
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
    requirements = [
        line.split(": ")[1] for line in metadata.splitlines() if line.startswith("Requires-Dist")
    ]
    assert [r.split(">")[0] for r in requirements] == ["numpy", "matplotlib", "ipywidgets", "tqdm"]


def test_the_readme_tells_students_to_install_the_wheel_with_the_student_tools(full_pack):
    readme = (full_pack / "README.md").read_text()
    assert f"pip install ./{wheel_of(full_pack).name}" in readme
    assert '"jupyterlab>=4,<5" "nbgrader>=0.9,<0.10"' in readme
    assert "python3 -m venv" in readme and "cd notebooks" in readme and "jupyter lab" in readme
    assert "Validate" in readme


# -------------------------------------------------------------------------- and no answer
def test_no_solution_of_any_assignment_is_in_a_pack_of_01_and_02(tmp_path):
    folder = pack.pack(ROOT, ["01_perceptron_xor", "02_sigmoid_networks"], tmp_path / "pack")
    found = texts(folder)
    for assignment, function, block in solutions_of_the_course():
        holding = [name for name, text in found.items() if block in text]
        assert not holding, f"the solution of {function} ({assignment}) is in {holding}"


def test_solutions_appear_in_the_full_pack_only_where_a_reprint_is_warned_of(full_pack):
    """Later notebooks reprint earlier solutions in setup cells; nothing else of an answer is
    there."""
    found = texts(full_pack)
    warned = pack.reprints(ROOT, ASSIGNMENTS)
    for assignment, function, block in solutions_of_the_course():
        for name, text in found.items():
            if block not in text:
                continue
            reprinter = name.split("/")[1] if name.startswith("notebooks/") else None
            assert function in warned.get(reprinter, {}).get(assignment, []), (
                f"the solution of {function} ({assignment}) is in {name}, and no warning says so"
            )


def test_no_hidden_test_and_no_nbgrader_marker_is_in_the_pack(full_pack):
    for name, text in texts(full_pack).items():
        for marker in ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "BEGIN SOLUTION", "END SOLUTION"):
            assert marker not in text, f"{marker} in {name}"
        if name.startswith("notebooks/"):
            assert "course.hidden" not in text and "grading_tools" not in text, name


def test_a_release_notebook_holding_its_solutions_is_refused(tmp_path):
    """A stale or mistaken release/ (here: the source notebook copied there) never reaches
    students."""
    for name in ("pyproject.toml", "course"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, tmp_path / name)
    for folder in ("source", "release"):
        (tmp_path / folder / "01_perceptron_xor").mkdir(parents=True)
        shutil.copy(
            notebooks.source_notebook(ROOT, "01_perceptron_xor"),
            tmp_path / folder / "01_perceptron_xor",
        )
    with pytest.raises(
        pack.PackError, match="holds ### BEGIN HIDDEN TESTS.*the solution of step.*regenerate"
    ):
        pack.pack(tmp_path, None, "pack")
    assert not (tmp_path / "pack").exists()


def test_a_folder_that_is_not_a_pack_is_never_overwritten(tmp_path):
    (tmp_path / "mine.txt").write_text("keep me")
    with pytest.raises(pack.PackError, match="not a student pack"):
        pack.pack(ROOT, ["01_perceptron_xor"], tmp_path)
    with pytest.raises(pack.PackError, match="holds the course itself"):
        pack.pack(ROOT, ["01_perceptron_xor"], ROOT)
    assert (tmp_path / "mine.txt").read_text() == "keep me"


def test_an_earlier_pack_is_replaced(tmp_path):
    pack.pack(ROOT, ["01_perceptron_xor", "02_sigmoid_networks"], tmp_path / "pack")
    folder = pack.pack(ROOT, ["01_perceptron_xor"], tmp_path / "pack")
    assert [p.name for p in (folder / "notebooks").iterdir() if p.is_dir()] == ["01_perceptron_xor"]


def test_an_unknown_assignment_is_refused_with_the_known_ones(tmp_path):
    with pytest.raises(
        pack.PackError, match="no such assignment.*99_nothing.*known: 01_perceptron_xor"
    ):
        pack.pack(ROOT, ["99_nothing"], tmp_path / "pack")


# ------------------------------------------------------------------------------- reprints
def test_the_graded_functions_are_read_from_the_hidden_test_cells():
    graded = pack.graded_functions(ROOT)
    assert list(graded) == ASSIGNMENTS
    assert graded["01_perceptron_xor"] == [
        "step",
        "perceptron_predict",
        "gate_weights",
        "perceptron_train",
        "xor_network",
    ]
    assert {"sigmoid", "forward"} <= set(graded["02_sigmoid_networks"])
    assert "train_classifier" in graded["08_pima_diabetes"]
    for assignment, names in graded.items():
        assert set(names) <= set(catalog.specs(assignment)), (
            "every graded function has hidden cases"
        )


def test_04_backprop_reprints_functions_graded_in_02_and_03():
    assert pack.reprints(ROOT, ["04_backprop"]) == {"04_backprop": REPRINTED_BY_04}
    (line,) = pack.reprint_warnings(ROOT, ["04_backprop"])
    assert line == (
        "04_backprop reprints sigmoid, sigmoid_prime, softmax, init_params, forward, mse_cost "
        "(graded in 02_sigmoid_networks), numerical_gradient, relative_error "
        "(graded in 03_chain_rule): release it after those deadlines"
    )


def test_every_later_assignment_reprints_and_the_first_two_do_not():
    found = pack.reprints(ROOT, ASSIGNMENTS)
    assert sorted(found) == ASSIGNMENTS[2:]
    assert found["08_pima_diabetes"]["07_optimizers"] == ["adam_update"]
    assert found["05_termination"]["04_backprop"] == ["backward", "gd_step"]
    for assignment, by_owner in found.items():
        assert assignment not in by_owner, "an assignment's own exercises are not reprints"


def test_a_reprint_is_found_in_a_new_release_notebook(tmp_path):
    """Nothing is listed by hand: a new assignment that defines forward() is caught."""
    for name in ("source/02_sigmoid_networks", "release/02_sigmoid_networks"):
        shutil.copytree(ROOT / name, tmp_path / name)
    cell = nbformat.v4.new_code_cell("def forward(X, params):\n    pass")
    notebook = nbformat.v4.new_notebook(cells=[cell])
    for folder in ("source", "release"):
        (tmp_path / folder / "09_new").mkdir()
        nbformat.write(notebook, str(tmp_path / folder / "09_new" / "09_new.ipynb"))
    assert pack.reprints(tmp_path, ["09_new"]) == {"09_new": {"02_sigmoid_networks": ["forward"]}}


# ------------------------------------------------------------------------------ the commands
def test_the_cli_writes_the_pack_and_warns_of_reprints(tmp_path, capsys):
    out = tmp_path / "pack"
    assert (
        cli.main(
            ["--root", str(ROOT), "pack", "01_perceptron_xor", "04_backprop", "--out", str(out)]
        )
        == 0
    )
    printed = capsys.readouterr()
    assert f"Wrote {out}: 01_perceptron_xor, 04_backprop;" in printed.out
    assert printed.err.splitlines() == [
        f"warning: {pack.reprint_warnings(ROOT, ['04_backprop'])[0]}"
    ]
    assert cli.main(["--root", str(ROOT), "pack", "99_nothing", "--out", str(out)]) == 1
    assert "error: no such assignment" in capsys.readouterr().err


def test_a_pack_holding_solutions_of_an_assignment_it_also_holds_is_refused(tmp_path, capsys):
    with pytest.raises(pack.PackError) as refused:
        pack.pack(ROOT, ["02_sigmoid_networks", "03_chain_rule", "04_backprop"], tmp_path / "p")
    assert {
        "  04_backprop reprints sigmoid, sigmoid_prime, softmax, init_params, forward, mse_cost, "
        "graded in 02_sigmoid_networks (in the same pack)",
        "  04_backprop reprints numerical_gradient, relative_error, graded in 03_chain_rule "
        "(in the same pack)",
    } <= set(str(refused.value).splitlines())
    assert "--allow-reprints" in str(refused.value)
    assert not (tmp_path / "p").exists()
    argv = ["--root", str(ROOT), "pack", "02_sigmoid_networks", "04_backprop"]
    assert cli.main([*argv, "--out", str(tmp_path / "p")]) == 1
    assert "04_backprop reprints sigmoid" in capsys.readouterr().err
    assert cli.main([*argv, "--out", str(tmp_path / "p"), "--allow-reprints"]) == 0


def test_an_assignment_handed_out_before_the_one_it_reprints_is_refused(tmp_path):
    for name in ("source/02_sigmoid_networks", "release/02_sigmoid_networks"):
        shutil.copytree(ROOT / name, tmp_path / name)
    cell = nbformat.v4.new_code_cell("def sigmoid(z):\n    return 1 / (1 + np.exp(-z))")
    for folder in ("source", "release"):
        (tmp_path / folder / "00_early").mkdir()
        nbformat.write(
            nbformat.v4.new_notebook(cells=[cell]),
            str(tmp_path / folder / "00_early" / "00_early.ipynb"),
        )
    with pytest.raises(pack.PackError, match="graded in 02_sigmoid_networks .later in the course"):
        pack.pack(tmp_path, ["00_early"], "pack")


def test_with_no_assignment_named_each_assignment_gets_a_pack_safe_on_its_own(tmp_path, capsys):
    out = tmp_path / "packs"
    assert cli.main(["--root", str(ROOT), "pack", "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ASSIGNMENTS
    for assignment in ASSIGNMENTS:
        packed = sorted(p.name for p in (out / assignment / "notebooks").iterdir() if p.is_dir())
        assert packed == [assignment]
        assert pack.is_pack(out / assignment) and pack.early_reprints(ROOT, packed) == []
    assert "warning: 04_backprop reprints" in capsys.readouterr().err
    assert cli.main(["--root", str(ROOT), "pack", "--out", str(out)]) == 0, "packs are replaced"
    (out / "01_perceptron_xor" / "README.md").write_text("mine")
    assert cli.main(["--root", str(ROOT), "pack", "--out", str(out)]) == 1
    assert "not a student pack" in capsys.readouterr().err


def test_publish_warns_of_reprints_before_releasing(capsys):
    """Course.publish, with nbgrader's API stood in for: the warning comes first, once per
    assignment."""
    released = []

    class API:
        def unrelease(self, assignment):
            pass

        def release_assignment(self, assignment):
            released.append(assignment)
            return {"success": True}

    course = pipeline.Course.__new__(pipeline.Course)
    course.root, course.api = ROOT, API()
    course.publish(["02_sigmoid_networks", "04_backprop"])
    assert released == ["02_sigmoid_networks", "04_backprop"]
    warnings = [
        line for line in capsys.readouterr().err.splitlines() if line.startswith("warning:")
    ]
    assert warnings == [f"warning: {line}" for line in pack.reprint_warnings(ROOT, ["04_backprop"])]


# ------------------------------------------------------------------------ the installed wheel
CHECK = """
import importlib.util, json, course, course.checks, course.data, course.hidden
X, y, names = course.data.load_pima()
X_digits, y_digits = course.data.load_digits()
try:  # a hidden test cell run by a student: no judge is installed beside the wheel
    course.hidden.check("step", lambda z: z)
    hidden = "judged"
except RuntimeError as error:
    hidden = str(error)
print(json.dumps({"course": course.__file__, "shape": list(X.shape),
                  "digits": list(X_digits.shape), "hidden": hidden,
                  "grading_tools": importlib.util.find_spec("grading_tools") is not None}))
"""


def test_the_wheel_installs_offline_alone_and_course_works_from_it(full_pack, tmp_path):
    python = install_alone(wheel_of(full_pack), tmp_path)
    run = run_code(python, CHECK, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout)
    assert found["course"].startswith(str(site_packages(python)))
    assert found["shape"] == [768, 8] and found["digits"] == [1797, 64]
    assert not found["grading_tools"], "grading_tools is importable next to the student wheel"
    assert found["hidden"].startswith("Hidden tests run when the instructor grades this notebook")


def test_the_student_package_imports_nothing_of_the_instructors():
    """course stands alone: the instructor's local judge reaches it through an entry point
    (course.hidden.JUDGE_GROUP), never through an import of grading_tools."""
    imports = []
    for path in sorted((ROOT / "course").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            imports += [f"{path.relative_to(ROOT)}: {n}" for n in names if n.startswith("grading")]
    assert imports == []


def test_the_wheel_is_the_same_byte_for_byte_from_the_same_files(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = pack.build_wheel(ROOT, tmp_path / "a"), pack.build_wheel(ROOT, tmp_path / "b")
    assert first.read_bytes() == second.read_bytes()


def test_the_wheel_sets_up_the_students_jupyterlab_validate_summary_and_no_instructor_tools(
    full_pack,
):
    with zipfile.ZipFile(wheel_of(full_pack)) as archive:
        data = {
            n.split(".data/data/etc/jupyter/")[1]: json.loads(archive.read(n))
            for n in archive.namelist()
            if ".data/data/etc/jupyter/" in n
        }
    server = data["jupyter_server_config.d/nn_course_student.json"]
    assert server["ServerApp"]["jpserver_extensions"] == {"course.lab": True}
    hidden = data["labconfig/page_config.d/nn_course_student.json"]["disabledExtensions"]
    hidden = {name: True for name in hidden if name.startswith("@jupyter/nbgrader")}
    assert sorted(hidden) == [
        "@jupyter/nbgrader:course-list",
        "@jupyter/nbgrader:create-assignment",
        "@jupyter/nbgrader:formgrader",
        "@jupyter/nbgrader:menu",
        "@jupyter/nbgrader:validate-assignment",  # the course's lab extension shows Validate
    ]
    # the names are nbgrader's own plugin ids; the Assignments tab stays
    import nbgrader

    bundle = "".join(
        p.read_text() for p in (Path(nbgrader.__file__).parent / "labextension").rglob("*.js")
    )
    assert all(f'"{name}"' in bundle for name in hidden)
    assert "@jupyter/nbgrader:assignment-list" not in hidden


def test_the_notebooks_folder_has_the_students_nbgrader_config_and_the_readme_starts_lab_there(
    full_pack,
):
    config = (full_pack / "notebooks" / "nbgrader_config.py").read_text()
    assert "get_config()" in config and "c." not in config.replace("c = get_config()", "")
    readme = (full_pack / "README.md").read_text()
    assert "Start JupyterLab in the `notebooks` folder" in readme
