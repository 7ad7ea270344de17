"""Checks that keep content meaningful and safe, run by the loader after the models.

- **Blank texts.** A reader-facing text (`title`, `say`, a glossary term…) that is empty
  or only spaces, whole or in one language, would print an empty heading or step.
- **Glossary.** Each term once per language.
- **Files.** Every file content names (upload `files`, the platform `logo`, Markdown
  images in any text) is a path relative to ``content/`` that, links followed, stays
  inside the project. Absolute paths, `..` out of the project, web addresses and
  links pointing outside are refused: capture would upload the file, `build` would
  publish it, printing would embed or fetch it.
- **Hand-written pages.** ``content/pages/**/*.md`` are read like content files (UTF-8,
  size, links out of the project), and the files they name (Markdown images, `{include}`,
  `{literalinclude}`, `{image}`, `{figure}`, `:file:`, `{download}`, `.. include::`, an
  `{eval-rst}` substitution image, csv-table `file` as an option or in a YAML block) must
  resolve inside the project from the page's folder; names in any case, as docutils reads
  them, and a reStructuredText path that starts or goes on on the next line. A `url` option
  is refused whatever it names: the build fetches nothing.
- **Secrets.** `{password}` is filled in with a persona's real password, so it may only
  be the `value` of a `fill` step that logs in: the platform's login steps, or a
  scenario that starts logged out to show logging in.

File, image and password checks read the raw YAML data, so a file with another mistake
still gets them; blank texts and the glossary are checked on valid models.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args, get_origin

from pydantic import BaseModel

from builder.content.crossref import check_language_maps
from builder.content.model import Text
from builder.content.project import URL_SCHEME, display_path, file_problem, outside_project

if TYPE_CHECKING:
    from builder.content.project import Project
    from builder.content.yamlsource import DataPath, Located

#: The placeholder capture fills with a persona's password.
PASSWORD = "{password}"
#: Text fields that may be empty on purpose: a fill `value` clears a field, a prompt may be answered empty.
_MAY_BE_EMPTY = frozenset({"value", "option", "accept"})
_TEXT = get_args(Text)[0]


def check_guards(project: Project) -> None:
    """Append every problem of this module to ``project.problems``."""
    for source in [*project.scenarios.values(), *project.workshops.values()]:
        project.per_file("blank", source.located, "",
                         functools.partial(_check_blank, project, source.located, source.model, ()))
    if project.platform is not None and project.platform_source is not None:
        _check_blank(project, project.platform_source, project.platform, ())
    if project.glossary_source is not None:
        check_language_maps(project, project.glossary_source, project.glossary, (), project.languages)
        _check_blank(project, project.glossary_source, project.glossary, ())
        _check_glossary(project, project.glossary_source)
    for located in project.scenario_files:
        _check_uploads(project, located)
        _check_strings(project, located, logged_out=located.data.get("logged_out") is True)
    if project.platform_source is not None and isinstance(project.platform_source.data, dict):
        _check_logo(project, project.platform_source)
        _check_strings(project, project.platform_source, login=("login", "steps"))
    for located in project.other_files:
        _check_strings(project, located)
    _check_pages(project)


# -- blank texts ----------------------------------------------------------------------------------

def _is_text(annotation: Any) -> bool:
    if annotation in (Text, _TEXT):
        return True
    return get_origin(annotation) is not list and any(_is_text(arg) for arg in get_args(annotation))


def _is_text_list(annotation: Any) -> bool:
    if get_origin(annotation) is list:
        return any(_is_text(arg) for arg in get_args(annotation))
    return any(_is_text_list(arg) for arg in get_args(annotation))


_FIELD_KINDS: dict[type, dict[str, str]] = {}


def _field_kinds(model: type[BaseModel]) -> dict[str, str]:
    """Each field of a model class: "text", "text_list" or "" (worked out once per class)."""
    kinds = _FIELD_KINDS.get(model)
    if kinds is None:
        kinds = _FIELD_KINDS[model] = {
            name: "text" if _is_text(info.annotation) else "text_list" if _is_text_list(info.annotation) else ""
            for name, info in model.model_fields.items()}
    return kinds


def _check_blank(project: Project, located: Located, value: Any, path: DataPath) -> None:
    from builder.content.explain import dotted

    if isinstance(value, list):
        for i, item in enumerate(value):
            _check_blank(project, located, item, path + (i,))
        return
    if not isinstance(value, BaseModel):
        return
    for name, kind in _field_kinds(type(value)).items():
        item = getattr(value, name)
        here = path + (name,)
        texts: list[tuple[DataPath, Any]] = []
        if name not in _MAY_BE_EMPTY and kind == "text":
            texts = [(here, item)]
        elif kind == "text_list" and isinstance(item, list):
            texts = [(here + (i,), text) for i, text in enumerate(item)]
        elif isinstance(item, dict):  # models by id: topics, personas, audiences
            for key, sub in item.items():
                _check_blank(project, located, sub, here + (key,))
        else:
            _check_blank(project, located, item, here)
        for where, text in texts:
            for blank in _blank_parts(text, where):
                project.problems.append(located.problem(blank, f"{dotted(blank)} is empty", "write its text",
                                                        key=False))


def _blank_parts(text: Any, path: DataPath) -> list[DataPath]:
    if isinstance(text, str):
        return [] if text.strip() else [path]
    if isinstance(text, dict):
        if not text:
            return [path]
        return [path + (lang,) for lang, value in text.items() if isinstance(value, str) and not value.strip()]
    return []


# -- glossary -------------------------------------------------------------------------------------

def _check_glossary(project: Project, located: Located) -> None:
    """Each term once in each language (compared without case or surrounding spaces)."""
    seen: dict[tuple[str, str], int] = {}
    for i, entry in enumerate(project.glossary.terms):
        term = entry.term
        by_lang = {lang: term for lang in project.languages} if isinstance(term, str) else dict(term)
        for lang, word in by_lang.items():
            key = (lang, " ".join(word.split()).casefold())
            if not key[1]:
                continue
            if key in seen:
                first = located.where(("terms", seen[key], "term"), key=False)[0]
                where: DataPath = ("terms", i, "term") + (() if isinstance(term, str) else (lang,))
                project.problems.append(located.problem(
                    where, f"duplicate glossary term `{key[1]}` in {lang} (first at line {first})",
                    "keep one entry per term", key=False))
                break
            seen[key] = i


# -- files ----------------------------------------------------------------------------------------

def _add(project: Project, located: Located, path: DataPath, text: str) -> None:
    problem, todo = text.split(": ", 1) if ": " in text else (text, "")
    project.problems.append(located.problem(path, problem, todo, key=False))


def _check_uploads(project: Project, located: Located) -> None:
    steps = located.data.get("steps")
    for i, step in enumerate(steps if isinstance(steps, list) else []):
        files = step.get("files") if isinstance(step, dict) and "upload" in step else None
        for j, name in enumerate(files if isinstance(files, list) else []):
            if isinstance(name, str) and (text := file_problem(project, name, "file to upload")) is not None:
                _add(project, located, ("steps", i, "files", j), text)


def _check_logo(project: Project, located: Located) -> None:
    logo = located.data.get("logo")
    if isinstance(logo, str) and (text := file_problem(project, logo, "logo file")) is not None:
        _add(project, located, ("logo",), text)


# -- strings: Markdown images and the password ---------------------------------------------------------

def _strings(value: Any, path: DataPath) -> list[tuple[DataPath, str]]:
    if isinstance(value, str):
        return [(path, value)]
    if isinstance(value, dict):
        return [found for key, item in value.items() for found in _strings(item, path + (key,))]
    if isinstance(value, list):
        return [found for i, item in enumerate(value) for found in _strings(item, path + (i,))]
    return []


def markdown_images(text: str) -> list[str]:
    """The source of every image a Markdown text shows (inline and reference images)."""
    if "![" not in text:
        return []
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark")
    md.validateLink = lambda url: True  # type: ignore[method-assign]  # see `file:` and `data:` sources too, which a renderer might allow
    found: list[str] = []
    stack = list(md.parse(text))
    while stack:
        token = stack.pop(0)
        if token.type == "image":
            found.append(str(token.attrGet("src") or ""))
        stack.extend(token.children or [])
    return found


def _check_strings(project: Project, located: Located, *, logged_out: bool = False,
                   login: DataPath | None = None) -> None:
    from builder.content.explain import dotted

    for path, text in _strings(located.data, ()):
        for src in markdown_images(text):
            if (problem := file_problem(project, _unquote(src), "image")) is not None:
                _add(project, located, path, problem)
        if PASSWORD not in text:
            continue
        typed = _typed_value(located.data, path, login if login is not None else ("steps",))
        if typed and (login is not None or logged_out):
            continue
        if typed:
            project.problems.append(located.problem(
                path, "`{password}` is typed in a scenario that does not start logged out",
                "add `logged_out: true` (with `persona`) to show logging in, or remove it", key=False))
        else:
            project.problems.append(located.problem(
                path, f"`{{password}}` in {dotted(path)}",
                "remove it: the password may only be the `value` of a `fill` step that logs in "
                "(platform.yaml `login.steps`, or a scenario with `logged_out: true`)", key=False))


def _typed_value(data: Any, path: DataPath, steps: DataPath) -> bool:
    """True when ``path`` is the `value` (or one language of it) of a `fill` step under ``steps``."""
    n = len(steps)
    if path[:n] != steps or len(path) not in (n + 2, n + 3) or path[n + 1] != "value":
        return False
    step: Any = data
    for part in path[:n + 1]:
        step = step[part]
    return isinstance(step, dict) and "fill" in step


def _unquote(src: str) -> str:
    from urllib.parse import unquote

    return unquote(src)


# -- hand-written pages ---------------------------------------------------------------------------

#: Directives that read or publish the file named by their argument.
_FILE_DIRECTIVES = r"(?P<what>include|literalinclude|image|figure)"
#: A reStructuredText argument or option value: on the line, or starting on the next one, and
#: going on over the indented lines that follow (docutils joins them into one path).
_RST_VALUE = r"[ \t]*(?P<path>(?:[^\s:][^\n]*|(?=\n[ \t>]+[^\s:]))(?:\n[ \t>]+[^\s:][^\n]*)*)"
#: Where a Markdown or MyST page names a file: (pattern, what), the path in group `path`.
#: Directive, role and option names are matched whatever their case, as docutils does; a line
#: may start inside block quotes (`> `), where MyST reads directives too.
_PAGE_REFERENCES = [
    (re.compile(r"!\[[^\]\n]*\]\(\s*<?(?P<path>[^)\s>]+)"), "image"),
    # a link to a file that is not a page is copied into the site as a download
    (re.compile(r"(?<!!)\[[^\]\n]*\]\(\s*<?(?P<path>[^)\s>]+)"), "link"),
    (re.compile(r"^[ \t>]{0,3}\[[^\]\n]+\]:\s*<?(?P<path>[^\s>]+)", re.MULTILINE), "link target"),
    (re.compile(r"^[ \t>]*(?:`{3,}|~{3,}|:{3,})\s*\{" + _FILE_DIRECTIVES + r"\}[ \t]+"
                r"(?P<path>\S[^\n]*?)\s*$", re.MULTILINE | re.IGNORECASE), ""),
    # reStructuredText (in `{eval-rst}`), also as a substitution definition (`.. |x| image:: …`);
    # its argument may start on the next line
    (re.compile(r"^[ \t>]*\.\.[ \t]+(?:\|[^|\n]+\|[ \t]+)?" + _FILE_DIRECTIVES + r"[ \t]*::" + _RST_VALUE,
                re.MULTILINE | re.IGNORECASE), ""),
    (re.compile(r"^[ \t>]*:file:" + _RST_VALUE, re.MULTILINE | re.IGNORECASE), "`:file:`"),
    (re.compile(r"(?:\{download\}|:download:)`(?:[^`<]*<(?P<path>[^`>]+)>|(?P<bare>[^`]+))`", re.IGNORECASE),
     "`{download}`"),
]
#: `url` fetches at build time and is refused whatever its value; `:url:` as an option line.
_URL_OPTION = re.compile(r"^[ \t>]*:url:[ \t]*(?P<path>[^\n]*?)\s*$", re.MULTILINE | re.IGNORECASE)
#: A directive fence (``` ```{name} ```, `:::{name}`), whose body may open with a YAML block of options.
_FENCE = re.compile(r"^[ \t>]*(?P<fence>`{3,}|~{3,}|:{3,})\s*\{[^}\n]+\}[^\n]*\n", re.MULTILINE)
#: A `file` or `url` key in a directive's YAML block (block or flow style, quoted or not).
_YAML_OPTION = re.compile(r"(?:^|[{,])[ \t>]*[\"']?(?P<key>file|url)[\"']?[ \t]*:(?:[ \t]+|$)(?P<path>[^\n,}]*)",
                          re.MULTILINE | re.IGNORECASE)


def page_references(text: str) -> list[tuple[int, str, str]]:
    """(offset, path, what) of every file a page names.

    `what` is ``url`` for a `url` option, which fetches whatever it names when the site is built.
    """
    found = []
    for pattern, what in _PAGE_REFERENCES:
        for match in pattern.finditer(text):
            group = "path" if match.group("path") is not None else "bare"
            kind = what or f"`{{{match.group('what')}}}`"
            value = match.group(group)
            lead = len(value) - len(value.lstrip(" \t>\n"))
            if "\n" in value:  # an argument over several lines is one path, its pieces joined
                value = "".join(line.strip(" \t>") for line in value.splitlines())
            found.append((match.start(group) + lead, value, kind))
    for match in _URL_OPTION.finditer(text):
        found.append((match.start("path"), match.group("path"), "url"))
    for start, block in _yaml_blocks(text):
        for match in _YAML_OPTION.finditer(block):
            key = match.group("key").lower()
            found.append((start + match.start("path"), match.group("path").strip().strip("\"'"),
                          "url" if key == "url" else "`file:`"))
    return sorted(found)


def _yaml_blocks(text: str) -> list[tuple[int, str]]:
    """(offset, text) of the YAML option block (between `---` lines) opening each directive's body."""
    blocks = []
    for fence in _FENCE.finditer(text):
        start = fence.end()
        first = re.match(r"[ \t>]*---[ \t]*\n", text[start:])
        if first is None:
            continue
        body = start + first.end()
        end = re.search(r"^[ \t>]*(?:---[ \t]*$|" + re.escape(fence.group("fence")) + ")", text[body:], re.MULTILINE)
        blocks.append((body, text[body:body + end.start()] if end else text[body:]))
    return blocks


def _check_pages(project: Project) -> None:
    from builder.content.yamlsource import Problem, YamlError, _line_col, read_bytes

    root = project.root.resolve()
    for page in sorted((project.content / "pages").rglob("*.md")):
        shown = display_path(page, project.root)
        outside = outside_project(page, project.root)
        if outside is not None:
            project.problems.append(Problem(shown, 1, 1, f"the file is a link to {outside}, outside the project",
                                            "copy the file into the project instead"))
            continue
        try:
            text = read_bytes(page, shown).decode("utf-8-sig")
        except YamlError as exc:
            project.problems.append(exc.problem)
            continue
        except UnicodeDecodeError as exc:
            raw = page.read_bytes()
            line = raw[:exc.start].count(b"\n") + 1
            col = len(raw[raw.rfind(b"\n", 0, exc.start) + 1:exc.start].decode("utf-8", "replace")) + 1
            project.problems.append(Problem(shown, line, col, f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x})",
                                            "save it as UTF-8"))
            continue
        for offset, ref, what in page_references(text):
            problem = _page_reference_problem(page, root, ref.strip(), what)
            if problem is not None:
                line, col = _line_col(text, offset)
                head, todo = problem.split(": ", 1)
                project.problems.append(Problem(shown, line, col, head, todo))


def _page_reference_problem(page: Path, root: Path, ref: str, what: str) -> str | None:
    from urllib.parse import unquote

    if what == "url":
        return (f"`url` option `{ref}` would be fetched when the site is built: remove it and write the "
                "table's rows in the page")
    if what == "`file:`" and (not ref or ref[0] in "|>&*!"):
        return (f"`file:` option `{ref}` is not a path on its line: write the file's path after `file:`, "
                "relative to this page")
    if URL_SCHEME.match(ref) or ref.startswith("//"):
        if ref.lower().startswith("file:"):
            return f"{what} `{ref}` is a file URL: put the file in the project and name it relative to this page"
        return None  # a web link or picture on the site: the reader's browser fetches it
    if ref.startswith("#") or what in ("link", "link target") and ref.startswith("/"):
        return None  # an anchor, or a page of the site (`/glossary`: from the site's root)
    path = Path(unquote(ref.split("#")[0]))
    if path.is_absolute() or ref.startswith(("\\", "~")):
        return f"{what} `{ref}` is an absolute path: put the file in the project and name it relative to this page"
    if not (page.parent / path).resolve().is_relative_to(root):
        return f"{what} `{ref}` is outside the project: put the file in the project and name it relative to this page"
    return None
