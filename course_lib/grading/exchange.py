"""nbgrader's exchange with submissions only the instructors can read.

nbgrader's own ``submit`` copies a submission into ``<exchange>/<course>/inbound/`` as
world-readable files (the folder name ends in a random string, and students cannot list
``inbound/``, so the path is hard to guess): a student who learns the path (a shared
screen, a shell history, a log) can read another's answers and their
``submission_secret.txt``, from which the name of their feedback file is computed.

:class:`PrivateSubmit` takes "other" users' access to the submission's folder away after
nbgrader has copied the files: it stays readable by its owner and by the group of ``inbound/``,
which nbgrader creates set-group-id, owned by the instructor who released the problem set
(with several graders, make it their shared group: ``chgrp graders inbound``). nbgrader's
``collect``, run by the instructor, reads it through that group. Enable it in the
students' nbgrader config (the course hub does, ``hub/jupyter/nbgrader_config.py``)::

    c.ExchangeFactory.submit = "course_lib.grading.exchange.PrivateSubmit"
"""

from __future__ import annotations

import os

from nbgrader.exchange.default.submit import ExchangeSubmit


class PrivateSubmit(ExchangeSubmit):
    """``nbgrader submit``, then ``o-rwx`` on the folder it copied into the exchange."""

    def copy_files(self):
        super().copy_files()
        dest = os.path.join(self.inbound_path, self.assignment_filename)
        if not os.path.isdir(dest):  # nothing was copied; nbgrader has said why
            return
        group = os.stat(dest).st_gid
        if group == os.getgid():
            # inbound/ does not hand its group down (not set-group-id, or this student's own
            # group): without "other" access the instructor could not collect the submission
            self.log.warning(
                "inbound %s does not give submissions the instructors' group: "
                "the submission stays readable by other users",
                self.inbound_path,
            )
            return
        # no access for "other" users to the submission's folder, so nothing in it can be
        # reached, whatever nbgrader made the files (two of them, written after the copy, have
        # the student's own group); the instructors' group keeps rwx, to collect and delete it
        os.chmod(dest, 0o770)
