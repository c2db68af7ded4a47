"""Bytes to text: UTF-8 first, then a detected encoding; binary files refused."""

from __future__ import annotations

import codecs


class Unreadable(ValueError):
    """A file that is not text (binary) or whose encoding cannot be found."""


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)``, or raise :class:`Unreadable` with the reason."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    sample = data[:65536]
    if sample.count(b"\x00") > max(1, len(sample) // 100):
        raise Unreadable("binary file (NUL bytes): not a text article")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise Unreadable("binary or undecodable file: no text encoding fits")
    text = str(best)
    # Many control characters mean we decoded noise, not text.
    controls = sum(1 for c in text[:65536] if ord(c) < 32 and c not in "\t\n\r\f")
    if controls > max(2, len(text[:65536]) // 50):
        raise Unreadable("binary file: decodes to control characters, not text")
    return text.replace("\x00", ""), best.encoding
