"""A synthetic help library: N scenarios of S steps in two languages, with placeholder screenshots.

The build, check and paper benchmarks measure on it, so their figures scale past the shipped
library (36 scenarios). The platform, glossary and workshops are the repository's own; every
scenario is valid (``helpwright check`` passes) and every step has a placeholder screenshot and a
manifest whose definition hash matches, so the site shows the images as a real capture would.

    python benchmarks/synthetic.py OUT [--scenarios 200] [--steps 8] [--no-shots]
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TOPICS = ["getting-started", "wiki", "groups", "blog", "files", "account", "administration"]
WORDS = {
    "fr": ["Publier", "Enregistrer", "Modifier", "Partager", "Inviter", "Supprimer", "Ajouter", "Valider"],
    "en": ["Publish", "Save", "Edit", "Share", "Invite", "Delete", "Add", "Confirm"],
}


def scenario_yaml(index: int, steps: int) -> str:
    sid = f"synthetic-{index:05d}"
    topic = TOPICS[index % len(TOPICS)]
    lines = [
        f"id: {sid}",
        f"title: {{fr: Tâche synthétique {index}, en: Synthetic task {index}}}",
        "summary:",
        f"  fr: Une tâche générée numéro {index}, pour mesurer la construction et la vérification.",
        f"  en: A generated task number {index}, to measure the build and the check.",
        "audience: [member]",
        f"topic: {topic}",
        "level: beginner",
        "duration: 2 min",
        "persona: alice",
        "start: /dashboard",
        "steps:",
    ]
    for step in range(steps):
        fr, en = WORDS["fr"][step % 8], WORDS["en"][step % 8]
        lines += [
            f"  - click: {{role: button, name: {{fr: {fr} {step}, en: {en} {step}}}}}",
            "    say:",
            f"      fr: Cliquez sur **{fr} {step}** pour passer à l'étape suivante de la tâche {index}.",
            f"      en: Click **{en} {step}** to go on to the next step of task {index}.",
        ]
    return "\n".join(lines) + "\n"


#: the demo workshop the smoke library keeps, its scenarios replaced by the first synthetic one
SMOKE_WORKSHOP = "prise-en-main"


def synthetic_workshop() -> str:
    """The demo's beginner workshop with every agenda item and trouble naming the first synthetic scenario."""
    text = (ROOT / "content" / "workshops" / f"{SMOKE_WORKSHOP}.yaml").read_text(encoding="utf-8")
    text = re.sub(r"^(\s+scenarios: )\[.*\]$", r"\1[synthetic-00000]", text, flags=re.MULTILINE)
    return re.sub(r"^(\s+scenario: ).*$", r"\1synthetic-00000", text, flags=re.MULTILINE)


def placeholder_png(width: int, height: int, seed: int) -> bytes:
    """A screenshot-like image: a header bar, a sidebar and text-like lines, different per seed."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), (250, 250, 250))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width, 56), fill=(40, 60, 110))
    draw.rectangle((0, 56, 220, height), fill=(235, 238, 243))
    for row in range(14):
        y = 90 + row * 44
        length = 300 + (seed * 37 + row * 53) % 600
        draw.rectangle((260, y, 260 + length, y + 12), fill=(90, 90, 90))
    draw.rectangle((260 + seed % 400, 700, 420 + seed % 400, 736), outline=(210, 30, 30), width=3)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def write_library(out: Path, scenarios: int = 200, steps: int = 8, shots: bool = True,
                  demo: bool = True) -> Path:
    """Write the synthetic project into ``out`` (created); returns it.

    With ``demo`` (the default) the demo's own scenarios, screenshots and workshops come along, as
    a library grown from the demo's would hold them. Without it the library holds only the
    synthetic scenarios and one workshop made of them: the smallest project on which every part
    of a build runs (the benchmarks' smoke runs).
    """
    from builder.content.loading import load_project
    from builder.shots.definition import definition_hash

    out.mkdir(parents=True, exist_ok=False)
    content = out / "content"
    content.mkdir()
    for name in ("platform.yaml", "glossary.yaml", "logo.svg"):
        shutil.copy2(ROOT / "content" / name, content / name)
    shutil.copytree(ROOT / "content" / "uploads", content / "uploads")
    if demo:
        shutil.copytree(ROOT / "content" / "workshops", content / "workshops")
        shutil.copytree(ROOT / "content" / "scenarios", content / "scenarios")  # workshops name them
    else:
        (content / "workshops").mkdir()
        (content / "workshops" / f"{SMOKE_WORKSHOP}.yaml").write_text(synthetic_workshop(), encoding="utf-8")
    folder = content / "scenarios" / "synthetic"
    folder.mkdir(parents=True)
    for index in range(scenarios):
        (folder / f"synthetic-{index:05d}.yaml").write_text(scenario_yaml(index, steps), encoding="utf-8")
    if not shots:
        return out
    project = load_project(out)
    platform = project.platform
    assert platform is not None, [str(p) for p in project.problems]
    width, height = platform.viewport.width, platform.viewport.height
    images = [placeholder_png(width, height, seed) for seed in range(8)]
    for sid, source in project.scenarios.items():
        for lang in project.languages:
            shutil.copytree(ROOT / "screenshots" / lang / sid, out / "screenshots" / lang / sid) \
                if not sid.startswith("synthetic-") and (ROOT / "screenshots" / lang / sid).is_dir() \
                else _write_shots(out / "screenshots" / lang / sid, sid, lang, images,
                                  len(source.model.steps),
                                  definition_hash(source.model, platform, lang, content))
    return out


def _write_shots(folder: Path, sid: str, lang: str, images: list[bytes], steps: int,
                 definition: str) -> None:
    folder.mkdir(parents=True)
    records = []
    for step in range(1, steps + 2):
        name = "result.png" if step == steps + 1 else f"{step:02d}.png"
        data = images[(step + len(sid)) % len(images)]
        (folder / name).write_bytes(data)
        records.append({"step": 0 if name == "result.png" else step, "file": name, "width": 1280,
                        "height": 800, "sha256": hashlib.sha256(data).hexdigest(),
                        "target": None if name == "result.png" else
                        {"role": "button", "name": f"Button {step}", "box": [260, 700, 160, 36]},
                        "page": {"title": "Agora", "url": "/dashboard"}})
    manifest = {"scenario": sid, "lang": lang, "status": "passed",
                "captured_at": "2026-12-01T00:00:00+00:00", "definition_hash": definition,
                "base_url": "http://127.0.0.1:8765", "browser_version": "synthetic",
                "timings": {"login": 0, "steps": [0] * steps, "total": 0}, "images": records,
                "quotes": {}}
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--scenarios", type=int, default=200)
    parser.add_argument("--steps", type=int, default=8)
    parser.add_argument("--no-shots", action="store_true", help="scenarios only (for check)")
    args = parser.parse_args()
    write_library(args.out, args.scenarios, args.steps, shots=not args.no_shots)
    print(f"{args.out}: {args.scenarios} synthetic scenarios of {args.steps} steps")
    return 0


if __name__ == "__main__":
    sys.exit(main())
