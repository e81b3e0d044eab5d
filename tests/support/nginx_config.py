"""Adapt the repository's nginx/ml.conf to free loopback ports and a throwaway certificate."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.support.servers import REPO_ROOT

ML_CONF = REPO_ROOT / "nginx" / "ml.conf"
OPENSSL = "/usr/bin/openssl"


@dataclass(frozen=True)
class NginxPorts:
    """Where the adapted config listens (http, https, internal metrics) and proxies to."""

    http: int
    https: int
    internal: int
    upstream: int


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    """Write a throwaway self-signed certificate and key for localhost; return their paths."""
    cert, key = directory / "fullchain.pem", directory / "privkey.pem"
    subprocess.run(
        [
            *(OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"),
            *("-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def adapted_ml_conf(ports: NginxPorts, cert: Path, key: Path) -> str:
    """nginx/ml.conf with only its ports and certificate paths replaced."""
    replacements = {
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{ports.upstream};",
        "listen 80;": f"listen 127.0.0.1:{ports.http};",
        "listen 443 ssl;": f"listen 127.0.0.1:{ports.https} ssl;",
        "listen 127.0.0.1:8081;": f"listen 127.0.0.1:{ports.internal};",
        "/etc/nginx/tls/fullchain.pem": str(cert),
        "/etc/nginx/tls/privkey.pem": str(key),
    }
    text = ML_CONF.read_text()
    for old, new in replacements.items():
        if text.count(old) != 1:
            raise ValueError(f"nginx/ml.conf should hold {old!r} exactly once")
        text = text.replace(old, new)
    return text
