"""The runner's socket: ``AF_UNIX``, ``SOCK_SEQPACKET`` (each message arrives whole), JSON.

A caller sends one request with its stdin, stdout and stderr attached; the runner answers
``{"pid": ...}`` (the child is running) or ``{"refused": reason}``, then ``{"exit": status}``.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from errors import RunnerProtocolError

MAX_MESSAGE_BYTES = 1 << 20  # a request holds the caller's environment: kilobytes, usually
STANDARD_STREAMS = (0, 1, 2)
_MAX_PATH_BYTES = 100  # sun_path holds 108 bytes on Linux


@contextlib.contextmanager
def short_path(path: Path) -> Iterator[str]:
    """``path`` as a socket address: itself when short enough, else reached through an open
    descriptor of its folder (``/proc/self/fd/N/name``), as a temporary folder's may be long."""
    if len(os.fsencode(path)) <= _MAX_PATH_BYTES:
        yield str(path)
        return
    folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        yield f"/proc/self/fd/{folder}/{path.name}"
    finally:
        os.close(folder)


def listen(path: Path) -> socket.socket:
    """A listening socket at ``path`` that only this user can connect to."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileNotFoundError):
        path.unlink()  # a socket left by a runner that was killed
    server = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    old_mask = os.umask(0o177)
    try:
        with short_path(path) as address:
            server.bind(address)
    finally:
        os.umask(old_mask)
    server.listen(16)
    return server


def connect(path: Path, *, timeout: float) -> socket.socket:
    client = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    client.settimeout(timeout)
    try:
        with short_path(path) as address:
            client.connect(address)
    except OSError:
        client.close()
        raise
    return client


def peer_uid(connection: socket.socket) -> int:
    credentials = connection.getsockopt(
        socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i")
    )
    _pid, uid, _gid = struct.unpack("3i", credentials)
    return int(uid)


def send(connection: socket.socket, message: dict[str, Any], fds: tuple[int, ...] = ()) -> None:
    data = json.dumps(message).encode()
    if len(data) > MAX_MESSAGE_BYTES:
        raise RunnerProtocolError(f"message of {len(data)} bytes; at most {MAX_MESSAGE_BYTES}")
    if fds:
        socket.send_fds(connection, [data], list(fds))
    else:
        connection.sendall(data)


def receive(connection: socket.socket, max_fds: int = 0) -> tuple[dict[str, Any] | None, list[int]]:
    """The next message and the descriptors that came with it; (None, []) at the end."""
    data, fds, _flags, _address = socket.recv_fds(connection, MAX_MESSAGE_BYTES, max_fds)
    if not data:
        for fd in fds:
            os.close(fd)
        return None, []
    try:
        message = json.loads(data)
    except ValueError as exc:
        for fd in fds:
            os.close(fd)
        raise RunnerProtocolError(f"not a message: {exc}") from exc
    if not isinstance(message, dict):
        for fd in fds:
            os.close(fd)
        raise RunnerProtocolError("not a message: a JSON object was expected")
    return message, fds
