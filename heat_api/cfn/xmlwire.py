"""CloudFormation's XML wire format (Query protocol, version 2010-05-15).

A result is built from plain data: a dict becomes child elements in
order, a list becomes ``<member>`` elements, ``True``/``False`` become
``true``/``false`` and ``None`` leaves the element out::

    <CreateStackResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
      <CreateStackResult><StackId>arn:...</StackId></CreateStackResult>
      <ResponseMetadata><RequestId>...</RequestId></ResponseMetadata>
    </CreateStackResponse>

Errors are AWS's ``ErrorResponse`` document (``Error`` with ``Type``,
``Code``, ``Message``, then ``RequestId``).

``ContentType=JSON`` asks for the same document as JSON (lists as JSON
arrays), as boto 2 (and so heat-cfntools' cfn-init and cfn-hup) asks and
Heat answered.
"""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

import webob

NAMESPACE = 'http://cloudformation.amazonaws.com/doc/2010-05-15/'
CONTENT_TYPE = 'text/xml'


def _fill(parent: ET.Element, value) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if item is None:
                continue
            _fill(ET.SubElement(parent, key), item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _fill(ET.SubElement(parent, 'member'), item)
    elif isinstance(value, bool):
        parent.text = 'true' if value else 'false'
    else:
        parent.text = str(value)


def _body(root: ET.Element) -> bytes:
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding='utf-8',
                                                                    xml_declaration=False)


def response(action: str, result: dict | None, request_id: str,
             namespace: str = NAMESPACE) -> webob.Response:
    """``<{action}Response>`` with ``result`` (None: no Result element, as
    for DeleteStack) and the request id."""
    root = ET.Element(action + 'Response', xmlns=namespace)
    if result is not None:
        _fill(ET.SubElement(root, action + 'Result'), result)
    _fill(ET.SubElement(root, 'ResponseMetadata'), {'RequestId': request_id})
    return webob.Response(status=200, body=_body(root), content_type=CONTENT_TYPE,
                          charset='UTF-8')


def error(status: int, code: str, message: str, request_id: str, sender: bool = True,
          namespace: str = NAMESPACE) -> webob.Response:
    """AWS's error document."""
    root = ET.Element('ErrorResponse', xmlns=namespace)
    _fill(ET.SubElement(root, 'Error'), {'Type': 'Sender' if sender else 'Receiver',
                                         'Code': code, 'Message': message})
    _fill(ET.SubElement(root, 'RequestId'), request_id)
    return webob.Response(status=status, body=_body(root), content_type=CONTENT_TYPE,
                          charset='UTF-8')


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def json_response(action: str, result: dict | None, request_id: str) -> webob.Response:
    """The response document as JSON (``ContentType=JSON``)."""
    doc = {'ResponseMetadata': {'RequestId': request_id}}
    if result is not None:
        doc = {action + 'Result': _plain(result), **doc}
    return webob.Response(status=200, body=json.dumps({action + 'Response': doc}).encode(),
                          content_type='application/json', charset=None)
