"""The site's search index: Pagefind, run over each language's built HTML.

Pagefind reads ``<html lang>`` and indexes each language with its Snowball stemmer
and accent folding, so "connecter" finds "connexion" and "desinscrire" finds
"désinscrire". Only the article body is indexed (``data-pagefind-body`` in the page
template); the search page itself (``search.html``) is a small script over the index.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from builder.errors import BuildError


def index_site(site: Path) -> None:
    """Write ``site/pagefind/``, the search bundle of one language's built site.

    Left out: what every page repeats, which only blurs the ranking. The scenario's details
    line (``.hw-meta``: "Logged in as: Member" matched "can't log in" on every page, putting
    "Join a group" first for "je n'arrive plus à me connecter"); measured on the demo site with
    tests/search_quality.py: top-1 hits unchanged or better on both query lists, top-3 unchanged.
    """
    cmd = [sys.executable, "-m", "pagefind", "--site", str(site), "--silent",
           "--exclude-selectors", ".headerlink, .hw-lang-switch, .hw-shot-placeholder, .hw-meta"]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=600, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BuildError(f"the search index of {site} could not be built ({exc}); "
                         "reinstall with `make setup` (it provides pagefind)") from exc
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise BuildError(f"the search index of {site} could not be built: {' '.join(tail) or 'pagefind failed'}; "
                         "reinstall with `make setup` (it provides pagefind)")
