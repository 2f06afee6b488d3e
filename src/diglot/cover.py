"""The podcast's square cover: the configured image (checked against Apple's rules),
or a default one drawn here with the show name in every language.

Apple Podcasts wants a square JPEG or PNG of 1400 to 3000 pixels a side. The
default is drawn with Pillow in the installed Noto CJK font, so Chinese renders.
"""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from diglot.config import Config
from diglot.errors import DiglotError
from diglot.stages.audiocache import write_if_changed

SIZE = 1400  # pixels a side: Apple's minimum, a small file
MIN_SIDE, MAX_SIDE = 1400, 3000
DEFAULT_NAME = "cover.png"
DESIGN = 1  # bump when draw() changes, so cached default covers are drawn again
CACHE_DIR = Path(".cache") / "cover"
FONT_FAMILY = "Noto Sans CJK TC"
KNOWN_FONTS = (  # (file, face index of Traditional Chinese in the collection)
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 3),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 3),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc", 3),
    ("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Bold.ttc", 3),
)
_BACKGROUND_TOP = (16, 42, 67)
_BACKGROUND_BOTTOM = (9, 22, 38)
_ACCENT = (244, 172, 62)
_TEXT = (250, 246, 238)
_MUTED = (178, 196, 212)


def _pillow() -> tuple[Any, Any, Any]:
    try:
        from PIL import Image, ImageDraw, ImageFont
    except ImportError:
        raise DiglotError("Pillow is not installed; run 'make site'") from None
    return Image, ImageDraw, ImageFont


def ensure(config: Config, output: Path) -> Path:
    """The cover to publish: the configured one after checking it, else the default
    written to `output/cover.png` (rewritten only when it changes)."""
    if config.podcast.cover:
        path = config.root / config.podcast.cover
        check(path, config.podcast.cover)
        return path
    path = output / DEFAULT_NAME
    write_if_changed(path, draw(_names(config)))
    return path


def for_site(config: Config) -> Path:
    """The cover `diglot build` publishes: the configured one after checking it, else
    the default, drawn once into the project's .cache/cover/ and drawn again only
    when the show's names (or the design) change."""
    if config.podcast.cover:
        path = config.root / config.podcast.cover
        check(path, config.podcast.cover)
        return path
    names = _names(config)
    key = hashlib.sha256(json.dumps([DESIGN, SIZE, names]).encode("utf-8")).hexdigest()
    path = config.root / CACHE_DIR / f"{key[:20]}.png"
    if not path.is_file():
        write_if_changed(path, draw(names))
    return path


def _names(config: Config) -> list[str]:
    # CJK names first: short and square, they make the strongest wordmark
    ordered = sorted(config.authored, key=lambda lang: not lang.cjk)
    return [config.show_name(lang.code) for lang in ordered]


def check(path: Path, shown: str) -> None:
    """A DiglotError unless the image is a square JPEG or PNG of 1400 to 3000 pixels."""
    image_module, _, _ = _pillow()
    where = f"site.toml: podcast.cover: {shown}"
    try:
        with image_module.open(path) as image:
            width, height, kind = image.width, image.height, image.format
    except OSError as exc:
        raise DiglotError(f"{where} cannot be read as an image ({exc})") from None
    if kind not in {"JPEG", "PNG"}:
        raise DiglotError(f"{where} is {kind}; Apple Podcasts takes JPEG or PNG")
    if width != height or not MIN_SIDE <= width <= MAX_SIDE:
        raise DiglotError(
            f"{where} is {width}x{height}; a cover must be square, "
            f"{MIN_SIDE} to {MAX_SIDE} pixels a side"
        )


def find_font() -> tuple[str, int]:
    """A bold Noto CJK font that has Traditional Chinese: asked of fontconfig, else at
    the paths Debian and Fedora use; a DiglotError naming the package when none is."""
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{file}|%{index}|%{family}", f"{FONT_FAMILY}:bold"],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout
        file, face, family = found.split("|", 2)
        if "CJK" in family and Path(file).is_file():
            return file, int(face or 0)
    except (OSError, subprocess.SubprocessError, ValueError):
        pass
    for file, index in KNOWN_FONTS:
        if Path(file).is_file():
            return file, index
    raise DiglotError(
        "no CJK font found to draw the podcast cover; install it with "
        "'apt-get install fonts-noto-cjk' or set podcast.cover in site.toml"
    )


def draw(names: Sequence[str]) -> bytes:
    """PNG bytes of the default cover: the show's names stacked over a night-blue field,
    under a rising staircase (small steps, every day), with a thin amber rule."""
    image_module, draw_module, font_module = _pillow()
    font_file, index = find_font()
    image = image_module.new("RGB", (SIZE, SIZE), _BACKGROUND_BOTTOM)
    pen = draw_module.Draw(image)
    for y in range(SIZE):  # vertical gradient
        t = y / (SIZE - 1)
        color = _mix(_BACKGROUND_BOTTOM, _BACKGROUND_TOP, t)
        pen.line([(0, y), (SIZE, y)], fill=color)

    margin = 120
    steps, step_width, rise = 7, 118, 62
    base_y = 640
    for i in range(steps):  # the staircase: each step a little higher than the last
        x = margin + i * (step_width + 14)
        top = base_y - (i + 1) * rise
        shade = 0.35 + 0.65 * (i + 1) / steps
        fill = _mix(_ACCENT, _BACKGROUND_TOP, shade)
        pen.rounded_rectangle([x, top, x + step_width, base_y], radius=14, fill=fill)
    pen.rectangle([margin, base_y + 40, SIZE - margin, base_y + 48], fill=_ACCENT)

    y = base_y + 110
    width = SIZE - 2 * margin
    for i, name in enumerate(n for n in names if n):
        size = _fit(font_module, font_file, index, name, width, 190 if i == 0 else 96)
        font = font_module.truetype(font_file, size, index=index)
        pen.text((margin, y), name, font=font, fill=_TEXT if i == 0 else _MUTED)
        y += round(size * 1.35)
    label = font_module.truetype(font_file, 44, index=index)
    pen.text((margin, SIZE - margin - 44), "PODCAST · 播客", font=label, fill=_ACCENT)

    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _mix(one: tuple[int, ...], other: tuple[int, ...], share: float) -> tuple[int, ...]:
    """`share` of one colour and the rest of the other."""
    return tuple(round(a * share + b * (1 - share)) for a, b in zip(one, other, strict=True))


def _fit(font_module: Any, file: str, index: int, text: str, width: int, largest: int) -> int:
    """The largest font size up to `largest` at which `text` fits in `width` pixels."""
    size = largest
    while size > 24:
        font = font_module.truetype(file, size, index=index)
        if font.getlength(text) <= width:
            return size
        size -= 6
    return size
