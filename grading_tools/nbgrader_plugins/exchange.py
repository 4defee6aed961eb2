"""The course's collect: nbgrader's, taking from the exchange only what a student may submit.

Why: the exchange's inbound folder is writable by every student, and nbgrader's collect trusts
what they write there. It takes a submission for the student its folder's name says
(`ada+ID+TIME+RANDOM`), whoever made the folder (its owner check only warns), picks the one
whose name says the latest time, copies it following symbolic links (`shutil.copytree`) and
keeps its `timestamp.txt`, which late penalties read, as the student wrote it.

`CourseCollect` (configured as `c.ExchangeFactory.collect`, nbgrader's own hook, so that
`nbgrader collect`, the formgrader and `python -m grading_tools collect` all use it):
- takes a folder only if it is a real folder owned by the student it names (their Unix user:
  by default the one named like the student id; `c.CourseCollect.student_users` maps ids to
  other user names), or by the instructor running collect (only they could have made it: this
  is how `make demo` submits for its demo students on one machine); refuses the rest, and
  names that hold no time, each with a warning saying why (nbgrader would fail the collect);
- of the folders it takes, picks the latest per student as nbgrader does (by the time in the
  name), so a later-named folder of another owner cannot win;
- copies only regular files and real folders, within limits (submission_files.py);
- writes, as submitted/STUDENT/ID/timestamp.txt, the time the exchange received the files: the
  latest change time (ctime) of the folder and its entries, which a student cannot set back.
  When the student's own timestamp (timestamp.txt, the folder's name) says otherwise by more
  than `c.CourseCollect.time_tolerance` seconds, that is flagged.
What it left out and flagged is kept in submitted/STUDENT/ID/.collect.json, for report.html.
"""

import datetime
import json
import os
import pwd
import stat
from pathlib import Path

from dateutil.tz import gettz
from nbgrader.exchange.default.collect import ExchangeCollect
from nbgrader.utils import parse_utc
from traitlets import Bool, Dict, Float, Unicode

from ..submission_files import SubmissionFiles

RECORD = ".collect.json"


class CourseCollect(ExchangeCollect):
    """nbgrader's collect, refusing folders a student could not have submitted (see module)."""

    student_users = Dict(
        key_trait=Unicode(),
        value_trait=Unicode(),
        help="Student id -> the Unix user name that submits for them (default: the same name).",
    ).tag(config=True)
    time_tolerance = Float(
        60.0,
        help="Seconds by which a student's timestamp may differ from the time the exchange "
        "received the files before it is flagged.",
    ).tag(config=True)
    check_owner = Bool(False, help="nbgrader's warning; this class refuses instead.")

    def init_src(self):
        self.refused = []
        super().init_src()
        self._check_inbound()
        for record in self.refused:
            self.log.warning("Refused %s: %s", record["filename"], record["refused"])
        self.src_records = [r for r in self.src_records if not r["refused"]]

    def _check_inbound(self):
        """The inbound folder must be a real folder of the instructor or root: a student who
        replaced it could otherwise hand in anything under any name."""
        info = os.lstat(self.inbound_path)
        if stat.S_ISLNK(info.st_mode) or info.st_uid not in (os.getuid(), 0):
            if not self.coursedir.groupshared:
                self.fail(
                    f"{self.inbound_path} is not a folder of yours (owner: {_user(info.st_uid)}"
                    "; or a link): someone replaced it. Make the exchange's root sticky "
                    "(chmod 1777), release again, then collect."
                )

    def _path_to_record(self, path):
        """nbgrader's record of an inbound folder, with `refused`: why it is not taken (None
        if it is); a name nbgrader cannot read is refused rather than failing the collect."""
        name = os.path.basename(path)
        parts = name.rsplit("+", 3)
        record = {"username": parts[0], "filename": name, "timestamp": datetime.datetime.min}
        try:
            record["timestamp"] = parse_utc(parts[2])
        except (IndexError, ValueError, OverflowError, TypeError):
            record["refused"] = "its name does not hold a submission time (STUDENT+ID+TIME+...)"
        else:
            record["refused"] = self._refusal(path, parts[0])
        if record["refused"]:
            self.refused.append(record)
        return record

    def _refusal(self, path, student):
        """Why the folder at `path` cannot be `student`'s submission, or None if it can."""
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            return f"it is a symbolic link (to {os.readlink(path)}), not a folder"
        if not stat.S_ISDIR(info.st_mode):
            return "it is not a folder"
        owner = _user(info.st_uid)
        expected = self.student_users.get(student, student)
        if info.st_uid != os.getuid() and owner != expected:
            return (
                f"it names {student} but belongs to the user {owner}, not {expected} "
                "(c.CourseCollect.student_users maps student ids to user names)"
            )
        return None

    def _sort_by_timestamp(self, records):
        """The latest first, of the folders taken; refused ones only when there is no other."""
        taken = [r for r in records if not r["refused"]]
        return super()._sort_by_timestamp(taken or records)

    def do_copy(self, src, dest, log=None):
        """Copy the vetted files, then record when the exchange received them (see module)."""
        files = SubmissionFiles(parent=self)
        survey = files.copy(src, dest, ignore=self.coursedir.ignore)
        student = os.path.basename(os.path.dirname(dest))
        flags = survey.notes()
        received = datetime.datetime.fromtimestamp(survey.latest_change, tz=gettz(self.timezone))
        claims = {"the folder's name": os.path.basename(src).rsplit("+", 3)[2]}
        timestamp_file = os.path.join(dest, "timestamp.txt")
        if os.path.isfile(timestamp_file):
            with open(timestamp_file) as handle:
                claims["timestamp.txt"] = handle.read(200).strip()
        flags += _disagreements(claims, received, self.time_tolerance)
        with open(timestamp_file, "w") as handle:
            handle.write(received.strftime(self.timestamp_format))
        with open(os.path.join(dest, RECORD), "w") as handle:
            json.dump({"received": received.isoformat(), "flags": flags}, handle, indent=1)
        for flag in flags:
            self.log.warning("%s %s: %s", student, self.coursedir.assignment_id, flag)


def _disagreements(claims, received, tolerance):
    """Flags for the student's claimed times that differ from `received` by over `tolerance`
    seconds (or cannot be read)."""
    flags = []
    for where, text in claims.items():
        try:
            claimed = parse_utc(text)
        except (ValueError, OverflowError, TypeError):
            flags.append(
                f"{where} says {text[:60]!r}, not a time; the exchange received the files at "
                f"{received:%Y-%m-%d %H:%M:%S %Z}"
            )
            continue
        gap = (claimed - parse_utc(received)).total_seconds()
        if abs(gap) > tolerance:
            flags.append(
                f"{where} says {text[:60]}, but the exchange received the files at "
                f"{received:%Y-%m-%d %H:%M:%S %Z} ({abs(gap) / 60:.0f} min "
                f"{'later' if gap > 0 else 'earlier'}); graded as received"
            )
    return flags


def _user(uid):
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"


def collect_record(folder):
    """What CourseCollect kept about a collected submission's `folder` ({} if nothing)."""
    try:
        record = json.loads(Path(folder, RECORD).read_text())
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}
