"""Publishing a whole directory at once: built aside, then swapped in by one rename.

Linux's ``renameat2(RENAME_EXCHANGE)`` exchanges two paths atomically, directories included:
a reader resolving the path sees the old directory or the new one, never neither (as a
rename-aside-then-rename-in would leave for an instant) and never a mix.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
from pathlib import Path

from idn_crawler.storage.files import fsync_dir

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


class SwapUnsupported(OSError):
    """This system or file system cannot exchange two paths atomically."""


def exchange(a: Path, b: Path) -> None:
    """Swap two existing paths in one atomic step."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except AttributeError:
        raise SwapUnsupported(errno.ENOSYS, "renameat2 is not available on this system") from None
    done = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if done != 0:
        code = ctypes.get_errno()
        if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
            raise SwapUnsupported(code, f"cannot swap {a} and {b} atomically here ({os.strerror(code)})")
        raise OSError(code, os.strerror(code), str(b))
    fsync_dir(b.parent)


def publish_dir(built: Path, final: Path) -> None:
    """Put the complete directory ``built`` at ``final``; what was there before is removed."""
    if final.exists():
        exchange(built, final)
        shutil.rmtree(built)  # now the previous directory, under the aside name
    else:
        os.rename(built, final)
        fsync_dir(final.parent)


def fsync_tree(root: Path) -> None:
    """Every file and folder under root on disk before it is published."""
    for folder, _, files in os.walk(root):
        for name in files:
            fd = os.open(os.path.join(folder, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        fsync_dir(Path(folder))
