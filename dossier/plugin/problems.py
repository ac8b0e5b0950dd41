"""/problemer/ in local builds: every content file `invoke check` found a problem in.

The build (dossier/publish/build.py) runs the check and hands its problems to Pelican as the
setting DOSSIER_PROBLEMS (only in local builds; a publishing build refuses content with errors).
A file Pelican cannot build is then visible in the preview instead of silently missing.
"""

from __future__ import annotations

import logging

from pelican.generators import Generator

log = logging.getLogger(__name__)
PROBLEMS_URL = "problemer/"


def problems_generator(_pelican) -> type[Generator]:
    """get_generators handler: add the generator of the problem list page."""
    return ProblemsGenerator


def problem_rows(problems: object) -> list[dict]:
    """The problems of the setting as rows (path, line, message, blocking, warning), in path
    order."""
    rows = []
    for problem in problems or ():
        if not isinstance(problem, dict) or "path" not in problem:
            log.warning("ignoring a malformed entry of DOSSIER_PROBLEMS: %r", problem)
            continue
        rows.append(
            {
                "path": str(problem["path"]),
                "line": int(problem.get("line", 1)),
                "message": str(problem.get("message", "")),
                "blocking": bool(problem.get("blocking", False)),
                "warning": bool(problem.get("warning", False)),
            }
        )
    return sorted(rows, key=lambda row: (row["path"], row["line"]))


class ProblemsGenerator(Generator):
    """Writes /problemer/ when the build was given problems; otherwise writes nothing."""

    def generate_context(self) -> None:
        """Put the problem rows and the page's URL into the context every template sees."""
        rows = problem_rows(self.settings.get("DOSSIER_PROBLEMS"))
        self.context["DOSSIER_PROBLEM_ROWS"] = rows
        self.context["DOSSIER_PROBLEMS_URL"] = PROBLEMS_URL if rows else ""

    def generate_output(self, writer) -> None:
        """Write problemer/index.html with the template `problems` (only when there are any)."""
        rows = self.context.get("DOSSIER_PROBLEM_ROWS") or []
        if not rows:
            return
        files = len({row["path"] for row in rows})
        warnings = sum(row["warning"] for row in rows)
        writer.write_file(
            PROBLEMS_URL + "index.html",
            self.get_template("problems"),
            self.context,
            rows=rows,
            files=files,
            errors=len(rows) - warnings,
            warnings=warnings,
            page_url=PROBLEMS_URL,
        )
