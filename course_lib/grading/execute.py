"""nbgrader's ``Execute`` with two guards nbgrader does not have.

* **Output is capped while it streams.** nbgrader's ``LimitOutput`` trims stored output
  by *lines* and only *after* the notebook has run: a cell printing 100 MB on one line,
  or a million short lines, is first held whole in the grader's memory, and a single
  long line survives ``LimitOutput`` into the autograded notebook and the feedback HTML.
  :class:`GuardedExecute` counts the characters each cell has produced as the messages
  arrive and keeps at most ``max_output_chars`` per cell (the rest is dropped and a note
  says so). Errors are always kept (they decide the grade), as is the first message of
  each stream name (output on stderr costs a test cell its points in nbgrader).
* **Kernels start through the sandbox launcher** (:mod:`course_lib.grading.sandbox`):
  memory and file-size limits, under root a throwaway uid per grading worker, and no
  network (``isolate_network``): the kernel runs in a network namespace of its own, with
  only a loopback interface that is down, so it reaches no server, not even one on the
  grader's loopback.
* **Kernels talk over ZeroMQ's ``ipc`` transport** (Unix sockets in a private folder,
  :class:`IpcKernelManager`): no TCP port for two starting kernels to race for, and the
  sockets cross network namespaces.

Timeouts stay nbgrader's own (``Execute.timeout``, ``interrupt_on_timeout``).
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
import uuid

from jupyter_client.manager import AsyncKernelManager
from nbgrader.preprocessors import Execute
from traitlets import Bool, Integer, Unicode, default

TRUNCATED = (
    "\n... output truncated by the grader: more than {limit:,} characters in this cell ...\n"
)


class IpcKernelManager(AsyncKernelManager):
    """A kernel manager whose kernel talks over ZeroMQ's ``ipc`` transport.

    Over TCP, jupyter_client picks five free ports on the loopback and the kernel binds
    them a moment later; a port taken in between by anything else (another kernel
    starting in a second worker, an outgoing connection) kills the kernel with "Address
    already in use", and the notebook it was to run is not run. Unix sockets in a fresh
    private folder per kernel (under :attr:`ipc_dir`, else one temp folder per process)
    leave nothing to race for.
    """

    ipc_dir = Unicode("", help="folder for kernels' Unix sockets ('': a private temp folder)").tag(
        config=True
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.transport = "ipc"
        self.ip = os.path.join(_ipc_root(self.ipc_dir), f"kernel-{uuid.uuid4().hex[:12]}", "k")

    @property
    def ipc_folder(self) -> str:
        """The folder holding this kernel's sockets."""
        return os.path.dirname(self.ip)

    def format_kernel_cmd(self, extra_arguments=None):
        os.makedirs(self.ipc_folder, mode=0o700, exist_ok=True)
        return super().format_kernel_cmd(extra_arguments)


class GuardedKernelManager(IpcKernelManager):
    """A kernel manager that starts the kernel through ``python -m course_lib.grading.sandbox``.

    Its sockets are Unix sockets (:class:`IpcKernelManager`), which also cross the network
    namespace of a kernel without network.
    """

    sandbox_uid = Integer(
        -1, help="run the kernel as this uid (grader must be root); -1: as the grader"
    ).tag(config=True)
    scratch_dir = Unicode("", help="folder for sandboxed kernels' private homes").tag(config=True)
    memory_mb = Integer(4096, help="address-space limit of a kernel in MiB (0: none)").tag(
        config=True
    )
    file_mb = Integer(64, help="largest file a kernel may write, MiB (0: none)").tag(config=True)
    nproc = Integer(64, help="process limit under the sandbox uid (0: none)").tag(config=True)
    isolate_network = Bool(
        False, help="run the kernel in a network namespace of its own (no network)"
    ).tag(config=True)

    @default("ipc_dir")
    def _ipc_dir_default(self) -> str:
        return self.scratch_dir

    def format_kernel_cmd(self, extra_arguments=None):
        cmd = super().format_kernel_cmd(extra_arguments)
        wrapper = [
            sys.executable,
            "-m",
            "course_lib.grading.sandbox",
            "--memory-mb",
            str(self.memory_mb),
            "--file-mb",
            str(self.file_mb),
        ]
        if self.sandbox_uid > 0:
            wrapper += ["--uid", str(self.sandbox_uid), "--nproc", str(self.nproc)]
            if self.scratch_dir:
                wrapper += ["--scratch", self.scratch_dir]
            os.chown(self.ipc_folder, self.sandbox_uid, self.sandbox_uid)  # the kernel binds here
        if self.isolate_network:
            wrapper += ["--no-network"]
        return [*wrapper, "--", *cmd]


_IPC_ROOTS: dict[str, str] = {}


def _ipc_root(folder: str) -> str:
    """Where kernels' Unix sockets go: ``folder``, else one private temp folder per process."""
    if folder:
        return folder
    if "" not in _IPC_ROOTS:
        _IPC_ROOTS[""] = tempfile.mkdtemp(prefix="grading-ipc-")
        os.chmod(_IPC_ROOTS[""], 0o711)  # a sandbox uid reaches its kernel's own 0700 folder
        atexit.register(shutil.rmtree, _IPC_ROOTS[""], True)
    return _IPC_ROOTS[""]


def _size(content: dict) -> int:
    """Characters carried by one output message (text, data values, traceback)."""
    total = len(content.get("text", "") or "")
    for value in (content.get("data") or {}).values():
        total += len(value) if isinstance(value, str) else len(str(value))
    total += sum(len(line) for line in content.get("traceback", []) or [])
    return total


class GuardedExecute(Execute):
    """nbgrader's Execute preprocessor, with output capped per cell as it arrives."""

    max_output_chars = Integer(
        200_000, help="characters of output kept per cell while it runs (-1: no limit)"
    ).tag(config=True)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("kernel_manager_class", GuardedKernelManager)
        super().__init__(*args, **kwargs)
        self._used: dict[int, int] = {}
        self._streams: dict[int, set] = {}
        self._noted: set[int] = set()

    def preprocess(self, nb, resources=None, km=None):
        self._used, self._streams, self._noted = {}, {}, set()
        return super().preprocess(nb, resources, km=km)

    def output(self, outs, msg, display_id, cell_index):
        limit = self.max_output_chars
        if limit is None or limit < 0:
            return super().output(outs, msg, display_id, cell_index)
        msg_type = msg["msg_type"]
        content = msg["content"]
        used = self._used.get(cell_index, 0)
        size = _size(content)
        if msg_type == "error":
            # keep every error (it zeroes a test cell) but never a huge one
            content["evalue"] = str(content.get("evalue", ""))[:2000]
            content["traceback"] = [line[:2000] for line in content.get("traceback", [])[-200:]]
            return super().output(outs, msg, display_id, cell_index)
        if used + size <= limit:
            self._used[cell_index] = used + size
            if msg_type == "stream":
                self._streams.setdefault(cell_index, set()).add(content.get("name"))
            return super().output(outs, msg, display_id, cell_index)
        room = max(limit - used, 0)
        self._used[cell_index] = limit
        if msg_type == "stream":
            names = self._streams.setdefault(cell_index, set())
            first_of_name = content.get("name") not in names
            if room or first_of_name or cell_index not in self._noted:
                names.add(content.get("name"))
                text = content.get("text", "")[: max(room, 200 if first_of_name else 0)]
                if cell_index not in self._noted:
                    text += TRUNCATED.format(limit=limit)
                    self._noted.add(cell_index)
                content["text"] = text
                return super().output(outs, msg, display_id, cell_index)
            return None
        # rich output over the limit: dropped, with one note in the cell
        if cell_index not in self._noted:
            self._noted.add(cell_index)
            note = {
                "msg_type": "stream",
                "parent_header": msg["parent_header"],
                "header": {**msg["header"], "msg_type": "stream"},
                "metadata": {},
                "content": {"name": "stdout", "text": TRUNCATED.format(limit=limit)},
            }
            return super().output(outs, note, None, cell_index)
        return None
