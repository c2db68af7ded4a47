"""Bytes to text: UTF-8 first, then a detected encoding; binary files refused.

The encoding is decided per file from the evidence: bytes that are mostly well-formed
UTF-8 multi-byte sequences with a few broken ones are UTF-8 with those few bytes
replaced by U+FFFD (the caller is told how many, to warn), never a reason to read the
whole file in a legacy code page. Only a file with no valid multi-byte sequence that
outweighs its broken bytes goes to detection.

Detection prefers Windows-1252 (the web's reading of "Latin-1") among equally good
single-byte candidates, since charset detectors often cannot tell Western European
code pages apart on short English texts and would otherwise pick Central European
cp1250 and turn "São" into "Săo".
"""

from __future__ import annotations

import codecs
import re
from typing import BinaryIO, NamedTuple

SAMPLE = 65536  # bytes looked at for NUL bytes and control characters
DETECT_SAMPLE = 1 << 20  # bytes handed to the detector for large files

# Declared names that mean Windows-1252 in practice (as browsers read them).
_AS_CP1252 = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii", "cp819"}
_WESTERN = ("cp1252", "latin_1", "iso8859_15")


class Unreadable(ValueError):
    """A file that is not text (binary) or whose encoding cannot be found."""


class Decoded(NamedTuple):
    """Text, the encoding it was read in, and how many bytes could not be decoded
    (replaced by U+FFFD; only ever non-zero for UTF-8)."""

    text: str
    encoding: str
    replaced: int = 0


_ESCAPED = re.compile("[\udc80-\udcff]")


class Utf8Evidence:
    """Counts, over bytes fed in pieces, well-formed UTF-8 multi-byte characters and
    bytes that are not UTF-8 (memory stays small for a file of any size)."""

    def __init__(self) -> None:
        self._dec = codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")
        self.good = 0  # non-ASCII characters decoded from valid sequences
        self.bad = 0  # bytes that are not part of a valid sequence

    def feed(self, data: bytes, final: bool = False) -> None:
        s = self._dec.decode(data, final)
        if s.isascii():
            return
        bad = len(_ESCAPED.findall(s))
        self.bad += bad
        self.good += len(s) - len(s.encode("ascii", "ignore")) - bad

    @property
    def is_utf8(self) -> bool:
        """UTF-8, perhaps with a few broken bytes: valid multi-byte characters are at
        least as many as broken bytes (legacy single-byte text almost never forms a
        valid sequence, so its accented letters all count as broken)."""
        return self.bad == 0 or self.good >= self.bad


def replaced_message(n: int) -> str:
    """The warning for a file read as UTF-8 with ``n`` broken bytes replaced."""
    s = "" if n == 1 else "s"
    return f"{n} byte{s} not valid UTF-8, replaced by U+FFFD (the rest read as UTF-8)"


def _check_not_binary(sample: bytes) -> None:
    if sample.count(b"\x00") > max(1, len(sample) // 100):
        raise Unreadable("binary file (NUL bytes): not a text article")


def _too_many_controls(text: str) -> bool:
    head = text[:SAMPLE]
    controls = sum(
        1 for c in head if (ord(c) < 32 and c not in "\t\n\r\f") or 0x7F <= ord(c) < 0xA0
    )
    return controls > max(2, len(head) // 50)


def _bom(data: bytes) -> str | None:
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


_WESTERN_CHARS = re.compile(
    "[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff«»“”‘’–—…€©®°£¥§·¿¡ªº±×÷²³¹¼½¾\u00a0•™]"
)


def _plausible_western(data: bytes) -> bool:
    """True when ``data`` read as Windows-1252 gives Western European letters and
    punctuation (é, ü, ñ, «», “”, —) rather than a jumble of symbols."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    odd = [c for c in text if ord(c) > 127]
    if not odd:
        return True
    good = sum(1 for c in odd if _WESTERN_CHARS.match(c))
    if good < 0.95 * len(odd):
        return False
    # Real Western text has accented letters inside words, not runs of them.
    runs = re.findall("[\u00c0-\u00ff]{3,}", text)
    return len(runs) <= max(1, len(odd) // 20)


def detect_encoding(data: bytes) -> str:
    """The most likely encoding of non-UTF-8 ``data`` (raises :class:`Unreadable`)."""
    from charset_normalizer import from_bytes

    if _plausible_western(data[:DETECT_SAMPLE]):
        return "cp1252"

    matches = list(from_bytes(data[:DETECT_SAMPLE]))
    if not matches:
        raise Unreadable("binary or undecodable file: no text encoding fits")
    best = matches[0]
    close = [
        m.encoding
        for m in matches
        if m.chaos <= best.chaos + 0.01 and m.coherence >= best.coherence - 0.02
    ]
    for enc in _WESTERN:
        if enc in close:
            if enc == "cp1252":
                try:
                    data[:DETECT_SAMPLE].decode("cp1252")
                except UnicodeDecodeError:
                    return "latin_1"
            return enc
    return best.encoding


def normalise_charset(name: str | None) -> str | None:
    """A usable Python codec name for a declared charset, or None if unknown."""
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    if name in _AS_CP1252:
        return "cp1252"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Return ``(text, encoding)``, or raise :class:`Unreadable` with the reason
    (see :func:`decode`, which also says how many bytes were replaced)."""
    text, enc, _ = decode(data, declared)
    return text, enc


def decode(data: bytes, declared: str | None = None) -> Decoded:
    """The text of ``data``, or raise :class:`Unreadable` with the reason.

    UTF-8 is tried first, and kept when the evidence says UTF-8 even with a few broken
    bytes (they become U+FFFD and are counted in ``replaced``); then ``declared``, a
    charset the source states (an HTTP header, a ``<meta>`` tag), when the bytes decode
    under it; else detection.
    """
    bom = _bom(data)
    if bom:
        return Decoded(data.decode(bom, errors="replace"), bom)
    _check_not_binary(data[:SAMPLE])
    try:  # valid UTF-8 with non-ASCII bytes is almost never anything else
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    evidence = Utf8Evidence()
    evidence.feed(data, final=True)
    enc = normalise_charset(declared)
    if enc and enc != "utf-8" and not (evidence.good and evidence.is_utf8):
        try:
            text = data.decode(enc)
            if not _too_many_controls(text):
                return Decoded(text, enc)
        except UnicodeDecodeError:
            pass
    if evidence.good and evidence.is_utf8:
        text = data.decode("utf-8", errors="replace")
        if _too_many_controls(text):
            raise Unreadable("binary file: decodes to control characters, not text")
        return Decoded(text.replace("\x00", ""), "utf-8", evidence.bad)
    enc = detect_encoding(data)
    text = data.decode(enc, errors="replace")
    # Many control characters mean we decoded noise, not text.
    if _too_many_controls(text):
        raise Unreadable("binary file: decodes to control characters, not text")
    return Decoded(text.replace("\x00", ""), enc)


def sniff_stream(f: BinaryIO, chunk: int = 1 << 16) -> tuple[str, int]:
    """The encoding of a (possibly huge) file, reading it once in chunks, and how many
    bytes will be replaced when it is read in that encoding (non-zero only for UTF-8
    with a few broken bytes).

    The whole file is weighed as UTF-8 with an incremental decoder, so memory stays
    small (see :class:`Utf8Evidence`); a file that is not UTF-8 has its first megabyte
    go to the detector. The stream is left at its start.
    """
    start = f.read(chunk)
    f.seek(0)
    bom = _bom(start)
    if bom:
        return bom, 0
    _check_not_binary(start[:SAMPLE])
    evidence = Utf8Evidence()
    head = bytearray()
    while block := f.read(chunk):
        if len(head) < DETECT_SAMPLE:
            head += block[: DETECT_SAMPLE - len(head)]
        evidence.feed(block)
    evidence.feed(b"", final=True)
    f.seek(0)
    if evidence.bad == 0:
        return "utf-8", 0
    if evidence.good and evidence.is_utf8:
        return "utf-8", evidence.bad
    return detect_encoding(bytes(head)), 0


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def html_charset(data: bytes) -> str | None:
    """The charset a page declares in a ``<meta>`` tag (first 4 KB), if any."""
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii", "ignore") if m else None


def header_charset(content_type: str | None) -> str | None:
    """The ``charset=`` of a Content-Type header, if any."""
    if not content_type:
        return None
    m = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", content_type, re.I)
    return m.group(1) if m else None
