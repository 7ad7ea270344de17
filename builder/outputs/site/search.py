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
    """Write ``site/pagefind/``, the search bundle of one language's built site."""
    cmd = [sys.executable, "-m", "pagefind", "--site", str(site), "--silent",
           "--exclude-selectors", ".headerlink, .hw-lang-switch, .hw-shot-placeholder"]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=600, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BuildError(f"the search index of {site} could not be built ({exc}); "
                         "reinstall with `make setup` (it provides pagefind)") from exc
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise BuildError(f"the search index of {site} could not be built: {' '.join(tail) or 'pagefind failed'}; "
                         "reinstall with `make setup` (it provides pagefind)")
