"""The simulated compute service (Nova): servers with Nova's statuses,
ports made for them, resizes and volume attachments."""

from __future__ import annotations

import base64

from heat_core.clouds.errors import BadRequest, Conflict, NotFound
from heat_plugins.cloud_sim import quotas
from heat_plugins.cloud_sim import user_data as first_boot
from heat_plugins.cloud_sim.core import new_id, now_iso, public

_ACTIVE = {'status': 'ACTIVE', 'task_state': None, 'vm_state': 'active', 'power_state': 1}
_NO_HOST = 'No valid host was found. There are not enough hosts available.'


def _error(message: str) -> dict:
    return {'status': 'ERROR', 'task_state': None, 'vm_state': 'error',
            'fault': {'message': message, 'code': 500, 'created': now_iso()}}


class SimCompute:
    """Compute requests of the simulated cloud."""

    # -- lookups ------------------------------------------------------------------------------
    def _get_server(self, t, server_id: str) -> dict:
        body = t.get('server', server_id)
        if body is None:
            raise NotFound('Instance %s could not be found.' % server_id)
        return body

    def _flavor(self, flavor_id: str) -> dict | None:
        return next((f for f in self.flavors() if f['id'] == flavor_id), None)

    def _view_context(self, t) -> dict:
        """What server views are made from, read once for any number of servers."""
        return {'networks': {n['id']: n['name'] for n in self._everything(t, 'network')},
                'ports': t.list('port'), 'floating_ips': t.list('floating_ip'),
                'volumes': t.list('volume')}

    def _server_view(self, t, body: dict, context: dict | None = None):
        context = context or self._view_context(t)
        view = public(body)
        addresses: dict = {}
        if body.get('status') != 'BUILD':
            for port in context['ports']:
                if port.get('device_id') != body['id']:
                    continue
                network = context['networks'].get(port['network_id'], port['network_id'])
                entries = addresses.setdefault(network, [])
                for fixed in port.get('fixed_ips') or ():
                    entries.append({'addr': fixed['ip_address'],
                                    'version': 6 if ':' in fixed['ip_address'] else 4,
                                    'OS-EXT-IPS:type': 'fixed',
                                    'OS-EXT-IPS-MAC:mac_addr': port['mac_address']})
                for fip in context['floating_ips']:
                    if fip.get('port_id') == port['id']:
                        entries.append({'addr': fip['floating_ip_address'], 'version': 4,
                                        'OS-EXT-IPS:type': 'floating',
                                        'OS-EXT-IPS-MAC:mac_addr': port['mac_address']})
        view['addresses'] = addresses
        view['attached_volumes'] = [
            {'id': v['id'], 'delete_on_termination': bool(v.get('_delete_on_termination'))}
            for v in context['volumes']
            if any(a['server_id'] == body['id'] for a in v.get('attachments') or ())]
        return view

    def _compute_usage(self, t) -> dict:
        used = {'instances': 0, 'cores': 0, 'ram': 0}
        flavors = {f['id']: f for f in self.flavors()}
        for server in t.list('server'):
            if self._going(server):
                continue
            flavor = flavors.get((server.get('flavor') or {}).get('id')) or {}
            used['instances'] += 1
            used['cores'] += flavor.get('vcpus', 0)
            used['ram'] += flavor.get('ram', 0)
        return used

    def _check_state(self, body: dict, action: str, allowed: tuple) -> None:
        status = body.get('status')
        if status not in allowed or body.get('task_state'):
            raise Conflict("Cannot '%s' instance %s while it is in vm_state %s" % (
                action, body['id'], body.get('vm_state') or str(status).lower()))

    # -- listings -----------------------------------------------------------------------------
    def servers(self):
        with self._txn() as t:
            context = self._view_context(t)
            return [self._server_view(t, s, context) for s in t.list('server')]

    def volume_attachments(self):
        with self._txn() as t:
            return [public(a) for v in t.list('volume') for a in v.get('attachments') or ()]

    # -- servers ------------------------------------------------------------------------------
    def create_server(self, name, image, flavor, *, key_name=None, user_data=None,
                      availability_zone=None, security_groups=None, networks=None,
                      block_device_mapping=None, metadata=None, scheduler_hints=None,
                      config_drive=None):
        fault = self._request('create_server')
        images = {i['id']: i for i in self.images()}
        if image not in images:
            raise BadRequest('Image %s could not be found.' % image)
        flv = self._flavor(flavor)
        if flv is None:
            raise BadRequest('Flavor %s could not be found.' % flavor)
        if key_name and key_name not in [k['name'] for k in self.keypairs()]:
            raise BadRequest('Invalid key_name provided.')
        zone = availability_zone or 'nova'
        if zone not in self.availability_zone_names():
            raise BadRequest('The requested availability zone is not available')
        with self._txn(write=True) as t:
            quotas.check_compute(self._compute_usage(t), {
                'instances': 1, 'cores': flv['vcpus'], 'ram': flv['ram']})
            groups = self._security_group_ids(t, security_groups or ['default'])
            server_id = new_id()
            for port in self._server_ports(t, server_id, networks, groups):
                t.put('port', port)
            for volume in self._boot_volumes(t, server_id, block_device_mapping or []):
                t.put('volume', volume)
            body = {
                'id': server_id, 'name': name, 'status': 'BUILD', 'task_state': 'scheduling',
                'vm_state': 'building', 'power_state': 0,
                'image': {'id': image}, 'flavor': {'id': flavor, 'original_name': flv['name'],
                                                   'vcpus': flv['vcpus'], 'ram': flv['ram'],
                                                   'disk': flv['disk']},
                'key_name': key_name, 'availability_zone': zone,
                'metadata': {str(k): str(v) for k, v in (metadata or {}).items()},
                'security_groups': [{'name': g['name']}
                                    for g in self._everything(t, 'security_group')
                                    if g['id'] in groups],
                'user_data': base64.b64encode(user_data.encode('utf-8')).decode('ascii')
                if user_data else None,
                'scheduler_hints': dict(scheduler_hints or {}),
                'config_drive': bool(config_drive), 'hostname': name,
                'created_at': now_iso(), 'updated_at': now_iso()}
            if user_data and first_boot.enabled():
                body[first_boot.KEY] = {'state': first_boot.PENDING}
            self._schedule(body, 'create_server', fault, then=dict(_ACTIVE),
                           error=_error(self.fault_message(fault, _NO_HOST)))
            t.put('server', body)
            return self._server_view(t, body)

    def _server_ports(self, t, server_id, networks, groups) -> list[dict]:
        if not networks:
            internal = [n for n in self._everything(t, 'network')
                        if not n.get('is_router_external')]
            if len(internal) > 1:
                raise Conflict('Multiple possible networks found, use a Network ID to be more '
                               'specific.')
            networks = [{'uuid': n['id']} for n in internal]
        ports = []
        for nic in networks:
            if nic.get('port'):
                port = t.get('port', nic['port'])
                if port is None:
                    raise BadRequest('Port %s could not be found.' % nic['port'])
                if port.get('device_id'):
                    raise Conflict('Port %s is still in use.' % port['id'])
                port.update(device_id=server_id, device_owner='compute:nova', status='ACTIVE')
            else:
                fixed = [{'ip_address': nic['fixed_ip']}] if nic.get('fixed_ip') else None
                port = self._port_body(t, nic.get('uuid') or nic.get('net-id'),
                                       fixed_ips=fixed, security_groups=groups,
                                       device_id=server_id, device_owner='compute:nova')
                port['_made_for_server'] = True
            t.put('port', port)     # visible to the next allocation
            ports.append(port)
        return ports

    def _boot_volumes(self, t, server_id, mappings) -> list[dict]:
        volumes = []
        for i, bdm in enumerate(mappings):
            if bdm.get('destination_type', 'volume') != 'volume':
                continue
            source = bdm.get('source_type', 'volume')
            device = '/dev/' + (bdm.get('device_name') or 'vd' + 'bcdefgh'[i]).split('/')[-1]
            if source == 'volume':
                volume = t.get('volume', bdm.get('uuid'))
                if volume is None:
                    raise BadRequest('Block Device Mapping is Invalid: failed to get volume '
                                     '%s.' % bdm.get('uuid'))
                if volume['status'] != 'available':
                    raise BadRequest('Block Device Mapping is Invalid: volume %s is not '
                                     'available.' % volume['id'])
            else:
                volume = self._volume_body(
                    t, bdm.get('volume_size'),
                    snapshot_id=bdm.get('uuid') if source == 'snapshot' else None,
                    image_id=bdm.get('uuid') if source == 'image' else None)
                volume['_delete_on_termination'] = bool(bdm.get('delete_on_termination'))
            attachment = new_id()
            volume.update(status='in-use', attachments=[{
                'id': attachment, 'attachment_id': attachment, 'server_id': server_id,
                'volume_id': volume['id'], 'device': device, 'attached_at': now_iso()}])
            t.put('volume', volume)
            volumes.append(volume)
        return volumes

    def get_server(self, server_id):
        with self._txn() as t:
            body = self._get_server(t, server_id)
            view = self._server_view(t, body)
        if first_boot.due(body):
            self._boot(server_id)
        return view

    def _boot(self, server_id) -> None:
        """First seen ACTIVE: run its user data ([cloud_sim] run_user_data),
        claimed in a transaction so that it runs once."""
        with self._txn(write=True) as t:
            body = t.get('server', server_id)
            if not first_boot.due(body):
                return
            body[first_boot.KEY] = {'state': first_boot.RUNNING, 'started_at': now_iso()}
            t.put('server', body)
        first_boot.start(self, body)

    def get_server_console_output(self, server_id, length=None):
        """The server's console log (what its user data printed, when the
        simulated cloud runs it), the last ``length`` lines if given."""
        with self._txn() as t:
            body = self._get_server(t, server_id)
        output = body.get('_console') or ''
        if length is not None:
            lines = output.splitlines(keepends=True)
            output = ''.join(lines[-int(length):]) if int(length) > 0 else ''
        return {'output': output}

    def delete_server(self, server_id):
        fault = self._request('delete_server')
        with self._txn(write=True) as t:
            body = self._get_server(t, server_id)
            if self._going(body):
                return
            first_boot.stop(server_id)
            body['task_state'] = 'deleting'
            if fault is None or fault.effect != 'error':
                self._release_server(t, server_id)
            self._schedule(body, 'delete_server', fault, then={}, gone=True,
                           error=_error(self.fault_message(
                               fault, 'Failed to delete instance %s' % server_id)))
            t.put('server', body)

    def _release_server(self, t, server_id) -> None:
        """What Nova does when a server goes: volumes detached (or deleted
        with it), the ports it made deleted, others unbound."""
        for volume in t.list('volume'):
            if any(a['server_id'] == server_id for a in volume.get('attachments') or ()):
                if volume.get('_delete_on_termination'):
                    t.delete('volume', volume['id'])
                else:
                    volume.update(status='available', attachments=[], updated_at=now_iso())
                    volume.pop('_pending', None)
                    t.put('volume', volume)
        for port in t.list('port'):
            if port.get('device_id') == server_id:
                self._release_port(t, port, delete=bool(port.get('_made_for_server')))

    def update_server(self, server_id, *, name=None):
        self._request('update_server')
        with self._txn(write=True) as t:
            body = self._get_server(t, server_id)
            if name is not None:
                body['name'] = name
            body['updated_at'] = now_iso()
            t.put('server', body)
            return self._server_view(t, body)

    def set_server_metadata(self, server_id, metadata):
        self._request('set_server_metadata')
        with self._txn(write=True) as t:
            body = self._get_server(t, server_id)
            body['metadata'] = {str(k): str(v) for k, v in (metadata or {}).items()}
            body['updated_at'] = now_iso()
            t.put('server', body)
            return self._server_view(t, body)

    def resize_server(self, server_id, flavor):
        fault = self._request('resize_server')
        with self._txn(write=True) as t:
            body = self._get_server(t, server_id)
            self._check_state(body, 'resize', ('ACTIVE', 'SHUTOFF'))
            new = self._flavor(flavor)
            if new is None:
                raise BadRequest('Flavor %s could not be found.' % flavor)
            if new['id'] == body['flavor']['id']:
                raise BadRequest('When resizing, instances must change flavor!')
            old = self._flavor(body['flavor']['id']) or {'vcpus': 0, 'ram': 0}
            quotas.check_compute(self._compute_usage(t), {
                'cores': new['vcpus'] - old['vcpus'], 'ram': new['ram'] - old['ram']})
            body.update(status='RESIZE', task_state='resize_prep', _old_flavor=body['flavor'])
            self._schedule(body, 'resize_server', fault, then={
                'status': 'VERIFY_RESIZE', 'task_state': None, 'vm_state': 'resized',
                'flavor': {'id': new['id'], 'original_name': new['name'],
                           'vcpus': new['vcpus'], 'ram': new['ram'], 'disk': new['disk']}},
                error=_error(self.fault_message(fault, 'Resize of instance %s failed'
                                                % server_id)))
            t.put('server', body)

    def confirm_server_resize(self, server_id):
        fault = self._request('confirm_server_resize')
        with self._txn(write=True) as t:
            body = self._get_server(t, server_id)
            self._check_state(body, 'confirmResize', ('VERIFY_RESIZE',))
            body.pop('_old_flavor', None)
            body['task_state'] = 'resize_confirming'
            self._schedule(body, 'confirm_server_resize', fault, then=dict(_ACTIVE),
                           error=_error(self.fault_message(fault, 'Resize confirmation of '
                                                           'instance %s failed' % server_id)))
            t.put('server', body)

    def revert_server_resize(self, server_id):
        fault = self._request('revert_server_resize')
        with self._txn(write=True) as t:
            body = self._get_server(t, server_id)
            self._check_state(body, 'revertResize', ('VERIFY_RESIZE',))
            old = body.pop('_old_flavor', body['flavor'])
            body.update(status='REVERT_RESIZE', task_state='resize_reverting')
            self._schedule(body, 'revert_server_resize', fault,
                           then=dict(_ACTIVE, flavor=old),
                           error=_error(self.fault_message(fault, 'Resize revert of '
                                                           'instance %s failed' % server_id)))
            t.put('server', body)

    def suspend_server(self, server_id):
        fault = self._request('suspend_server')
        with self._txn(write=True) as t:
            body = self._get_server(t, server_id)
            self._check_state(body, 'suspend', ('ACTIVE',))
            body['task_state'] = 'suspending'
            self._schedule(body, 'suspend_server', fault, then={
                'status': 'SUSPENDED', 'task_state': None, 'vm_state': 'suspended',
                'power_state': 7}, error=_error(self.fault_message(
                    fault, 'Suspend of instance %s failed' % server_id)))
            t.put('server', body)

    def resume_server(self, server_id):
        fault = self._request('resume_server')
        with self._txn(write=True) as t:
            body = self._get_server(t, server_id)
            self._check_state(body, 'resume', ('SUSPENDED',))
            body['task_state'] = 'resuming'
            self._schedule(body, 'resume_server', fault, then=dict(_ACTIVE),
                           error=_error(self.fault_message(
                               fault, 'Resume of instance %s failed' % server_id)))
            t.put('server', body)

    # -- volume attachments -------------------------------------------------------------------
    def _attachment(self, volume: dict, server_id: str) -> dict | None:
        return next((a for a in volume.get('attachments') or ()
                     if a['server_id'] == server_id), None)

    def create_volume_attachment(self, server_id, volume_id, device=None):
        fault = self._request('create_volume_attachment')
        with self._txn(write=True) as t:
            server = self._get_server(t, server_id)
            self._check_state(server, 'attach_volume', ('ACTIVE', 'SHUTOFF', 'SUSPENDED'))
            volume = self._get(t, 'volume', volume_id, 'Volume')
            if volume['status'] != 'available':
                raise BadRequest("Invalid volume: volume '%s' status must be 'available'. "
                                 "Currently in '%s'" % (volume_id, volume['status']))
            if device is None:
                used = {a['device'] for v in t.list('volume')
                        for a in v.get('attachments') or () if a['server_id'] == server_id}
                device = next('/dev/vd' + c for c in 'bcdefghijklmnopqrstuvwxyz'
                              if '/dev/vd' + c not in used)
            attachment = {'id': new_id(), 'server_id': server_id, 'volume_id': volume_id,
                          'device': device, 'attached_at': now_iso()}
            attachment['attachment_id'] = attachment['id']
            volume.update(status='attaching', attachments=[attachment])
            self._schedule(volume, 'create_volume_attachment', fault,
                           then={'status': 'in-use'},
                           error={'status': 'available', 'attachments': []})
            t.put('volume', volume)
        return public(attachment)

    def get_volume_attachment(self, server_id, volume_id):
        with self._txn() as t:
            volume = t.get('volume', volume_id)
        found = self._attachment(volume, server_id) if volume else None
        if found is None:
            raise NotFound('volume_id not found: %s' % volume_id)
        return public(found)

    def delete_volume_attachment(self, server_id, volume_id):
        fault = self._request('delete_volume_attachment')
        with self._txn(write=True) as t:
            volume = t.get('volume', volume_id)
            if volume is None or self._attachment(volume, server_id) is None:
                raise NotFound('volume_id not found: %s' % volume_id)
            if volume['status'] == 'detaching':
                return
            if volume['status'] != 'in-use':
                raise BadRequest("Invalid volume: Unable to detach volume. Volume status must "
                                 "be 'in-use' and attach_status must be 'attached' to detach.")
            volume['status'] = 'detaching'
            self._schedule(volume, 'delete_volume_attachment', fault,
                           then={'status': 'available', 'attachments': []},
                           error={'status': 'in-use'})
            t.put('volume', volume)
