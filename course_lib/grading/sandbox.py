"""Launch a student's kernel with limits: ``python -m course_lib.grading.sandbox [options] -- KERNEL_CMD``.

nbgrader executes student code with the rights of whoever runs the grader. The grading
kernel manager (:class:`course_lib.grading.execute.GuardedKernelManager`) therefore
starts every kernel through this small launcher, which, before it ``exec``\\ s the kernel:

* sets resource limits: address space (``--memory-mb``), size of any file written
  (``--file-mb``), no core dumps, and, under a dedicated user, a process count
  (``--nproc``) so a fork bomb stops there;
* when started as root with ``--uid N``: kills whatever processes user N still runs
  (left over from the previous submission graded under that uid), gives the kernel a
  private scratch home, and drops to uid/gid N with no supplementary groups. The kernel
  then cannot read the course (``CourseDirectory.root`` is made ``o-rwx`` by the grading
  cycle), the gradebook, other students' submissions or the solutions, and cannot
  signal the grader or another worker's kernel (each worker has its own uid).

With ``--no-network`` the kernel also starts in a network namespace of its own
(util-linux ``unshare --net``; without root, inside a user namespace: ``unshare --user
--map-root-user --net``), where only a loopback interface exists, and it is down: the
student's code reaches no host, not even a server on the grader's own loopback.

The connection file jupyter_client writes is private to the grader, so it is copied into
the scratch home before the privileges are dropped. The launcher imports only the
standard library so the kernel starts as fast as without it.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import signal
import sys
import tempfile
import time

MiB = 1024 * 1024


def processes_of(uid: int) -> list[int]:
    """Process ids owned by ``uid`` (real uid), read from /proc."""
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status") as fh:
                for line in fh:
                    if line.startswith("Uid:"):
                        if int(line.split()[1]) == uid:
                            pids.append(int(entry))
                        break
        except OSError:
            continue
    return pids


def kill_user_processes(uid: int, wait: float = 2.0) -> int:
    """SIGKILL every process of ``uid`` (never uid 0) and wait briefly until they are gone."""
    if uid == 0:
        raise ValueError("uid: refusing to kill root's processes")
    killed = 0
    deadline = time.monotonic() + wait
    while True:
        pids = [p for p in processes_of(uid) if p != os.getpid()]
        if not pids:
            return killed
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
                killed += 1
            except OSError:
                pass
        if time.monotonic() > deadline:
            return killed
        time.sleep(0.02)


def _limit(which: int, value: int) -> None:
    _, hard = resource.getrlimit(which)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    resource.setrlimit(which, (value, value))


def _private_connection_file(cmd: list[str], home: str, uid: int) -> list[str]:
    """Copy the ``-f``/``--f=`` connection file argument into ``home`` and point the command at the copy."""
    out = list(cmd)
    for i, arg in enumerate(out):
        path = None
        if arg in ("-f", "--f") and i + 1 < len(out):
            path, index, prefix = out[i + 1], i + 1, ""
        elif arg.startswith("--f="):
            path, index, prefix = arg[4:], i, "--f="
        if path:
            copy = os.path.join(home, "kernel-connection.json")
            shutil.copyfile(path, copy)
            os.chown(copy, uid, uid)
            os.chmod(copy, 0o600)
            out[index] = prefix + copy
            break
    return out


def _silence(quiet: bool) -> None:
    if quiet:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.close(devnull)


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--" not in argv:
        raise SystemExit("usage: python -m course_lib.grading.sandbox [options] -- KERNEL_CMD ...")
    split = argv.index("--")
    parser = argparse.ArgumentParser(prog="course_lib.grading.sandbox")
    parser.add_argument("--uid", type=int, default=None, help="drop to this uid/gid (root only)")
    parser.add_argument("--scratch", default=None, help="folder for the kernel's private home")
    parser.add_argument("--memory-mb", type=int, default=0, help="address-space limit (0: none)")
    parser.add_argument(
        "--file-mb", type=int, default=0, help="largest file the kernel may write (0: none)"
    )
    parser.add_argument(
        "--nproc", type=int, default=0, help="process limit for the sandbox uid (0: none)"
    )
    parser.add_argument(
        "--no-network", action="store_true", help="start in a network namespace of its own"
    )
    opts = parser.parse_args(argv[:split])
    cmd = argv[split + 1 :]
    if not cmd:
        raise SystemExit("course_lib.grading.sandbox: no kernel command after --")
    unshare = []
    if opts.no_network:
        tool = shutil.which("unshare")
        if not tool:
            raise SystemExit("course_lib.grading.sandbox: --no-network needs util-linux's unshare")
        unshare = (
            [tool, "--net", "--"]
            if os.geteuid() == 0
            else [tool, "--user", "--map-root-user", "--net", "--"]
        )

    env = dict(os.environ)
    # one thread per numerical library: K workers' kernels share the cores, and many BLAS
    # threads would also eat the address-space limit
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env.setdefault(var, "1")
    # The kernel's own stdout/stderr (start-up warnings; student output goes over iopub) would
    # land between the grader's progress lines: silenced just before the exec, so that the
    # launcher's own errors (a failed unshare, a missing folder) still reach the grader.
    quiet = not env.get("COURSE_GRADING_KERNEL_OUTPUT")
    if opts.uid is not None and os.geteuid() == 0:
        uid = opts.uid
        if uid == 0:
            raise SystemExit("course_lib.grading.sandbox: --uid 0 is not a sandbox")
        kill_user_processes(uid)  # leftovers of the previous kernel run under this uid
        scratch = opts.scratch or "/tmp"
        os.makedirs(scratch, mode=0o711, exist_ok=True)
        home = tempfile.mkdtemp(prefix=f"kernel-{uid}-", dir=scratch)  # unique even when pids wrap
        os.chown(home, uid, uid)
        cmd = _private_connection_file(cmd, home, uid)
        for var in (
            "HOME",
            "IPYTHONDIR",
            "MPLCONFIGDIR",
            "XDG_CACHE_HOME",
            "XDG_CONFIG_HOME",
            "XDG_DATA_HOME",
            "JUPYTER_RUNTIME_DIR",
            "JUPYTER_DATA_DIR",
            "TMPDIR",
        ):
            env[var] = home
        env["USER"] = env["LOGNAME"] = f"sandbox{uid}"
        if opts.nproc:
            _limit(resource.RLIMIT_NPROC, opts.nproc)
        if opts.memory_mb:
            _limit(resource.RLIMIT_AS, opts.memory_mb * MiB)
        if opts.file_mb:
            _limit(resource.RLIMIT_FSIZE, opts.file_mb * MiB)
        _limit(resource.RLIMIT_CORE, 0)
        setpriv = shutil.which("setpriv")
        if setpriv:
            # util-linux setpriv: no supplementary groups, no way back to root through setuid
            # binaries (no_new_privs, empty capability bounding set); it changes uid just before
            # exec, so the interpreter is found even where its path is not readable by the uid.
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            argv = [
                setpriv,
                f"--reuid={uid}",
                f"--regid={uid}",
                "--clear-groups",
                "--no-new-privs",
                "--bounding-set=-all",
                "--",
                *cmd,
            ]
            _silence(quiet)
            os.execve(unshare[0] if unshare else setpriv, [*unshare, *argv], env)
        if unshare:
            raise SystemExit(
                "course_lib.grading.sandbox: --no-network with --uid needs util-linux's setpriv"
            )
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)
        if os.getuid() != uid or os.geteuid() != uid:  # pragma: no cover - paranoia
            raise SystemExit("course_lib.grading.sandbox: could not drop privileges")
    else:
        if opts.memory_mb:
            _limit(resource.RLIMIT_AS, opts.memory_mb * MiB)
        if opts.file_mb:
            _limit(resource.RLIMIT_FSIZE, opts.file_mb * MiB)
        _limit(resource.RLIMIT_CORE, 0)
    # A kernel that outgrows its file limit should get an error, not die of SIGXFSZ.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    cmd = [*unshare, *cmd]
    _silence(quiet)
    os.execvpe(cmd[0], cmd, env)


if __name__ == "__main__":
    main()
