"""Reading sources and turning their bytes into article text."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from revtrack.errors import InputError, UsageError
from revtrack.extract import check_encoding, decode, extract
from revtrack.sources import RawSource, parse_size, read_source


def raw(data: bytes) -> RawSource:
    return RawSource(data=data, kind="file", name="story.txt")


def test_read_file_and_stdin(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(b"Body.\n")
    assert read_source(str(path), stdin=io.BytesIO()) == RawSource(b"Body.\n", "file", str(path))
    assert read_source("-", stdin=io.BytesIO(b"In.\n")) == RawSource(b"In.\n", "stdin", "<stdin>")


def test_size_limit_is_exact(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(b"x" * 100)
    assert len(read_source(str(path), stdin=io.BytesIO(), max_bytes=100).data) == 100
    with pytest.raises(InputError, match="larger than the 99 byte limit"):
        read_source(str(path), stdin=io.BytesIO(), max_bytes=99)
    with pytest.raises(InputError, match="standard input is larger"):
        read_source("-", stdin=io.BytesIO(b"x" * 100), max_bytes=99)


@pytest.mark.parametrize(
    ("text", "size"),
    [("10MB", 10_000_000), ("500k", 500_000), ("2MiB", 2 * 1024**2), ("1048576", 1048576)],
)
def test_parse_size(text: str, size: int) -> None:
    assert parse_size(text) == size


def test_decode_reports_the_byte_offset() -> None:
    with pytest.raises(InputError, match=r"not valid utf-8: byte 0xe9 at offset 4"):
        decode(raw(b"Caf!\xe9"))
    assert decode(raw(b"Caf\xe9"), "latin-1") == "Café"
    assert decode(raw(b"\xef\xbb\xbfBOM stripped")) == "BOM stripped"


def test_decode_refuses_binary_but_reads_utf16() -> None:
    utf16 = "Wide text.".encode("utf-16")
    with pytest.raises(InputError, match="binary file: NUL byte at offset"):
        decode(raw(utf16))
    assert decode(raw(utf16), "utf-16") == "Wide text."


def test_check_encoding() -> None:
    assert check_encoding("Latin-1") == "iso8859-1"
    for name in ("nope", "base64"):
        with pytest.raises(UsageError, match="unknown text encoding"):
            check_encoding(name)


def test_extract_normalises_and_refuses_empty() -> None:
    snapshot = extract(raw(b"Title\r\n\r\n\r\nBody.  \r\n"))
    assert (snapshot.text, snapshot.source) == ("Title\n\nBody.\n", "file")
    with pytest.raises(InputError, match="is empty"):
        extract(raw(b" \n\t\n"))
