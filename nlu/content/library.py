"""The company's content library: Markdown files with YAML front matter, split into passages.

A file with bad front matter is reported (file and field named) and skipped; the rest
still load. `fingerprint` is what the index compares to know when to rebuild.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from nlu.errors import ContentError

TYPES = ("pricing", "article", "guide", "whitepaper", "case_study", "webinar", "faq", "doc")
STAGES = ("awareness", "consideration", "decision")
LANGUAGES = ("fr", "en")
MAX_PASSAGE_WORDS = 120
_FRONT = re.compile(r"\A---\s*\n(?P<meta>.*?)\n---\s*\n(?P<body>.*)\Z", re.DOTALL)


@dataclass(frozen=True)
class Passage:
    doc_id: str
    heading: str
    text: str


@dataclass(frozen=True)
class Document:
    id: str  # path relative to the library, without extension
    title: str
    url: str
    type: str
    stage: str
    language: str
    topics: tuple[str, ...]
    gated: bool
    passages: tuple[Passage, ...] = field(default=())


def _fail(path: str, name: str, problem: str) -> ContentError:
    return ContentError(f"{path}: {name}: {problem}")


def _text(meta: dict[str, Any], name: str, path: str) -> str:
    value = meta.get(name)
    if not isinstance(value, str) or not value.strip():
        raise _fail(path, name, "missing or empty (expected text)")
    return value.strip()


def _choice(meta: dict[str, Any], name: str, path: str, allowed: tuple[str, ...]) -> str:
    value = meta.get(name)
    if value not in allowed:
        raise _fail(path, name, f"expected one of {', '.join(allowed)}, got {value!r}")
    return str(value)


def split_passages(doc_id: str, body: str, title: str) -> tuple[Passage, ...]:
    """One passage per `##` section; long sections are cut between paragraphs."""
    passages: list[Passage] = []
    for section in re.split(r"(?m)^#{1,3}\s+", body.strip()):
        if not section.strip():
            continue
        heading, _, content = section.partition("\n")
        if not content.strip():  # text before the first heading
            heading, content = title, section
        chunk: list[str] = []
        for paragraph in [p.strip() for p in content.split("\n\n") if p.strip()]:
            if chunk and len(" ".join([*chunk, paragraph]).split()) > MAX_PASSAGE_WORDS:
                passages.append(Passage(doc_id, heading.strip(), "\n\n".join(chunk)))
                chunk = []
            chunk.append(paragraph)
        if chunk:
            passages.append(Passage(doc_id, heading.strip(), "\n\n".join(chunk)))
    return tuple(passages)


def parse_document(doc_id: str, raw: str, source: str) -> Document:
    m = _FRONT.match(raw)
    if m is None:
        raise _fail(source, "front matter", "the file must start with a --- YAML block ---")
    try:
        meta = yaml.safe_load(m.group("meta")) or {}
    except yaml.YAMLError as exc:
        raise _fail(source, "front matter", f"not valid YAML ({exc})") from exc
    if not isinstance(meta, dict):
        raise _fail(source, "front matter", "expected key: value pairs")
    topics = meta.get("topics")
    if not isinstance(topics, list) or not all(isinstance(t, str) for t in topics):
        raise _fail(source, "topics", f"expected a list of words, got {topics!r}")
    gated = meta.get("gated", False)
    if not isinstance(gated, bool):
        raise _fail(source, "gated", f"expected true or false, got {gated!r}")
    url = _text(meta, "url", source)
    if not re.match(r"https?://", url):
        raise _fail(source, "url", f"expected an http(s) link, got {url!r}")
    title = _text(meta, "title", source)
    return Document(
        id=doc_id,
        title=title,
        url=url,
        type=_choice(meta, "type", source, TYPES),
        stage=_choice(meta, "stage", source, STAGES),
        language=_choice(meta, "language", source, LANGUAGES),
        topics=tuple(topics),
        gated=gated,
        passages=split_passages(doc_id, m.group("body"), title),
    )


def library_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.md") if p.is_file())


def fingerprint(folder: Path) -> str:
    """A checksum of every document's path and content."""
    digest = hashlib.sha256()
    for path in library_files(folder):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def load_library(folder: Path) -> tuple[list[Document], list[ContentError]]:
    """Every valid document under `folder`, and an error for each invalid one."""
    if not folder.is_dir():
        raise ContentError(f"{folder}: the content folder does not exist")
    docs: list[Document] = []
    errors: list[ContentError] = []
    for path in library_files(folder):
        doc_id = str(path.relative_to(folder).with_suffix(""))
        try:
            docs.append(parse_document(doc_id, path.read_text(encoding="utf-8"), str(path)))
        except (ContentError, UnicodeDecodeError) as exc:
            errors.append(exc if isinstance(exc, ContentError) else ContentError(f"{path}: {exc}"))
    return docs, errors
