"""What `expect: {url: …}` means: an exact path, a glob, or a regular expression.

- ``/dashboard``: the page's path is exactly this (a trailing ``/`` does not count,
  percent-escapes are decoded).
- ``/pages/*``: a glob on the path; ``*`` is any text inside one path segment,
  ``**`` any text across segments (``/pages/**`` holds on ``/pages/view/1``).
- ``re:…``: a regular expression searched in the path, plus ``?query`` when the
  page has one (anchor it with ``^…$`` to match whole).
- A query string (``/index.php?title=Special:UserLogin``) is compared only when the
  expectation has one: each of its parameters must be in the page's query with that
  value (``*`` is allowed in values); other parameters of the page do not matter.
- An absolute expectation (``https://…``) also compares the scheme and host.

An expectation that every page satisfies (``/*``, ``/**``, ``re:.*``) checks nothing,
so :func:`matches_everything` lets ``helpwright check`` refuse it.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote, urlsplit

#: URLs a meaningful expectation cannot all match (a regex matching all of them checks nothing)
_PROBES = ("/", "/x", "/Zq9-_.~/a/b.c", "/index.php?title=Main_Page&action=edit", "/%C3%A9t%C3%A9?a=1#f",
           "/0/1/2/3/4/5/6/7/8/9")


def _normal_path(path: str) -> str:
    path = unquote(path or "/")
    return path.rstrip("/") or "/"


def _glob_regex(glob: str) -> re.Pattern[str]:
    out = []
    for part in re.split(r"(\*\*|\*)", glob):
        if part == "**":
            out.append(".*")
        elif part == "*":
            out.append("[^/]*")
        else:
            out.append(re.escape(part))
    return re.compile("".join(out) + r"\Z", re.DOTALL)


def _value_matches(expected: str, actual: str) -> bool:
    if "*" not in expected:
        return expected == actual
    return bool(re.fullmatch(".*".join(re.escape(p) for p in expected.split("*")), actual, re.DOTALL))


def url_matches(expected: str, actual_url: str) -> bool:
    """True when the page at ``actual_url`` (absolute) satisfies ``expected``."""
    actual = urlsplit(actual_url)
    if expected.startswith("re:"):
        subject = unquote(actual.path or "/") + (f"?{actual.query}" if actual.query else "")
        from builder.content.saferegex import compile_pattern

        # RE2: linear in the URL's length, whatever the pattern (`check` refused what it cannot run)
        return compile_pattern(expected[3:]).search(subject) is not None
    want = urlsplit(expected)
    if want.scheme and (want.scheme, want.netloc.lower()) != (actual.scheme, actual.netloc.lower()):
        return False
    path = _normal_path(want.path)
    if "*" in path:
        if not _glob_regex(path).match(_normal_path(actual.path)):
            return False
    elif path != _normal_path(actual.path):
        return False
    if want.query:
        have: dict[str, list[str]] = {}
        for key, value in parse_qsl(actual.query, keep_blank_values=True):
            have.setdefault(key, []).append(value)
        for key, value in parse_qsl(want.query, keep_blank_values=True):
            if not any(_value_matches(value, v) for v in have.get(key, [])):
                return False
    return True


def matches_everything(expected: str) -> bool:
    """True for an expectation no page can fail: a path of only `/` and `*`, or a regex matching any URL."""
    if expected.startswith("re:"):
        from builder.content.saferegex import PatternError

        try:
            return all(url_matches(expected, "http://h" + probe) for probe in _PROBES)
        except PatternError:
            return False
    want = urlsplit(expected)
    path = want.path or "/"
    return "*" in path and not want.query and set(path) <= {"/", "*"}


def describe_url(url: str) -> str:
    """The path and query of a page, as `expect: {url}` sees it (for messages)."""
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
