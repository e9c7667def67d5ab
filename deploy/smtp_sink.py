"""A minimal SMTP server that accepts every message: for deploy/smoke and benchmarks/digests.py only.

    python deploy/smtp_sink.py PORT DIRECTORY      # each message saved as DIRECTORY/<n>.eml

It speaks just enough SMTP for Django's SMTP backend (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP,
QUIT), counts connections and messages, and never relays anything. Python 3.12 removed smtpd and
aiosmtpd is not a dependency, hence these few lines.
"""

import socketserver
import sys
import threading
from pathlib import Path


class SinkServer(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, port: int, directory: Path | None = None) -> None:
        super().__init__(("127.0.0.1", port), SinkHandler)
        self.directory = directory
        self.connections = 0
        self.messages = 0
        self.lock = threading.Lock()

    def store(self, data: bytes) -> None:
        with self.lock:
            self.messages += 1
            number = self.messages
        if self.directory is not None:
            (self.directory / f"{number:06d}.eml").write_bytes(data)


class SinkHandler(socketserver.StreamRequestHandler):
    server: SinkServer

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        with self.server.lock:
            self.server.connections += 1
            if self.server.directory is not None:
                (self.server.directory / "connections").write_text(str(self.server.connections))
        self.reply("220 sink ESMTP")
        while line := self.rfile.readline():
            command = line.decode("ascii", "replace").strip().upper()
            if command.startswith("EHLO"):
                self.wfile.write(b"250-sink\r\n250 8BITMIME\r\n")
            elif command.startswith(("HELO", "MAIL", "RCPT", "RSET", "NOOP")):
                self.reply("250 OK")
            elif command == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                lines = []
                while (data := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                    lines.append(data[1:] if data.startswith(b"..") else data)
                self.server.store(b"".join(lines))
                self.reply("250 OK queued")
            elif command == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")


def start_in_thread(port: int, directory: Path | None = None) -> SinkServer:
    server = SinkServer(port, directory)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


if __name__ == "__main__":
    directory = Path(sys.argv[2])
    directory.mkdir(parents=True, exist_ok=True)
    SinkServer(int(sys.argv[1]), directory).serve_forever()
