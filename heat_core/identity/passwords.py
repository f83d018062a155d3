"""Password hashes: salted scrypt, self-describing.

A hash reads ``scrypt$<n>$<r>$<p>$<salt>$<digest>`` (base64 salt and
digest), so the cost parameters can be raised later without breaking
stored hashes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

#: scrypt cost: 2**14 x 8 x 1 needs 16 MiB and ~30-50 ms, OWASP's minimum
N, R, P = 2 ** 14, 8, 1
_DKLEN = 32


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode('utf-8'), salt=salt, n=n, r=r, p=p,
                          maxmem=256 * n * r + 1024 * 1024, dklen=_DKLEN)


def hash_password(password: str) -> str:
    salt = os.urandom(16)
    digest = _scrypt(password, salt, N, R, P)
    return 'scrypt$%d$%d$%d$%s$%s' % (N, R, P, base64.b64encode(salt).decode(),
                                      base64.b64encode(digest).decode())


def verify_password(password: str, stored: str | None) -> bool:
    """Whether ``password`` matches ``stored`` (a :func:`hash_password` value)."""
    if not stored or password is None:
        return False
    try:
        scheme, n, r, p, salt, digest = stored.split('$')
        if scheme != 'scrypt':
            return False
        expected = base64.b64decode(digest)
        actual = _scrypt(password, base64.b64decode(salt), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(expected, actual)
