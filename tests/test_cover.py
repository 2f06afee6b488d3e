"""The podcast cover: the default one drawn here, and checks of a configured one."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from diglot import config, cover
from diglot.errors import DiglotError


def test_the_default_cover_is_a_square_png_written_once(tmp_path: Path) -> None:
    cfg = config.load(tmp_path, {"en", "zh-tw"})
    path = cover.ensure(cfg, tmp_path / "podcast")
    assert path == tmp_path / "podcast" / "cover.png"
    with Image.open(path) as image:
        assert (image.format, image.size, image.mode) == ("PNG", (1400, 1400), "RGB")
    stamp = path.stat().st_mtime_ns
    assert cover.ensure(cfg, tmp_path / "podcast") == path
    assert path.stat().st_mtime_ns == stamp


def test_the_site_s_default_cover_is_drawn_once_per_set_of_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = config.load(tmp_path, {"en", "zh-tw"})
    path = cover.for_site(cfg)
    assert path.parent == tmp_path / ".cache" / "cover" and path.suffix == ".png"
    monkeypatch.setattr(cover, "draw", lambda names: pytest.fail("drawn again"))
    assert cover.for_site(cfg) == path
    (tmp_path / "site.toml").write_text('[podcast]\nshow_name = "Other"\n', encoding="utf-8")
    with pytest.raises(pytest.fail.Exception, match="drawn again"):
        cover.for_site(config.load(tmp_path, {"en", "zh-tw"}))


def test_the_default_cover_shows_the_names_and_is_deterministic() -> None:
    both = cover.draw(["持續改進", "Continuous Improvement"])
    assert both == cover.draw(["持續改進", "Continuous Improvement"])
    assert both != cover.draw(["持續改進"])


def _image(tmp_path: Path, size: tuple[int, int], kind: str) -> None:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 20, 30)).save(out, format=kind)
    (tmp_path / "art.img").write_bytes(out.getvalue())
    (tmp_path / "site.toml").write_text('[podcast]\ncover = "art.img"\n', encoding="utf-8")


def test_a_configured_cover_is_used_when_it_fits(tmp_path: Path) -> None:
    _image(tmp_path, (1400, 1400), "JPEG")
    assert cover.ensure(config.load(tmp_path), tmp_path / "podcast") == tmp_path / "art.img"
    assert not (tmp_path / "podcast").exists()


@pytest.mark.parametrize(
    ("size", "kind", "message"),
    [
        ((1400, 1000), "PNG", "is 1400x1000; a cover must be square, 1400 to 3000 pixels"),
        ((500, 500), "PNG", "is 500x500"),
        ((1400, 1400), "GIF", "is GIF; Apple Podcasts takes JPEG or PNG"),
    ],
)
def test_a_configured_cover_that_apple_refuses_is_an_error(
    tmp_path: Path, size: tuple[int, int], kind: str, message: str
) -> None:
    _image(tmp_path, size, kind)
    with pytest.raises(DiglotError, match=f"podcast.cover: art.img {message}"):
        cover.ensure(config.load(tmp_path), tmp_path / "podcast")


def test_no_cjk_font_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_fontconfig(*args: object, **kwargs: object) -> None:
        raise FileNotFoundError("fc-match")

    monkeypatch.setattr(subprocess, "run", no_fontconfig)
    monkeypatch.setattr(cover, "KNOWN_FONTS", ())
    with pytest.raises(DiglotError, match="apt-get install fonts-noto-cjk"):
        cover.draw(["持續改進"])
