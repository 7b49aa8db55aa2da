"""Fail every network connection that leaves the machine (tests run offline).

``install()`` wraps ``socket.socket.connect``/``connect_ex``/``sendto``/``sendmsg`` and
``socket.getaddrinfo``: loopback addresses (127.0.0.0/8, ::1), Unix sockets and other local
families pass; anything else raises :class:`NetworkBlocked` *before* the real call, so no
packet is sent, and a line is appended to the file named by ``$COURSE_OFFLINE_LOG`` (when
set), where the root ``conftest.py`` finds it and fails the test session. That catches an
attempt even when the code that made it swallowed the error, and in other processes (the
notebook kernels, the JupyterLab server of the browser tests).

Activation: ``sitecustomize.py`` beside this file calls ``install()`` when the environment
has ``COURSE_OFFLINE_GUARD=1`` and this folder is on ``PYTHONPATH``; ``child_env()`` gives
those variables. ``tools/course.py test`` and the root ``conftest.py`` set them, so pytest,
nbval's kernels, and the JupyterLab server with its kernels all start guarded.

Standard library only: it runs at interpreter start, before anything else is imported.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import sys
import time
from pathlib import Path

__all__ = ["NetworkBlocked", "child_env", "install", "installed", "uninstall"]

HERE = Path(__file__).resolve().parent
ENV_FLAG = "COURSE_OFFLINE_GUARD"
ENV_LOG = "COURSE_OFFLINE_LOG"
LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}

_real: dict[str, object] = {}


class NetworkBlocked(ConnectionRefusedError):
    """A connection to a non-loopback address was refused by the offline guard.

    A ``ConnectionRefusedError`` (an ``OSError``), so code behaves as on a machine without
    network; the attempt is still recorded and fails the test session.
    """


def _is_local_host(host: object) -> bool:
    if host is None or host == "" or host == b"":
        return True  # bind-style "any"/None: resolves to local addresses only
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    host = str(host).split("%", 1)[0]  # scoped IPv6 "fe80::1%eth0"
    if host.lower() in LOCAL_NAMES or host.lower().endswith(".localhost"):
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False  # a host name: resolving it would already ask a DNS server
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback


def _allowed(family: int, address: object) -> bool:
    if family not in (socket.AF_INET, socket.AF_INET6):
        return True  # AF_UNIX, AF_NETLINK, ...: never leave the machine
    host = address[0] if isinstance(address, tuple) and address else address
    return _is_local_host(host)


def _block(what: str, target: object) -> None:
    msg = (f"offline guard: {what} {target!r} refused; the course runs offline and may only "
           "reach 127.0.0.1 (tools/offline/offline_guard.py)")
    log = os.environ.get(ENV_LOG)
    if log:
        try:
            with open(log, "a", encoding="utf-8") as fh:
                fh.write(f"{time.strftime('%H:%M:%S')} pid {os.getpid()} "
                         f"{' '.join(sys.argv)[:200]}: {what} {target!r}\n")
        except OSError:
            pass
    raise NetworkBlocked(msg)


def _connect(self, address):
    if not _allowed(self.family, address):
        _block("connect to", address)
    return _real["connect"](self, address)


def _connect_ex(self, address):
    if not _allowed(self.family, address):
        _block("connect to", address)
    return _real["connect_ex"](self, address)


def _sendto(self, data, *args):
    address = args[-1]
    if not _allowed(self.family, address):
        _block("sendto", address)
    return _real["sendto"](self, data, *args)


def _sendmsg(self, buffers, *args):
    address = args[2] if len(args) > 2 else None  # sendmsg(buffers, ancdata, flags, address)
    if address is not None and not _allowed(self.family, address):
        _block("sendmsg to", address)
    return _real["sendmsg"](self, buffers, *args)


def _getaddrinfo(host, *args, **kwargs):
    if not _is_local_host(host):
        _block("name lookup of", host)
    return _real["getaddrinfo"](host, *args, **kwargs)


def install() -> None:
    """Install the guard in this process (idempotent)."""
    if _real:
        return
    for name, fn in (("connect", _connect), ("connect_ex", _connect_ex),
                     ("sendto", _sendto), ("sendmsg", _sendmsg)):
        _real[name] = getattr(socket.socket, name)
        setattr(socket.socket, name, fn)
    _real["getaddrinfo"] = socket.getaddrinfo
    socket.getaddrinfo = _getaddrinfo


def uninstall() -> None:
    """Restore the real socket functions."""
    for name in ("connect", "connect_ex", "sendto", "sendmsg"):
        if name in _real:
            setattr(socket.socket, name, _real[name])
    if "getaddrinfo" in _real:
        socket.getaddrinfo = _real["getaddrinfo"]
    _real.clear()


def installed() -> bool:
    return socket.socket.connect is _connect


def child_env(environ: dict[str, str] | None = None) -> dict[str, str]:
    """Variables that make a child Python process start guarded (merged into ``environ``)."""
    environ = dict(os.environ if environ is None else environ)
    path = [p for p in environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    if str(HERE) not in path:
        path.insert(0, str(HERE))
    return {ENV_FLAG: "1", "PYTHONPATH": os.pathsep.join(path)}
