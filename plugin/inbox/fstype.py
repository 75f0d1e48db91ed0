"""Is the inbox on a filesystem where change notifications miss changes? Then we poll.

inotify (and FSEvents) only report changes made *through this machine's kernel*. On a network
share, a FUSE mount (rclone, sshfs, gvfs, s3fs, gcsfuse, onedriver...) or a VM/WSL shared folder,
files written by the server, another computer or the host OS never produce an event.

Rule: the mount whose mount point is the longest prefix of the inbox's real path (from
/proc/mounts; psutil elsewhere, if installed) decides. Polling if its type is in
``POLLING_FS_TYPES``, or is plain ``fuse`` or any ``fuse.<helper>``. ``fuseblk`` (ntfs-3g, exfat
on a local disk) is local and keeps inotify.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

POLLING_FS_TYPES = frozenset(
    {
        # Network filesystems.
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "ncpfs",
        "afs",
        "ceph",
        "glusterfs",
        "lustre",
        "gpfs",
        "beegfs",
        "davfs",
        "coda",
        "afpfs",  # macOS AFP
        "webdav",  # macOS WebDAV
        # VM and WSL shared folders (the host's changes are invisible to the guest's inotify).
        "9p",
        "drvfs",
        "virtiofs",
        "vboxsf",
        "vmhgfs",
        "prl_fs",
        # Userspace filesystems, plain (mostly sshfs/rclone when the helper isn't named).
        "fuse",
        "macfuse",
        "osxfuse",
    }
)

_MOUNTS = Path("/proc/mounts")


def needs_polling(fs_type: str) -> bool:
    t = fs_type.lower()
    return t in POLLING_FS_TYPES or t.startswith("fuse.")


def _unescape(field: str) -> str:
    # /proc/mounts writes space, tab, newline and backslash as octal escapes (\040 ...).
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m[1], 8)), field)


def _mount_table(mounts_file: Path) -> list[tuple[str, str]]:
    """(mount point, fs type) pairs; empty if the table cannot be read."""
    try:
        lines = mounts_file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        lines = []
    table = []
    for line in lines:
        fields = line.split()
        if len(fields) >= 3:
            table.append((_unescape(fields[1]), fields[2]))
    if table or mounts_file != _MOUNTS:
        return table
    try:  # not Linux: psutil knows the mounts on macOS and Windows, when it is installed
        import psutil
    except ImportError:
        return []
    try:
        return [(p.mountpoint, p.fstype) for p in psutil.disk_partitions(all=True)]
    except Exception:  # psutil raises its own and OS errors; detection is only a hint
        return []


def filesystem_type(path: Path, mounts_file: Path = _MOUNTS) -> str | None:
    """The type of the filesystem holding ``path`` (which should exist), or None if unknown."""
    real = Path(os.path.realpath(path))
    best: tuple[int, str] | None = None
    for mount_point, fs_type in _mount_table(mounts_file):
        mp = Path(mount_point)
        if (real == mp or mp in real.parents) and (best is None or len(mp.parts) >= best[0]):
            # >=: a later line for the same mount point is mounted over the earlier one.
            best = (len(mp.parts), fs_type)
    return best[1] if best else None


def polling_reason(path: Path, mounts_file: Path = _MOUNTS) -> str | None:
    """Why ``path`` should be polled (names the filesystem type), or None."""
    fs_type = filesystem_type(path, mounts_file)
    if fs_type is not None and needs_polling(fs_type):
        return f"{fs_type} filesystem: change notifications would miss files written elsewhere"
    return None
