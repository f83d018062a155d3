"""openstacksdk's and keystoneauth's exceptions as the cloud interface's
typed errors (:mod:`heat_core.clouds.errors`).

- 404 → :class:`NotFound`, 400 → :class:`BadRequest`, 409 →
  :class:`Conflict`;
- quota refusals → :class:`QuotaExceeded`: Nova's 403 "Quota exceeded for
  instances: ...", Cinder's 413 ``VolumeLimitExceeded`` (and its
  gigabytes/snapshots/backups siblings), Neutron's 409 ``OverQuota``; the
  error's ``quota`` names the quota (``instances``, ``volumes``, ``port``);
- any other HTTP error → :class:`CloudError` with the service's message and
  status; no endpoint, no connection, no configuration → :class:`CloudError`.
"""

from __future__ import annotations

import functools
import json
import re

from heat_core.clouds.errors import BadRequest, CloudError, Conflict, NotFound, QuotaExceeded

# Cinder's quota exceptions (their class name starts the message) and the
# quota each one is about
_CINDER_QUOTAS = {
    'VolumeLimitExceeded': 'volumes',
    'SnapshotLimitExceeded': 'snapshots',
    'BackupLimitExceeded': 'backups',
    'VolumeSizeExceedsAvailableQuota': 'gigabytes',
    'VolumeSizeExceedsLimit': 'gigabytes',
    'VolumeBackupSizeExceedsAvailableQuota': 'backup_gigabytes',
}

_QUOTA_NAME = (
    # Nova: "Quota exceeded for instances: Requested 1, but already used 10 of 10 instances"
    re.compile(r"Quota exceeded for (?:resources: \[')?(\w+)"),
    # Cinder: "... exceeded for quota 'volumes'." / "exceeds allowed gigabytes quota"
    re.compile(r"for quota '(\w+)'"),
    re.compile(r"allowed (\w+) quota"),
    # Cinder: "Maximum number of snapshots allowed (10) exceeded"
    re.compile(r"Maximum number of (\w+) allowed"),
)


def _html_message(response) -> str | None:
    """Swift's one-line HTML error page as text: ``Conflict: There was a
    conflict ...``."""
    if response is None or 'text/html' not in response.headers.get('content-type', ''):
        return None
    parts = [p.strip() for p in re.split(r'<[^>]*>', response.text or '')]
    return ': '.join(p for p in parts if p) or None


def _service_message(exc) -> str:
    """The message the service put in its error document (openstacksdk's
    ``details``), else openstacksdk's own."""
    html = _html_message(getattr(exc, 'response', None))
    if html:
        return html
    details = str(getattr(exc, 'details', None) or '').strip()
    if details.startswith('{'):
        # an error document not labelled as JSON: its message
        try:
            document = json.loads(details)
        except ValueError:
            document = None
        if isinstance(document, dict):
            found = [v.get('message') for v in document.values()
                     if isinstance(v, dict) and v.get('message')]
            details = str(found[0]) if found else details
    return details or str(getattr(exc, 'message', None) or exc)


def _error_type(exc) -> str | None:
    """Neutron's error ``type`` (``OverQuota``, ``PortNotFound`` ...)."""
    response = getattr(exc, 'response', None)
    if response is None:
        return None
    try:
        body = response.json()
    except Exception:  # noqa: BLE001 - not JSON: no type
        return None
    if isinstance(body, dict) and isinstance(body.get('NeutronError'), dict):
        return body['NeutronError'].get('type')
    return None


def quota_name(message: str) -> str | None:
    """The quota a service's quota message is about, if it says."""
    for exception, quota in _CINDER_QUOTAS.items():
        if message.startswith(exception):
            return quota
    for pattern in _QUOTA_NAME:
        found = pattern.search(message)
        if found:
            return found.group(1)
    return None


def _is_quota(status: int, message: str, error_type: str | None) -> bool:
    if error_type == 'OverQuota':
        return True
    if status == 413:
        return True        # Cinder's (and old Nova's) overLimit
    if status in (403, 409):
        return bool(re.search(r'quota|LimitExceeded', message, re.IGNORECASE))
    return False


def quota_error(message: str, status: int) -> QuotaExceeded:
    quota = quota_name(message)
    text = message
    if quota and quota not in message:
        text = 'Quota exceeded for %s: %s' % (quota, message)
    elif not quota and 'quota' not in message.lower():
        text = 'Quota exceeded: %s' % message
    error = QuotaExceeded(text, status)
    error.quota = quota
    return error


def translate(exc: Exception) -> CloudError:
    """The interface's error for an exception openstacksdk raised."""
    from keystoneauth1 import exceptions as ksa
    from openstack import exceptions as sdk

    if isinstance(exc, CloudError):
        return exc
    if isinstance(exc, sdk.HttpException):
        status = exc.status_code or 500
        message = _service_message(exc)
        if _is_quota(status, message, _error_type(exc)):
            return quota_error(message, status)
        if status == 404:
            return NotFound(message, status)
        if status == 400:
            return BadRequest(message, status)
        if status == 409:
            return Conflict(message, status)
        return CloudError(message, status)
    if isinstance(exc, ksa.HttpError):
        # keystoneauth's own (authentication failed, ...)
        status = exc.http_status or 500
        if status == 404:
            return NotFound(exc.message, status)
        return CloudError('%s (HTTP %s)' % (exc.message, status), status)
    if isinstance(exc, ksa.ClientException):
        # no endpoint for the service, cannot connect, no version discovery
        return CloudError('OpenStack unreachable: %s' % exc, 503)
    if isinstance(exc, sdk.SDKException):
        return CloudError(str(exc.message or exc))
    raise exc


def sdk_errors(method):
    """Decorate a backend method: openstacksdk's exceptions leave it as the
    interface's errors."""
    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        from keystoneauth1 import exceptions as ksa
        from openstack import exceptions as sdk
        try:
            return method(*args, **kwargs)
        except (sdk.SDKException, ksa.ClientException) as exc:
            raise translate(exc) from exc
    return wrapper
