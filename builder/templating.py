"""Every Jinja environment Helpwright renders with: sandboxed, and failing at the template's line.

Templates are code a project may override (`templates/site/`, `templates/handouts/`), so they
render in Jinja's :class:`~jinja2.sandbox.SandboxedEnvironment`: no attribute starting with an
underscore (the way out to ``__globals__``, ``__builtins__`` and ``os``), no attribute or call
on paths, modules or classes (lists a template builds itself may grow: the handouts' contents
do). An attempt fails at once instead of printing an empty string (Jinja's default), and any
template problem becomes one line ``template:line:1: problem: what to do``
(:class:`~builder.errors.BuildError`), never a traceback.
"""

from __future__ import annotations

import os
import traceback
import types
from pathlib import Path
from typing import TYPE_CHECKING, Any

from builder.errors import BuildError

if TYPE_CHECKING:
    from jinja2 import BaseLoader, BytecodeCache, Environment

#: what the message asks for: templates are code, reviewed as code
_HINT = ("fix the template, or delete the project's copy to use Helpwright's own "
         "(templates are code: review them as code)")


def sandboxed_environment(loader: BaseLoader, *, autoescape: bool, **options: Any) -> Environment:
    """A sandboxed Jinja environment; ``autoescape`` is True wherever the output is HTML."""
    from jinja2.sandbox import SandboxedEnvironment, SecurityError

    class StrictSandbox(SandboxedEnvironment):
        def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
            # Paths and modules reach the file system; types reach every class.
            if isinstance(obj, (os.PathLike, types.ModuleType, type)):
                return False
            return bool(super().is_safe_attribute(obj, attr, value))

        def is_safe_callable(self, obj: Any) -> bool:
            owner = getattr(obj, "__self__", None)
            if isinstance(owner, (os.PathLike, types.ModuleType)) or isinstance(obj, type):
                return False
            return bool(super().is_safe_callable(obj))

        def unsafe_undefined(self, obj: Any, attribute: str) -> Any:
            # Jinja's default returns an undefined value that prints as "": an escape attempt
            # would pass unseen. It stops the render instead.
            raise SecurityError(f"access to attribute {attribute!r} of a {type(obj).__name__} "
                                "is not allowed in a template")

    return StrictSandbox(loader=loader, autoescape=autoescape, **options)


#: compiled templates this process has loaded or made: (the cache folder's name, the bucket's key: the
#: template's name and file with its environment's compiling settings) → its bytecode with the checksum of
#: the source it was compiled from (see :func:`compiled_templates`)
_COMPILED: dict[tuple[str, str], bytes] = {}


def compiled_templates(folder: Path) -> BytecodeCache | None:
    """Jinja's cache of compiled templates in ``folder`` (under ``_build/``), None when it cannot be made.

    Compiling the site's and the theme's templates cost a rebuild more than rendering them;
    a cached template is used only while its source is the same (Jinja compares a checksum).
    The templates this process compiled or read already are kept in memory too: a process that
    builds several projects (or the same one again) compiles a package template once, not per project.
    In memory as on disk, a template is found by its name, its file and what of its environment changes
    how it compiles (:func:`_compiled_by`: a project's ``conf.py`` may change Sphinx's), and used only
    while its source is the same.
    """
    from jinja2 import FileSystemBytecodeCache
    from jinja2.bccache import Bucket

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    kind = folder.name

    class InMemoryToo(FileSystemBytecodeCache):
        def get_bucket(self, environment: Any, name: str, filename: str | None, source: str) -> Any:
            # Jinja's own, with the environment's compiling settings in the key
            bucket = Bucket(environment, f"{self.get_cache_key(name, filename)}-{_compiled_by(environment)}",
                            self.get_source_checksum(source))
            self.load_bytecode(bucket)
            return bucket

        def load_bytecode(self, bucket: Any) -> None:
            known = _COMPILED.get((kind, bucket.key))
            if known is not None:
                bucket.bytecode_from_string(known)  # dropped (reset) unless its checksum is this source's
                if bucket.code is not None:
                    if not os.path.exists(self._get_cache_filename(bucket)):
                        super().dump_bytecode(bucket)  # the project's own cache, for its next build's process
                    return
            super().load_bytecode(bucket)
            if bucket.code is not None:
                _COMPILED[(kind, bucket.key)] = bucket.bytecode_to_string()

        def dump_bytecode(self, bucket: Any) -> None:
            super().dump_bytecode(bucket)
            _COMPILED[(kind, bucket.key)] = bucket.bytecode_to_string()

    return InMemoryToo(str(folder))


def _compiled_by(environment: Any) -> str:
    """A digest of what in a Jinja environment changes the code a template compiles to: its class, syntax,
    whitespace rules, extensions, autoescape and finalize, and which filters and tests take the context."""
    import hashlib

    def named(value: Any) -> str:
        if isinstance(value, bool | str | type(None)):
            return repr(value)
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', type(value).__qualname__)}"

    def passing(table: dict[str, Any]) -> list[tuple[str, str]]:
        return sorted((name, str(getattr(f, "jinja_pass_arg", ""))) for name, f in table.items())

    settings = (named(type(environment)), environment.block_start_string, environment.block_end_string,
                environment.variable_start_string, environment.variable_end_string,
                environment.comment_start_string, environment.comment_end_string,
                environment.line_statement_prefix, environment.line_comment_prefix, environment.trim_blocks,
                environment.lstrip_blocks, environment.newline_sequence, environment.keep_trailing_newline,
                sorted(environment.extensions), named(environment.autoescape), named(environment.finalize),
                environment.optimized, getattr(environment, "newstyle_gettext", None),
                passing(environment.filters), passing(environment.tests))
    return hashlib.sha1(repr(settings).encode(), usedforsecurity=False).hexdigest()[:16]


def _template_line(exc: BaseException, folders: list[Path]) -> tuple[str, int]:
    """The template file and line an error came from (Jinja rewrites its frames to the template's)."""
    filename = getattr(exc, "filename", None)
    lineno = getattr(exc, "lineno", None)
    if filename and lineno:
        return str(filename), int(lineno)
    roots = [str(f.resolve()) for f in folders]
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(".j2") or any(frame.filename.startswith(r) for r in roots):
            return frame.filename, frame.lineno or 1
    return "", 1


def render_template(env: Environment, name: str, context: dict[str, Any], *,
                    folders: list[Path], shown: Path | None = None) -> str:
    """Render ``name``; a template problem raises :class:`BuildError` located at the template's line.

    ``folders`` are the template folders (to find the template's frame); ``shown`` is the folder
    paths are shown relative to (the project's root).
    """
    from jinja2 import TemplateError
    from jinja2.sandbox import SecurityError

    try:
        return env.get_template(name).render(context)
    except (TemplateError, TypeError, ValueError, AttributeError, KeyError, IndexError,
            ArithmeticError, RecursionError) as exc:
        filename, line = _template_line(exc, folders)
        where = filename or name
        if shown is not None and filename:
            try:
                where = Path(filename).resolve().relative_to(shown.resolve()).as_posix()
            except ValueError:
                pass
        kind = "refused by the sandbox" if isinstance(exc, SecurityError) else "failed"
        said = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        raise BuildError(f"{where}:{line}:1: template {name} {kind} ({' '.join(said.split())}): {_HINT}") from None
