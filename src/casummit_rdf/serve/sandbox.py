"""Take abilities away from a query worker process before it accepts any work.

A worker runs untrusted SPARQL on pyoxigraph, whose ``SERVICE`` support opens HTTP connections.
The endpoint refuses ``SERVICE`` from the parsed query (:mod:`casummit_rdf.sparql_safety`); as a
second, independent layer the worker cannot open a network connection at all:

* **seccomp** (Linux ≥ 3.17, x86-64 and AArch64; needs no privileges): a filter makes
  ``socket()``, ``connect()`` and the io_uring set-up calls fail with ``EPERM``, and refuses
  every system call of another ABI (32-bit or x32 entry points). Nothing the worker does needs a
  socket: it talks to the server over its standard input and output pipes.
* **network namespace** (Linux, where unprivileged user namespaces are enabled, or as root): the
  worker moves into a new, empty network namespace (only a loopback interface, down), so even a
  socket that existed could not reach the host's loopback services.

Each layer is applied when the system offers it and :func:`remove_network` reports which ones
did; the server prints them at start-up. On other systems (macOS, Windows) neither exists and the
parse-based refusal is the only guard — the server says so.

:func:`limit_memory` caps the worker's address space so that a query that allocates without
bound (a ``CONCAT`` doubling chain) ends the worker instead of the machine's memory; the server
then answers 503 and starts a new worker.
"""

from __future__ import annotations

import ctypes
import os
import platform
import struct
import sys

# <linux/filter.h>, <linux/seccomp.h>, <linux/audit.h>
_BPF_LD_W_ABS = 0x20
_BPF_JEQ_K = 0x15
_BPF_JGE_K = 0x35
_BPF_RET_K = 0x06
_SECCOMP_RET_ALLOW = 0x7FFF0000
_SECCOMP_RET_ERRNO = 0x00050000
_EPERM = 1
_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2
_CLONE_NEWUSER = 0x10000000
_CLONE_NEWNET = 0x40000000

#: (audit architecture, system calls to refuse: socket, connect, io_uring_setup/enter/register)
_ARCHES: dict[str, tuple[int, tuple[int, ...]]] = {
    "x86_64": (0xC000003E, (41, 42, 425, 426, 427)),
    "aarch64": (0xC00000B7, (198, 203, 425, 426, 427)),
}
_X32_BIT = 0x40000000  # x86-64 system calls with this bit set are x32-ABI entry points


def _filter_program(arch: int, denied: tuple[int, ...]) -> bytes:
    """A classic-BPF seccomp program: wrong ABI or a denied call → EPERM, else allow."""

    def op(code: int, k: int, jt: int = 0, jf: int = 0) -> bytes:
        return struct.pack("HBBI", code, jt, jf, k)

    deny = _SECCOMP_RET_ERRNO | _EPERM
    program = [op(_BPF_LD_W_ABS, 4)]  # seccomp_data.arch
    # The deny instruction is the last one; jump offsets count from the next instruction.
    checks = 2 + len(denied)  # the x32 check, one check per call, then "allow"
    program.append(op(_BPF_JEQ_K, arch, jt=0, jf=checks + 1))
    program.append(op(_BPF_LD_W_ABS, 0))  # seccomp_data.nr
    program.append(op(_BPF_JGE_K, _X32_BIT, jt=checks - 1, jf=0))
    for index, number in enumerate(denied):
        program.append(op(_BPF_JEQ_K, number, jt=len(denied) - index, jf=0))
    program.append(op(_BPF_RET_K, _SECCOMP_RET_ALLOW))
    program.append(op(_BPF_RET_K, deny))
    return b"".join(program)


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def _seccomp() -> bool:
    machine = platform.machine().lower()
    spec = _ARCHES.get({"amd64": "x86_64", "arm64": "aarch64"}.get(machine, machine))
    if spec is None:
        return False
    program = _filter_program(*spec)
    count = len(program) // 8
    buffer = ctypes.create_string_buffer(program)

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    fprog = SockFprog(count, ctypes.cast(buffer, ctypes.c_void_p))
    libc = _libc()
    prctl = libc.prctl
    prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong]
    if prctl(_PR_SET_NO_NEW_PRIVS, 1, None, 0, 0) != 0:
        return False
    return prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.addressof(fprog), 0, 0) == 0


def _network_namespace() -> bool:
    libc = _libc()
    for flags in (_CLONE_NEWNET, _CLONE_NEWUSER | _CLONE_NEWNET):
        if libc.unshare(flags) == 0:
            return True
    return False


def remove_network() -> list[str]:
    """Cut this process off the network, as far as the system allows; return what was applied.

    Call it while the process is still single-threaded (a user namespace requires that).
    """
    if not sys.platform.startswith("linux"):
        return []
    applied = []
    try:
        if _network_namespace():
            applied.append("network namespace")
    except (OSError, AttributeError):
        pass
    try:
        if _seccomp():
            applied.append("seccomp")
    except (OSError, AttributeError):
        pass
    return applied


def address_space() -> int | None:
    """This process's current virtual memory size in bytes (Linux), else ``None``."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def limit_memory(extra_bytes: int) -> bool:
    """Cap the address space at its current size plus ``extra_bytes``; False where unsupported."""
    try:
        import resource
    except ImportError:  # Windows
        return False
    current = address_space()
    if current is None:
        return False
    limit = current + extra_bytes
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):
        return False
    return True


def pid_alive(pid: int) -> bool:  # pragma: no cover - small helper for diagnostics
    """True when a process with ``pid`` exists."""
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True
