"""The Files API (§3.6, §8.5): upload, get by id, stat by path, archive, download."""

from __future__ import annotations

import copy
import hashlib
import json
import re
from typing import Any
from urllib.parse import quote

from .clock import iso
from .errors import ApiError, bad_request, not_found
from .multipart import Part

ACCESS = {
    "PUBLIC_INDEXABLE",
    "PUBLIC_NOT_INDEXABLE",
    "HIDDEN_INDEXABLE",
    "HIDDEN_NOT_INDEXABLE",
    "HIDDEN_PRIVATE",
    "HIDDEN_SENSITIVE",
    "PRIVATE",
    "SENSITIVE",
}
STRATEGIES = {"NONE", "REJECT", "RETURN_EXISTING"}
SCOPES = {"ENTIRE_PORTAL", "EXACT_FOLDER"}
_KINDS = {
    "IMG": {"jpg", "jpeg", "png", "gif", "webp", "heic", "heif", "tif", "tiff", "bmp", "svg"},
    "DOCUMENT": {"pdf", "doc", "docx", "txt", "csv", "xls", "xlsx", "ppt", "pptx", "rtf"},
    "MOVIE": {"mp4", "mov", "avi", "webm"},
    "AUDIO": {"mp3", "wav", "ogg", "m4a"},
}
_TTL = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")


def _ttl_days(ttl: str) -> int | None:
    match = _TTL.match(ttl)
    if not match or ttl == "P":
        return None
    years, months, weeks, days = (int(g or 0) for g in match.groups())
    return years * 365 + months * 30 + weeks * 7 + days


def _folder_path(raw: str) -> str:
    return "/" + "/".join(p for p in raw.split("/") if p)


class FileStore:
    """Files and folders; ids are numeric strings. Not thread-safe (the server locks)."""

    def __init__(self) -> None:
        self.files: dict[str, dict[str, Any]] = {}
        self.folders: dict[str, dict[str, Any]] = {}  # path -> folder
        self._next = 180_000_000_000

    def _id(self) -> str:
        self._next += 1
        return str(self._next)

    def _folder(self, path: str, now: float) -> dict[str, Any] | None:
        """The folder at ``path``, made (with its parents) when missing; None for the root."""
        if path == "/":
            return None
        if path not in self.folders:
            parent_path = path.rsplit("/", 1)[0] or "/"
            parent = self._folder(parent_path, now)
            self.folders[path] = {
                "id": self._id(),
                "name": path.rsplit("/", 1)[1],
                "path": path,
                "parentFolderId": parent["id"] if parent else None,
                "createdAt": iso(now),
                "updatedAt": iso(now),
                "archived": False,
            }
        return self.folders[path]

    def public(self, record: dict[str, Any]) -> dict[str, Any]:
        return {k: copy.deepcopy(v) for k, v in record.items() if k != "bytes"}

    def upload(
        self, parts: list[Part], *, now: float, base_url: str, portal_id: int, max_bytes: int
    ) -> tuple[int, dict[str, Any]]:
        fields = {p.name: p for p in parts}
        upload = fields.get("file")
        if upload is None:
            raise bad_request("A 'file' part is required")
        if len(upload.data) > max_bytes:
            raise ApiError(
                413,
                "VALIDATION_ERROR",
                f"File is too large: {len(upload.data)} bytes, at most {max_bytes} allowed",
            )
        text = {k: p.data.decode("utf-8", "replace") for k, p in fields.items() if k != "file"}
        has_path, has_id = bool(text.get("folderPath")), bool(text.get("folderId"))
        if has_path == has_id:
            # Real HubSpot tolerates neither (root folder); the fake is strict on purpose.
            raise bad_request("Exactly one of folderPath or folderId is required")
        options = self._options(text.get("options"))
        if has_id:
            folder = next((f for f in self.folders.values() if f["id"] == text["folderId"]), None)
            if folder is None:
                raise not_found(f"Folder {text['folderId']} does not exist")
        else:
            folder = self._folder(_folder_path(text["folderPath"]), now)
        folder_path = folder["path"] if folder else ""
        file_name = text.get("fileName") or upload.filename or "file"
        stem, dot, ext = file_name.rpartition(".")
        stem, ext = (stem, ext.lower()) if dot and stem else (file_name, "")
        md5 = hashlib.md5(upload.data).hexdigest()

        strategy = options.get("duplicateValidationStrategy", "NONE")
        scope = options.get("duplicateValidationScope", "ENTIRE_PORTAL")
        if strategy != "NONE":
            same = [
                f
                for f in self.files.values()
                if not f["archived"]
                and f["fileMd5"] == md5
                and (scope == "ENTIRE_PORTAL" or f["parentFolderId"] == (folder or {}).get("id"))
            ]
            if same and strategy == "RETURN_EXISTING":
                return 201, self.public(same[0])
            if same:
                raise ApiError(
                    409,
                    "OBJECT_ALREADY_EXISTS",
                    f"Duplicate file found: {same[0]['path']} (id {same[0]['id']})",
                )

        def path_of(name: str) -> str:
            return f"{folder_path}/{name}{'.' + ext if ext else ''}"

        existing = self._by_path(path_of(stem))
        if existing is not None and options.get("overwrite") is True:
            existing.update(bytes=upload.data, size=len(upload.data), fileMd5=md5)
            existing["updatedAt"] = iso(now)
            return 201, self.public(existing)
        name, n = stem, 0
        while self._by_path(path_of(name)) is not None:
            n += 1  # HubSpot keeps both files; the newer one gets a suffixed name [U]
            name = f"{stem}-{n}"
        file_id = self._id()
        path = path_of(name)
        url = f"{base_url}/hubfs/{portal_id}{quote(path)}"
        ttl_days = _ttl_days(options["ttl"]) if options.get("ttl") else None
        record: dict[str, Any] = {
            "id": file_id,
            "name": name,
            "extension": ext,
            "size": len(upload.data),
            "type": next((k for k, exts in _KINDS.items() if ext in exts), "OTHER"),
            "access": options["access"],
            "url": url,
            "defaultHostingUrl": url,
            "path": path,
            "parentFolderId": folder["id"] if folder else None,
            "fileMd5": md5,
            "isUsableInContent": True,
            "createdAt": iso(now),
            "updatedAt": iso(now),
            "archived": False,
            "bytes": upload.data,
        }
        if ttl_days is not None:
            record["expiresAt"] = int((now + ttl_days * 86_400) * 1000)
        self.files[file_id] = record
        return 201, self.public(record)

    @staticmethod
    def _options(raw: str | None) -> dict[str, Any]:
        if raw is None:
            raise bad_request("The 'options' part is required and must set access")
        try:
            options = json.loads(raw)
        except ValueError as exc:
            raise bad_request("options is not valid JSON") from exc
        if not isinstance(options, dict) or options.get("access") not in ACCESS:
            raise bad_request(f"options.access must be one of {sorted(ACCESS)}")
        if options.get("duplicateValidationStrategy", "NONE") not in STRATEGIES:
            raise bad_request(f"duplicateValidationStrategy must be one of {sorted(STRATEGIES)}")
        if options.get("duplicateValidationScope", "ENTIRE_PORTAL") not in SCOPES:
            raise bad_request(f"duplicateValidationScope must be one of {sorted(SCOPES)}")
        if "ttl" in options:
            days = _ttl_days(str(options["ttl"]))
            if days is None or not 1 <= days <= 366:
                raise bad_request("ttl must be an ISO 8601 period between P1D and P1Y")
        return options

    def _by_path(self, path: str) -> dict[str, Any] | None:
        return next(
            (f for f in self.files.values() if f["path"] == path and not f["archived"]), None
        )

    def get(self, file_id: str) -> dict[str, Any]:
        found = self.files.get(file_id)
        if found is None or found["archived"]:
            raise not_found(f"File {file_id} not found")
        return found

    def stat(self, path: str) -> dict[str, Any]:
        path = _folder_path(path)
        file = self._by_path(path)
        if file is not None:
            return {"file": self.public(file), "folder": None}
        if path in self.folders:
            return {"file": None, "folder": copy.deepcopy(self.folders[path])}
        raise not_found(f"No file or folder at path {path}")

    def archive(self, file_id: str, now: float) -> None:
        found = self.get(file_id)
        found["archived"] = True
        found["archivedAt"] = iso(now)

    def exists(self, file_id: str) -> bool:
        found = self.files.get(file_id)
        return found is not None and not found["archived"]
