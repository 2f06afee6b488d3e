"""The jinja2 environment: a project's own `templates/` over diglot's built-in ones.

HTML and XML templates are autoescaped; text templates (podcast intros) are not.
Undefined names are errors, and every template error becomes a SourceError naming
the template file and line.
"""

from __future__ import annotations

import functools
import traceback
from pathlib import Path
from typing import Any

import jinja2

from diglot.errors import Diagnostic, SourceError

_PACKAGED = Path(__file__).parent / "templates"  # where a wheel puts the top-level templates/
_SOURCE_TREE = Path(__file__).resolve().parents[2] / "templates"


def builtin_dir() -> Path:
    """diglot's own templates: packaged in the wheel, or the repository's templates/."""
    return _PACKAGED if _PACKAGED.is_dir() else _SOURCE_TREE


def search_path(project_root: Path) -> list[Path]:
    own = project_root / "templates"
    paths = [own] if own.is_dir() else []
    builtin = builtin_dir()
    if not any(p.resolve() == builtin.resolve() for p in paths):
        paths.append(builtin)
    return paths


@functools.cache
def environment(project_root: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(p) for p in search_path(project_root)]),
        autoescape=jinja2.select_autoescape(["html", "xml", "svg"], default_for_string=False),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        # A template changed between builds comes with a new environment (the memo
        # clears this cache); asking the disk on every page costs ~2 % of a build.
        auto_reload=False,
    )
    return env


def render(project_root: Path, name: str, context: dict[str, Any]) -> str:
    """Render template `name`; any error in it is raised as a SourceError at file:line."""
    env = environment(project_root)
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise SourceError(
            _diagnostic(
                project_root,
                exc.filename or name,
                exc.lineno,
                f"template syntax error: {exc.message}",
            )
        ) from None
    except jinja2.TemplateNotFound as exc:
        raise SourceError(
            Diagnostic(
                "templates/" + str(exc.name),
                0,
                0,
                "template not found",
                "create it, or check the name; looked in "
                + ", ".join(map(str, search_path(project_root))),
            )
        ) from None
    except Exception as exc:  # an error while rendering: find the template frame
        filename, line = _template_frame(exc, project_root)
        raise SourceError(
            _diagnostic(
                project_root, filename or name, line, f"template error: {type(exc).__name__}: {exc}"
            )
        ) from None


def _template_frame(exc: BaseException, project_root: Path) -> tuple[str | None, int]:
    roots = [str(p.resolve()) for p in search_path(project_root)]
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if any(frame.filename.startswith(root) for root in roots):
            return frame.filename, frame.lineno or 0
    return None, 0


def _diagnostic(project_root: Path, filename: str, line: int, message: str) -> Diagnostic:
    path = Path(filename)
    try:
        shown = path.resolve().relative_to(project_root.resolve()).as_posix()
    except ValueError:
        shown = path.as_posix()
    return Diagnostic(shown, line, 0, message, "fix the template")
