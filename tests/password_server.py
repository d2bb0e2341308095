"""A stand-in PostgreSQL server that asks every client for a password and refuses it (issue 15: pgui): enough
of the wire protocol (startup, cleartext password request, error) to test what the program does when a server
wants a password libpq found nowhere, and that a typed one reaches the server, with no server of that kind
to set up. ``passwords`` lists what clients sent."""
from __future__ import annotations

import socket
import struct
import threading


class PasswordServer:
    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.passwords: list[str] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def url(self, user: str = "clerk", database: str = "branch") -> str:
        return f"postgresql+psycopg://{user}@127.0.0.1:{self.port}/{database}"

    def close(self) -> None:
        self.sock.close()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._talk, args=(conn,), daemon=True).start()

    def _talk(self, conn: socket.socket) -> None:
        with conn:
            try:
                while True:
                    length, code = struct.unpack("!ii", _read(conn, 8))
                    _read(conn, length - 8)
                    if code in (80877103, 80877104):  # SSL / GSS encryption request: not here
                        conn.sendall(b"N")
                        continue
                    break
                conn.sendall(b"R" + struct.pack("!ii", 8, 3))  # AuthenticationCleartextPassword
                kind = _read(conn, 1)
                if kind != b"p":
                    return
                (length,) = struct.unpack("!i", _read(conn, 4))
                self.passwords.append(_read(conn, length - 4).rstrip(b"\0").decode())
                fields = b"".join(k + v.encode() + b"\0" for k, v in (
                    (b"S", "FATAL"), (b"V", "FATAL"), (b"C", "28P01"),
                    (b"M", 'password authentication failed for user "clerk"'))) + b"\0"
                conn.sendall(b"E" + struct.pack("!i", len(fields) + 4) + fields)
            except (OSError, struct.error):
                return


def _read(conn: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            raise OSError("closed")
        data += chunk
    return data
