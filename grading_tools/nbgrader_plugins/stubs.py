"""What the student version of a notebook gets from `generate_assignment`, besides nbgrader's own
steps: a stub that names the function to write, and cells that let *Run All* run on.

Both are nbgrader preprocessors, named in `c.GenerateAssignment.preprocessors` (nbgrader_config.py):

- `NamedStubs` is nbgrader's `ClearSolutions` with a code stub that may name the function: the
  `{name}` in `c.ClearSolutions.code_stub` becomes the function the solution region sits in (the
  last `def NAME(` above it), or else the cell's grade_id. An unsolved exercise then says what to
  do, e.g. `NotImplementedError: write sigmoid_prime above (replace this line with your code) ...`
  instead of a bare `NotImplementedError:`.
- `RunAllContinues` tags the test cells and the `demo` cells `raises-exception`: JupyterLab's *Run
  All* stops at the first cell that raises, unless it carries that tag. With it, an unsolved
  exercise fails its own test cell (and the figures that need it) and every later cell still runs.
  Grading ignores the tag (nbgrader scores a cell by its outputs).
"""

from nbgrader.preprocessors import ClearSolutions, NbGraderPreprocessor

from ..notebooks import defined_functions, is_test

RAISES = "raises-exception"


class NamedStubs(ClearSolutions):
    """nbgrader's ClearSolutions; `{name}` in the code stub names the function to write."""

    def _replace_solution_region(self, cell, language):
        template = self.code_stub
        if cell.cell_type != "code" or "{name}" not in template.get(language, ""):
            return super()._replace_solution_region(cell, language)
        self.code_stub = {
            **template,
            language: template[language].replace("{name}", self.function_name(cell)),
        }
        try:
            return super()._replace_solution_region(cell, language)
        finally:
            self.code_stub = template

    def function_name(self, cell):
        """The function the (first) solution region sits in, else the cell's grade_id."""
        above = cell.source.split(self.begin_solution_delimeter)[0]
        defs = defined_functions(above)
        return (
            defs[-1] if defs else cell.metadata.get("nbgrader", {}).get("grade_id") or "your answer"
        )


class RunAllContinues(NbGraderPreprocessor):
    """Tag the test cells and the `demo` cells `raises-exception`, so that Run All runs on."""

    def preprocess_cell(self, cell, resources, index):
        tags = cell.metadata.get("tags", [])
        if cell.cell_type == "code" and (is_test(cell) or "demo" in tags) and RAISES not in tags:
            cell.metadata["tags"] = [*tags, RAISES]
        return cell, resources
