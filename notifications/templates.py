"""Message templates in English and Bengali, from notifications/data/templates.yaml."""
from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

LANGUAGES = ("en", "bn")
_FILE = Path(__file__).with_name("data") / "templates.yaml"


@cache
def _catalog() -> dict[str, dict[str, str]]:
    catalog = yaml.safe_load(_FILE.read_text(encoding="utf-8"))
    for name, texts in catalog.items():
        missing = set(LANGUAGES) - set(texts)
        if missing:
            raise ValueError(f"template {name} lacks {sorted(missing)}")
    return catalog


def render(name: str, language: str = "en", **values) -> str:
    """The text of template `name` in `language` (English when that language is unknown)."""
    texts = _catalog()[name]
    return texts.get(language, texts["en"]).format(**values)
