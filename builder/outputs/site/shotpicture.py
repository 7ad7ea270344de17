"""A published screenshot in the page: ``<picture>``, with the phone crop for narrow screens.

The build publishes each screenshot into ``_shots/<id>/`` of a language's sources
(:mod:`builder.outputs.site.images`); the ``{helpwright-shot}`` directive puts a
:class:`shot_picture` node in the page, written as::

    <a class="reference internal image-reference" href="FULL"><picture>
      <source media="(max-width: 720px)" srcset="PHONE" width=… height=…>
      <img src="FULL" alt=… width=… height=… loading="lazy" decoding="async">
    </picture></a>

The width and height keep the page from jumping while images load (the CSS scales them down
to the column); the link opens the whole image, as on a wide screen. The first screenshot of a
page loads at once, the others when the reader nears them.

Once Sphinx has written the pages, the published files are copied to ``_shots/`` of the built
site, only those whose bytes changed. They stay out of Sphinx's ``_images/``: that folder keeps
only file names (every scenario's ``01.png``, renumbered in reading order) and would not know
the phone crop, which no image node names.
"""

from __future__ import annotations

import contextlib
import html
import os
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri

from builder.atomicwrite import write_bytes_atomic
from builder.outputs.site.images import PHONE_SCREEN_MAX
from builder.outputs.site.publish import keep_only

#: where published screenshots live, in a language's sources and in its built site
SHOTS_FOLDER = "_shots"


class shot_picture(nodes.General, nodes.Inline, nodes.Element):
    """A published screenshot: ``uri``, ``width``, ``height``, ``alt``, ``lazy``; when there is one,
    the phone crop's ``phone``, ``phone_width``, ``phone_height`` (paths relative to the sources)."""


def staged(srcdir: str | Path, rel: str) -> bool:
    """Whether ``rel`` is a plain file the build published under the sources' ``_shots/``."""
    folder = (Path(srcdir) / SHOTS_FOLDER).resolve()
    path = Path(srcdir) / rel
    return path.is_file() and not path.is_symlink() and path.resolve().is_relative_to(folder)


def _attributes(pairs: dict[str, object]) -> str:
    return "".join(f' {name}="{html.escape(str(value), quote=True)}"' for name, value in pairs.items()
                   if value not in (None, "", 0))


def visit_shot_picture(self: Any, node: shot_picture) -> None:
    page = self.builder.get_target_uri(self.builder.current_docname)
    full = relative_uri(page, node["uri"])
    parts = [f'<a class="reference internal image-reference"{_attributes({"href": full})}><picture>']
    if node.get("phone"):
        parts.append("<source" + _attributes({
            "media": f"(max-width: {PHONE_SCREEN_MAX}px)", "srcset": relative_uri(page, node["phone"]),
            "width": node.get("phone_width"), "height": node.get("phone_height")}) + ">")
    parts.append("<img" + _attributes({"src": full}) + f' alt="{html.escape(node.get("alt", ""), quote=True)}"'
                 + _attributes({"width": node.get("width"), "height": node.get("height"),
                                "loading": "lazy" if node.get("lazy") else None, "decoding": "async"}) + ">")
    parts.append("</picture></a>")
    self.body.append("".join(parts))
    raise nodes.SkipNode


def copy_published_shots(app: Sphinx, exception: Exception | None) -> None:
    """Make the built site's ``_shots/`` hold what the sources' ``_shots/`` holds, writing only changes.

    Each file is a hard link to its source: the build writes a source image only by replacing it
    (a new file), never in place, so a link to the same file holds the same bytes, and checking one
    is a look at two inodes (as the folder listings give them: thousands of images, no call each), not
    a read of both files. Where links cannot be made, a copy.
    """
    if exception is not None or app.builder.format != "html":
        return
    source, target = os.path.join(app.srcdir, SHOTS_FOLDER), os.path.join(app.outdir, SHOTS_FOLDER)
    wanted = _plain_files(source)
    held = _plain_files(target) if _same_device(source, target) else {}
    for rel, inode in wanted.items():
        if held.get(rel) != inode:
            _link_or_copy(os.path.join(source, rel), os.path.join(target, rel))
    keep_only(target, set(wanted))  # what the sources no longer hold goes


def _same_device(one: str, other: str) -> bool:
    """Whether two folders are on one file system (where an inode names one file)."""
    try:
        return os.stat(one).st_dev == os.stat(other).st_dev
    except OSError:
        return False


def _plain_files(folder: str) -> dict[str, int]:
    """The files under ``folder`` that are not links, relative to it (POSIX form), with their inodes."""
    found: dict[str, int] = {}
    if not os.path.isdir(folder) or os.path.islink(folder):
        return found
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_symlink():
                continue
            if entry.is_dir():
                found.update((f"{entry.name}/{rel}", inode) for rel, inode in _plain_files(entry.path).items())
            elif entry.is_file():
                found[entry.name] = entry.inode()
    return found


def _link_or_copy(path: str, copy: str) -> None:
    """``copy`` becomes a hard link to ``path`` (or, where links cannot be made, a copy), atomically."""
    os.makedirs(os.path.dirname(copy), exist_ok=True)
    temporary = os.path.join(os.path.dirname(copy), f".{os.path.basename(copy)}.{os.getpid()}.link")
    try:
        if os.path.lexists(temporary):
            os.unlink(temporary)
        os.link(path, temporary)
        os.replace(temporary, copy)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        with open(path, "rb") as handle:
            data = handle.read()
        try:
            with open(copy, "rb") as handle:
                if handle.read(len(data) + 1) == data:
                    return  # the same bytes (a copy from the last build): left as it is, its time too
        except OSError:
            pass
        write_bytes_atomic(Path(copy), data)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_node(shot_picture, html=(visit_shot_picture, None))
    app.connect("build-finished", copy_published_shots)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
