"""Hand-written pages name files only inside the project, whatever the way they name them.

Every page case of the bad-input corpus that names a file outside the project (tests/bad/2NN-page-*:
`{include}`, `{literalinclude}`, `{figure}` and `{download}` with capitalised names, csv-table `file`
and `url` as options or in a YAML block, a substitution image and an `.. include::` with its path on
the next line inside `{eval-rst}`, and the older absolute, outside and `file:` cases) is laid into one
project, its paths pointing at canary files outside it:

- `check` refuses each at the place its case's `.expected` names;
- with check set aside, the real Sphinx build includes, copies and fetches none of them: the canary
  text appears nowhere under ``_build/``, no file is copied to ``_downloads/`` or ``_images/``, and the
  build fails naming each image and download it left out, at its page and line;
- a file that `check` finds inside the project but that the staged page reaches through a link
  outside it is refused by the build itself: `helpwright build` exits 1 with one located line, no
  traceback, and again on a rebuild that reads nothing.
"""

from __future__ import annotations

import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from builder.errors import BuildError
from tests.checkcases import BAD, base_project, case_name, expected_lines, install

pytestmark = pytest.mark.slow

#: The page cases naming a file outside the project (not 208, not UTF-8; not 209, the page itself a link).
CASES = sorted(p for p in BAD.iterdir() if p.is_dir() and p.name.startswith("2") and "-page-" in p.name
               and not p.name.startswith(("208-", "209-")))
#: How the corpus climbs out of the project; the built copy climbs further, whatever the depth of TMPDIR.
CLIMB = "../" * 10
FAR = "../" * 60


def test_every_vector_is_a_case() -> None:
    names = {case_name(c) for c in CASES}
    assert {"210-page-include-capitalised", "211-page-literalinclude-capitalised", "212-page-figure-capitalised",
            "213-page-download-capitalised", "214-page-csv-table-yaml-file", "215-page-csv-table-yaml-url",
            "216-page-csv-table-url-option", "217-page-rst-substitution-image",
            "218-page-rst-include-next-line"} <= names


def _place(line: str) -> tuple[str, int, int]:
    where = line.split(": ", 1)[0]
    path, row, col = where.rsplit(":", 2)
    return path, int(row), int(col)


def _everywhere(folder: Path, needles: list[bytes]) -> list[str]:
    return sorted(f"{p.relative_to(folder)} holds {n!r}" for p in folder.rglob("*")
                  if p.is_file() and not p.is_symlink() for n in needles if n in p.read_bytes())


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[bytes]]:
    """A project holding every case's page, its outside paths pointing at canaries in ``outside/``."""
    base = tmp_path_factory.mktemp("pages")
    outside = base / "outside"
    outside.mkdir()
    canary = f"HWPAGECANARY-{secrets.token_hex(8)}".encode()
    (outside / "rt_secret.txt").write_bytes(b"name\n" + canary + b"\n")
    (outside / "rt_secret.png").write_bytes(b"\x89PNG\r\n\x1a\n" + canary)
    root = base_project(base)
    for case in CASES:
        install(case, root)
    for page in (root / "content" / "pages").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        # same line and column as in the corpus: only what follows the place changes
        text = text.replace(f"{CLIMB}tmp/rt_secret", f"{FAR}{str(outside).lstrip('/')}/rt_secret")
        text = text.replace("/tmp/rt_secret", f"{outside}/rt_secret")
        page.write_text(text, encoding="utf-8")
    return root, [canary, b"root:x:0:0:"]


def test_check_refuses_each_case_at_its_place(hostile: tuple[Path, list[bytes]]) -> None:
    from builder.content.loading import load_project

    root, _ = hostile
    found = sorted(_place(str(p)) for p in load_project(root).problems)
    want = sorted(_place(line) for case in CASES for line in expected_lines(case))
    assert found == want


def test_sphinx_includes_copies_and_fetches_nothing_with_check_set_aside(
        hostile: tuple[Path, list[bytes]]) -> None:
    from builder.content.loading import load_project
    from builder.outputs.site.build import build_loaded_site

    root, canaries = hostile
    project = load_project(root)
    assert project.problems
    project.problems = []
    with pytest.raises(BuildError) as refused:
        build_loaded_site(project, languages=["fr"])
    lines = str(refused.value).splitlines()
    todo = "is outside the project: put the file in the project and name it relative to this page"
    canary = f"{FAR}{str(root.parent / 'outside')[1:]}/rt_secret"
    assert lines == [
        f"content/pages/fr/download-capitalised.md:3:1: download `{canary}.txt` {todo}",
        f"content/pages/fr/figure-capitalised.md:3:1: image `{canary}.png` {todo}",
        f"content/pages/fr/rst-substitution-image.md:4:1: image `{canary}.png` {todo}",
        "3 file references outside the project, left out of the fr site: fix them and build again",
    ]
    # A failed build publishes nothing (tests/test_trust_publish.py): the pages Sphinx wrote, without
    # the files, are in its work folder.
    assert not (root / "_build" / "site").exists()
    site = root / "_build" / "site-work" / "fr"
    assert (site / "pages" / "include-capitalised.html").is_file()
    assert _everywhere(root / "_build", canaries) == []
    assert not [p for p in site.glob("_downloads/**/*") if p.is_file()]
    assert not [p for p in site.glob("_images/**/*") if p.is_file()]


def _cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "builder", "-C", str(root), *args], capture_output=True,
                          text=True, cwd=root, timeout=300, check=False)


def test_a_link_the_staged_page_reaches_fails_the_build_at_its_line(tmp_path: Path) -> None:
    # content/x/pic.png is inside the project (check accepts the page); the staged page, one folder
    # deeper in _build/src/fr/pages/, reaches _build/src/x/pic.png: a link to a file outside.
    canary = f"HWLINKCANARY-{secrets.token_hex(8)}".encode()
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n" + canary)
    root = base_project(tmp_path)
    (root / "content" / "x").mkdir()
    (root / "content" / "x" / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\nplain")
    page = root / "content" / "pages" / "fr" / "linked.md"
    page.parent.mkdir(parents=True)
    page.write_text("# Lien\n\n![Une image](../../x/pic.png)\n", encoding="utf-8")
    (root / "_build" / "src" / "x").mkdir(parents=True)
    (root / "_build" / "src" / "x" / "pic.png").symlink_to(tmp_path / "outside" / "pic.png")

    assert _cli(root, "check").returncode == 0
    for _ in range(2):  # the rebuild reads nothing and still fails
        done = _cli(root, "build", "--lang", "fr")
        assert done.returncode == 1, done.stdout + done.stderr
        assert "Traceback" not in done.stderr
        assert done.stderr.splitlines()[-2:] == [
            ("Error: content/pages/fr/linked.md:3:1: image `../../x/pic.png` is outside the project: put the "
             "file in the project and name it relative to this page"),
            "1 file reference outside the project, left out of the fr site: fix them and build again",
        ], done.stderr
        assert _everywhere(root / "_build" / "site", [canary]) == []
        assert _everywhere(root / "_build" / "doctrees", [canary]) == []
