"""Keep secrets out of keystoneauth's debug log.

With DEBUG logging keystoneauth writes every request it sends (``curl ...
-d '<body>'``) and every JSON answer (``RESP BODY: ...``).  Through the
identity service those carry what must never reach a log: a stack user's
password (``POST /v3/users``) and the EC2 secret in a credential's blob
(``POST /v3/credentials`` and every credential read back).  A filter on
keystoneauth's loggers masks the values of those keys, in plain JSON and
in the JSON-in-a-string of a credential blob, before any handler sees them.
"""

from __future__ import annotations

import logging
import re

#: keystoneauth's loggers (one, or split into request/response/body)
LOGGERS = ('keystoneauth.session', 'keystoneauth.session.request',
           'keystoneauth.session.response', 'keystoneauth.session.body')

_SECRET_KEYS = '|'.join(('secret', 'password', 'original_password', 'adminPass',
                         'admin_password'))
# "key": "value" (a JSON string: up to the first unescaped quote)
_PLAIN = re.compile(r'("(?:%s)"\s*:\s*")((?:[^"\\]|\\.)*)' % _SECRET_KEYS)
# \"key\": \"value\" inside a JSON string (a credential's blob): up to the
# first \" not escaped once more (masking too much rather than too little)
_NESTED = re.compile(r'(\\"(?:%s)\\"\s*:\s*\\")(.*?)(?=(?<!\\\\)\\")' % _SECRET_KEYS)

MASK = '***'


def redact(text: str) -> str:
    """``text`` with the values of secret keys masked."""
    text = _NESTED.sub(lambda m: m.group(1) + MASK, text)
    return _PLAIN.sub(lambda m: m.group(1) + MASK, text)


class RedactSecrets(logging.Filter):
    """Masks secrets in the records of the logger it is attached to."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a record that cannot format is left alone
            return True
        masked = redact(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


_FILTER = RedactSecrets()


def install() -> None:
    """Attach the filter to keystoneauth's loggers (once)."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
