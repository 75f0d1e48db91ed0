"""A small multipart/form-data reader: enough for the Files API upload (§3.6)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import bad_request

_PARAM = re.compile(r';\s*([\w*-]+)=(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))')


def _params(header: str) -> dict[str, str]:
    """``key=value`` pairs after the first ``;`` of a header, quoted or not."""
    rest = header.split(";", 1)[1] if ";" in header else ""
    return {k.lower(): quoted or bare for k, quoted, bare in _PARAM.findall(";" + rest)}


@dataclass(frozen=True)
class Part:
    name: str
    filename: str | None
    content_type: str | None
    data: bytes


def parse(content_type: str, body: bytes) -> list[Part]:
    params = _params(content_type)
    if not content_type.lower().startswith("multipart/form-data") or "boundary" not in params:
        raise bad_request("Expected a multipart/form-data body")
    delimiter = b"--" + params["boundary"].encode("latin-1")
    parts: list[Part] = []
    for chunk in body.split(delimiter)[1:]:
        if chunk.startswith(b"--"):
            break  # the closing delimiter
        chunk = chunk.removeprefix(b"\r\n").removesuffix(b"\r\n")
        head, sep, data = chunk.partition(b"\r\n\r\n")
        if not sep:
            raise bad_request("Malformed multipart part")
        headers: dict[str, str] = {}
        for line in head.decode("utf-8", "replace").split("\r\n"):
            key, _, value = line.partition(":")
            headers[key.strip().lower()] = value.strip()
        disposition = _params(headers.get("content-disposition", ""))
        if "name" not in disposition:
            raise bad_request("A multipart part has no name")
        parts.append(
            Part(
                disposition["name"],
                disposition.get("filename"),
                headers.get("content-type"),
                data,
            )
        )
    return parts
