"""User data as the server should get it."""

from __future__ import annotations

import base64
import binascii
import re

_BASE64 = re.compile(r'[A-Za-z0-9+/]+={0,2}')
_PRINTABLE = re.compile(r'[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*')


def user_data_text(value: str | None) -> str:
    """The text of a ``UserData`` value.

    Templates wrap user data in ``Fn::Base64``, which gives real base64
    here (OpenStack Heat's was a no-op, and Nova encodes user data itself):
    such a value is decoded, so the server gets the script.  Anything that
    is not the base64 of UTF-8 text is passed on as it is.
    """
    if not value:
        return ''
    text = value.strip()
    if len(text) % 4 == 0 and _BASE64.fullmatch(text):
        try:
            decoded = base64.b64decode(text, validate=True).decode('utf-8')
        except (binascii.Error, UnicodeDecodeError):
            return value
        if _PRINTABLE.fullmatch(decoded):
            return decoded
    return value
