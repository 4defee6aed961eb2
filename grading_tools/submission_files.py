"""What of a submission's folder is copied: regular files and real folders, within limits.

Why: a submission is data, written by a student. A symbolic link in it (`notes.txt ->
../../../source/ID/ID.ipynb`, to the reference solutions, to the gradebook, to another student's
folder) would be followed by every ordinary copy (nbgrader's `shutil.copy` and `copytree`), so
the file it points to would be graded, executed and shown in the feedback as the student's. A
named pipe or a link to /dev/zero would hang the copy or fill the disk.

So every place that copies a submission (collect from the exchange, intake's staged copy, the
quarantine before nbgrader's own copies) asks this module. It walks the folder without
following anything (directory file descriptors, `O_NOFOLLOW`), keeps regular files and real
folders only, and leaves out, with the reason in plain words for the instructor:
- symbolic links, anywhere (the submission folder, or the student's folder, being one included);
- named pipes, sockets, devices;
- hard links (a file that is also elsewhere);
- what goes past the limits: the number of files, their total size, the depth of folders
  (`c.SubmissionFiles.max_files`, `max_bytes`, `max_depth`).
A copied file is opened with `O_NOFOLLOW` and checked again once open (`fstat`): on a shared
exchange, a student may swap a file for a link between the walk and the copy. Copies get modes
0644 (files) and 0755 (folders), whatever the student set, so that a grading kernel running as
another user can read them.
"""

import fnmatch
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from traitlets import Integer
from traitlets.config import LoggingConfigurable

FILE_MODE, FOLDER_MODE = 0o644, 0o755
NOTES_PER_REASON = 3  # left-out paths named per reason in a note; the rest are counted
_OPEN_FILE = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
_OPEN_FOLDER = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


@dataclass(frozen=True)
class LeftOut:
    """An entry left out of the copy: its path relative to the submission folder (".." for
    the student's folder) and why, in plain words."""

    path: str
    why: str


@dataclass
class Survey:
    """What a walk of a submission folder found."""

    kept: list = field(default_factory=list)  # relative paths of the regular files kept
    left_out: list = field(default_factory=list)  # LeftOut
    latest_change: float = 0.0  # the latest st_ctime of the folder and its entries

    def notes(self):
        """What was left out and why, for the instructor: one line per reason."""
        by_reason = {}
        for item in self.left_out:
            by_reason.setdefault(item.why, []).append(item.path)
        lines = []
        for why, paths in by_reason.items():
            named = ", ".join(paths[:NOTES_PER_REASON])
            hidden = len(paths) - NOTES_PER_REASON
            more = f" and {hidden} more" if hidden > 0 else ""
            lines.append(f"left out {named}{more}: {why}")
        return lines


class SubmissionFiles(LoggingConfigurable):
    """The limits of a submission's folder, and the walk, copy and quarantine that keep to them."""

    max_files = Integer(1000, help="Files kept per submission; the rest are left out.").tag(
        config=True
    )
    max_bytes = Integer(
        100 * 1024**2, help="Total bytes of the files kept per submission; past it, left out."
    ).tag(config=True)
    max_depth = Integer(10, help="Folders kept nested this deep at most; deeper, left out.").tag(
        config=True
    )

    # ------------------------------------------------------------------ the walk
    def survey(self, folder, within=None, ignore=()):
        """What a copy of `folder` would keep and leave out. `within`: the folder it is expected
        under (e.g. submitted/), whose sub-folders down to `folder` must be real folders too;
        `ignore`: name patterns skipped silently (nbgrader's c.CourseDirectory.ignore)."""
        return self._walk(folder, within, ignore, copy_to=None)

    def copy(self, folder, dest, within=None, ignore=(), skip=()):
        """Copy what `survey` keeps from `folder` to `dest` (created; must not exist), leaving
        out also the top-level names in `skip`; the Survey of what was copied and left out."""
        dest = Path(dest)
        dest.mkdir(parents=True, mode=FOLDER_MODE)
        dest.chmod(FOLDER_MODE)
        return self._walk(folder, within, ignore, copy_to=dest, skip=set(skip))

    def _walk(self, folder, within, ignore, copy_to, skip=()):
        survey = Survey()
        problem = _not_a_real_folder(Path(folder), within)
        if problem:
            survey.left_out.append(problem)
            return survey
        try:
            fd = os.open(folder, _OPEN_FOLDER)
        except FileNotFoundError:
            return survey  # nothing submitted: nothing to keep or leave out
        except OSError as error:
            survey.left_out.append(LeftOut(".", f"the folder could not be opened ({error})"))
            return survey
        try:
            walk = _Walk(self, survey, ignore, skip, copy_to)
            survey.latest_change = os.fstat(fd).st_ctime
            walk.folder(fd, "", 0)
        finally:
            os.close(fd)
        return survey

    # ------------------------------------------------------------------ quarantine
    def quarantine(self, folder, within, quarantine):
        """Move what a copy of `folder` would leave out into `quarantine` (same relative paths),
        so that an ordinary copy made afterwards (nbgrader's) finds only what is kept; the
        Survey. Nothing is deleted: the instructor keeps what was submitted."""
        survey = self.survey(folder, within)
        for item in survey.left_out:
            source = os.path.normpath(os.path.join(folder, item.path))
            target = _free_name(os.path.normpath(os.path.join(quarantine, item.path)))
            os.makedirs(os.path.dirname(target), mode=0o700, exist_ok=True)
            os.rename(source, target)  # moves a link itself, never what it points to
        return survey


class _Walk:
    """One walk of a folder tree by file descriptors; copies as it goes when `copy_to` is set."""

    def __init__(self, limits, survey, ignore, skip, copy_to):
        self.limits, self.survey, self.ignore = limits, survey, list(ignore)
        self.skip, self.copy_to, self.bytes = skip, copy_to, 0

    def folder(self, fd, relative, depth):
        with os.scandir(fd) as entries:  # notebooks first, then files, then folders
            entries = sorted(
                entries, key=lambda e: (not e.name.endswith(".ipynb"), _is_folder(e), e.name)
            )
        for entry in entries:
            path = f"{relative}{entry.name}"
            if any(fnmatch.fnmatch(entry.name, p) for p in self.ignore):
                continue
            if not relative and entry.name in self.skip:
                continue
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError as error:  # removed while we looked
                self.leave_out(path, f"could not be read ({error.strerror})")
                continue
            self.survey.latest_change = max(self.survey.latest_change, info.st_ctime)
            why = _not_regular(fd, entry.name, info)
            if why:
                self.leave_out(path, why)
            elif stat.S_ISDIR(info.st_mode):
                self.subfolder(fd, entry.name, path, depth + 1, info)
            else:
                self.file(fd, entry.name, path, info)

    def subfolder(self, fd, name, path, depth, info):
        if depth > self.limits.max_depth:
            self.leave_out(
                path,
                f"folders nested more than {self.limits.max_depth} deep "
                "(c.SubmissionFiles.max_depth)",
            )
            return
        try:
            sub = os.open(name, _OPEN_FOLDER, dir_fd=fd)
        except OSError:
            self.leave_out(path, "changed while it was being copied (no longer a folder)")
            return
        try:
            if not _same(os.fstat(sub), info):
                self.leave_out(path, "changed while it was being copied")
                return
            if self.copy_to is not None:
                (self.copy_to / path).mkdir(mode=FOLDER_MODE)
                (self.copy_to / path).chmod(FOLDER_MODE)
            self.folder(sub, f"{path}/", depth)
        finally:
            os.close(sub)

    def file(self, fd, name, path, info):
        limits = self.limits
        if len(self.survey.kept) >= limits.max_files:
            self.leave_out(
                path, f"more than {limits.max_files} files (c.SubmissionFiles.max_files)"
            )
            return
        if self.bytes + info.st_size > limits.max_bytes:
            self.leave_out(
                path,
                f"more than {limits.max_bytes / 1024**2:g} MiB in all "
                "(c.SubmissionFiles.max_bytes)",
            )
            return
        if self.copy_to is not None and not self.copied(fd, name, path, info):
            self.leave_out(path, "changed while it was being copied")
            return
        self.bytes += info.st_size
        self.survey.kept.append(path)

    def copied(self, fd, name, path, info):
        """Copy one file, opened without following a link and checked once open: whether the
        file copied is the one the walk saw (same inode, still a regular file, same size)."""
        try:
            source = os.open(name, _OPEN_FILE, dir_fd=fd)
        except OSError:
            return False
        try:
            if not _same(os.fstat(source), info):
                return False
            target = os.open(self.copy_to / path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
            with os.fdopen(target, "wb") as out:
                os.set_blocking(source, True)
                left = info.st_size
                while left > 0:
                    chunk = os.read(source, min(left, 1024**2))
                    if not chunk:
                        break
                    out.write(chunk)
                    left -= len(chunk)
            os.chmod(self.copy_to / path, FILE_MODE)
            if left == 0 and not os.read(source, 1):  # neither shorter nor longer now
                return True
            (self.copy_to / path).unlink()
            return False
        finally:
            os.close(source)

    def leave_out(self, path, why):
        self.survey.left_out.append(LeftOut(path, why))


def _not_a_real_folder(folder, within):
    """LeftOut(the whole folder) if `folder`, or a folder between `within` and it, is not a
    real folder (a symbolic link, missing, a file); else None."""
    chain = [folder]
    if within is not None:
        parts = folder.relative_to(within).parts
        chain = [Path(within).joinpath(*parts[: i + 1]) for i in range(len(parts))]
    for path in chain:
        relative = os.path.relpath(path, folder)
        whose = "the submission folder" if path == folder else f"the folder {path.name}"
        try:
            info = path.lstat()
        except FileNotFoundError:
            return None if path == folder else LeftOut(relative, f"{whose} is missing")
        if stat.S_ISLNK(info.st_mode):
            return LeftOut(relative, f"{whose} is a symbolic link (to {os.readlink(path)})")
        if not stat.S_ISDIR(info.st_mode):
            return LeftOut(relative, f"{whose} is not a folder")
    return None


def _not_regular(fd, name, info):
    """Why an entry is left out whatever the limits, in plain words; None for a regular file
    or a real folder."""
    mode = info.st_mode
    if stat.S_ISLNK(mode):
        return f"a symbolic link (to {os.readlink(name, dir_fd=fd)})"
    if stat.S_ISDIR(mode):
        return None
    if stat.S_ISREG(mode):
        return "a hard link (the same file is elsewhere too)" if info.st_nlink > 1 else None
    kinds = {stat.S_ISFIFO: "a named pipe", stat.S_ISSOCK: "a socket"}
    kinds |= {stat.S_ISCHR: "a device", stat.S_ISBLK: "a device"}
    return next((what for test, what in kinds.items() if test(mode)), "not a regular file")


def _is_folder(entry):
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _same(opened, seen):
    """Whether what was opened is what the walk saw: the same inode, of the same type."""
    return (opened.st_dev, opened.st_ino, stat.S_IFMT(opened.st_mode)) == (
        seen.st_dev,
        seen.st_ino,
        stat.S_IFMT(seen.st_mode),
    )


def _free_name(path):
    """`path`, or `path.1`, `path.2`, ... if it is taken (an earlier quarantine)."""
    candidate, n = path, 0
    while os.path.lexists(candidate):
        n += 1
        candidate = f"{path}.{n}"
    return candidate
