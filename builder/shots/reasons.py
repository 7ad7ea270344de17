"""Why a screenshot changed, in words, from what capture recorded about each step.

Capture records, per step, the target's accessible role and name, its box, and the
page's title and URL (see ``session``). Comparing the approved record with the new
one gives structured reasons (a ``key`` plus its values), kept as data in the pending
review so each reader gets them in their own language; :func:`render` words them from
the message catalog (``review.reasons`` in ``builder/messages/<lang>.yaml``)::

    the button “Publier” is now “Publier le billet”
    the target moved 120 px down
    a new element appeared above the target
    only pixels changed (style)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

#: moves and size changes smaller than this (CSS px) are rounding, not a change
MIN_PX = 2

Reason = dict[str, Any]


def _target(record: dict[str, Any] | None) -> dict[str, Any] | None:
    target = (record or {}).get("target")
    return target if isinstance(target, dict) else None


def _box(target: dict[str, Any] | None) -> list[float] | None:
    box = (target or {}).get("box")
    if isinstance(box, list) and len(box) == 4 and all(isinstance(v, int | float) for v in box):
        return [float(v) for v in box]
    return None


def _page(record: dict[str, Any] | None) -> dict[str, Any]:
    page = (record or {}).get("page")
    return page if isinstance(page, dict) else {}


def explain(old: dict[str, Any] | None, new: dict[str, Any], diff: dict[str, Any] | None = None) -> list[Reason]:
    """The reasons ``new`` differs from ``old`` (two manifest image records), most telling first.

    ``diff`` is :meth:`builder.shots.diff.ImageDiff.as_json` of the two images: its boxes
    tell whether something changed above the target. With nothing else to say, the change
    is ``style``: only pixels changed.
    """
    if old is None:
        return [{"key": "new_image"}]
    reasons: list[Reason] = []
    before, after = _target(old), _target(new)
    if before and after:
        same_role = before.get("role") == after.get("role")
        if before.get("name") != after.get("name") or not same_role:
            reasons.append({"key": "renamed", "role": before.get("role"), "name": before.get("name"),
                            "new_role": after.get("role"), "new_name": after.get("name")})
        box0, box1 = _box(before), _box(after)
        if box0 and box1:
            dx, dy = round(box1[0] - box0[0]), round(box1[1] - box0[1])
            if abs(dx) >= MIN_PX or abs(dy) >= MIN_PX:
                reasons.append({"key": "moved", "dx": dx if abs(dx) >= MIN_PX else 0,
                                "dy": dy if abs(dy) >= MIN_PX else 0})
                above = [b for b in (diff or {}).get("boxes", []) if b[1] < min(box0[1], box1[1])]
                if above and dy >= MIN_PX:
                    reasons.append({"key": "appeared_above"})
                elif above and dy <= -MIN_PX:
                    reasons.append({"key": "removed_above"})
            dw, dh = round(box1[2] - box0[2]), round(box1[3] - box0[3])
            renamed = reasons and reasons[0]["key"] == "renamed"
            # A new name resizes its element: saying so too would only repeat the rename.
            if (abs(dw) >= MIN_PX or abs(dh) >= MIN_PX) and not renamed:
                reasons.append({"key": "resized", "old": [round(box0[2]), round(box0[3])],
                                "new": [round(box1[2]), round(box1[3])]})
    elif before and not after:
        reasons.append({"key": "no_target", "role": before.get("role"), "name": before.get("name")})
    p0, p1 = _page(old), _page(new)
    if p0.get("title") is not None and p1.get("title") is not None and p0["title"] != p1["title"]:
        reasons.append({"key": "title", "old": p0["title"], "new": p1["title"]})
    if p0.get("url") is not None and p1.get("url") is not None and p0["url"] != p1["url"]:
        reasons.append({"key": "url", "old": p0["url"], "new": p1["url"]})
    size0 = (old.get("width"), old.get("height"))
    size1 = (new.get("width"), new.get("height"))
    if None not in size0 and None not in size1 and size0 != size1:
        reasons.append({"key": "size", "old": list(size0), "new": list(size1)})
    if not reasons:
        reasons.append({"key": "style"})
    return reasons


# -- words ------------------------------------------------------------------------------------

def _words(lang: str, root: Path | None) -> tuple[dict[str, Any], Any]:
    from builder.content.catalog import messages

    msgs = messages(lang, root)
    return msgs.section("review"), msgs


def _the(role: Any, name: Any, words: dict[str, Any], msgs: Any) -> str:
    roles = words.get("the_role") or {}
    the = str(roles.get(str(role), roles.get("default", "the element")))
    return f"{the} {msgs.quote(str(name))}" if name else the


def _move(dx: int, dy: int, words: dict[str, Any]) -> str:
    parts = []
    if dy:
        parts.append(str(words["down" if dy > 0 else "up"]).format(px=abs(dy)))
    if dx:
        parts.append(str(words["right" if dx > 0 else "left"]).format(px=abs(dx)))
    return str(words["and"]).join(parts)


def render(reason: Reason, lang: str = "en", root: Path | None = None) -> str:
    """One reason as a sentence fragment in ``lang`` (lower-case start, no final stop)."""
    section, msgs = _words(lang, root)
    words = dict(section.get("reasons") or {})
    words["the_role"] = section.get("the_role") or {}
    key = str(reason.get("key"))
    template = str(words.get(key, key))
    if key == "renamed":
        old = _the(reason.get("role"), reason.get("name"), words, msgs)
        if reason.get("role") == reason.get("new_role"):
            return template.format(old=old, new=msgs.quote(str(reason.get("new_name") or "")))
        new = _the(reason.get("new_role"), reason.get("new_name"), words, msgs)
        return str(words.get("retyped", template)).format(old=old, new=new)
    if key == "no_target":
        return template.format(old=_the(reason.get("role"), reason.get("name"), words, msgs))
    if key == "moved":
        return template.format(move=_move(int(reason.get("dx") or 0), int(reason.get("dy") or 0), words))
    if key in ("resized", "size"):
        before, after = reason.get("old") or [0, 0], reason.get("new") or [0, 0]
        return template.format(old=f"{before[0]}×{before[1]}", new=f"{after[0]}×{after[1]}")
    if key in ("title", "url"):
        return template.format(old=msgs.quote(str(reason.get("old"))), new=msgs.quote(str(reason.get("new"))))
    return template


def render_all(reasons: list[Reason], lang: str = "en", root: Path | None = None) -> list[str]:
    return [render(r, lang, root) for r in reasons]


def sentence(reasons: list[Reason], lang: str = "en", root: Path | None = None) -> str:
    """All reasons as one line: `the button “Publier” is now “Publier le billet”; the target moved …`."""
    section = _words(lang, root)[0].get("reasons") or {}
    text = str(section.get("separator", "; ")).join(render_all(reasons, lang, root))
    return text[:1].upper() + text[1:]
