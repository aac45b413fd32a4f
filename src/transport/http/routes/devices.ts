/** Authorized devices (§5.3.8): enrolling one's device, one's devices, and the security administrators' queue and policy. */
import { Type } from '@sinclair/typebox';
import {
  approveDevice, enrollDevice, getDevice, getEnrollmentPolicy, listDevices, listOwnDevices, revokeDevice, setEnrollmentPolicy,
} from '../../../actions/devices.js';
import { actorOf } from '../auth.js';
import { Body, Device, DeviceWithOwner, EnrollmentPolicy, errorResponses } from '../schemas.js';
import type { Http, RouteDeps } from '../types.js';

const DeviceId = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const Scope = Type.Object({ scope: Type.String({ minLength: 1, maxLength: 64, description: "An agency id, or '*' for the statewide default" }) });
const PolicyView = Type.Composite([
  Type.Object({ scope: Type.String(), own: Type.Boolean({ description: 'false: inherited from the statewide default or the configuration' }) }),
  EnrollmentPolicy,
]);

export async function deviceRoutes(app: Http, { authed }: RouteDeps): Promise<void> {
  const beforeDevice = { allowBeforeDevice: true, allowDuringPasswordChange: true };

  app.post('/api/v1/me/device', {
    preHandler: authed,
    config: beforeDevice,
    schema: {
      tags: ['devices'],
      summary: 'Prove which device this session runs on',
      description: 'The device signs "parley-device-proof:v1\\n" + this session\'s CSRF token with its private key (ECDSA P-256 with SHA-256, '
        + 'IEEE P1363 signature, or Ed25519). A new key enrolls a new device, pending or approved by the agency\'s enrollment policy; '
        + 'a revoked one ends the session. An optional PEM certificate from a State CA for the same key approves the device at once.',
      body: Body({
        publicKey: Type.String({ minLength: 1, maxLength: 700, description: 'SubjectPublicKeyInfo DER, base64url' }),
        signature: Type.String({ minLength: 1, maxLength: 300, description: 'base64url' }),
        name: Type.Optional(Type.String({ maxLength: 100 })),
        certificate: Type.Optional(Type.String({ maxLength: 16_384 })),
      }),
      response: { 200: Device, ...errorResponses },
    },
  }, async (request) => enrollDevice(request.ctx, actorOf(request), request.body));

  app.get('/api/v1/me/device', {
    preHandler: authed,
    config: beforeDevice,
    schema: {
      tags: ['devices'],
      summary: 'The device of this session (null before it is proven)',
      response: { 200: Type.Object({ device: Type.Union([Device, Type.Null()]) }), ...errorResponses },
    },
  }, async (request) => ({ device: actorOf(request).device }));

  app.get('/api/v1/me/devices', {
    preHandler: authed,
    schema: { tags: ['devices'], summary: 'My devices', response: { 200: Type.Object({ items: Type.Array(Device) }), ...errorResponses } },
  }, async (request) => ({ items: await listOwnDevices(request.ctx, actorOf(request)) }));

  app.get('/api/v1/devices', {
    preHandler: authed,
    schema: {
      tags: ['devices'],
      summary: 'Devices of the agencies one manages devices for (security administrators), newest first',
      querystring: Type.Object({
        status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('revoked')])),
        userId: Type.Optional(Type.String({ maxLength: 64 })),
        agencyId: Type.Optional(Type.String({ maxLength: 64 })),
        before: Type.Optional(Type.String({ maxLength: 64, description: 'The id of the last device of the previous page' })),
        limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(DeviceWithOwner) }), ...errorResponses },
    },
  }, async (request) => ({ items: await listDevices(request.ctx, actorOf(request), request.query) }));

  app.get('/api/v1/devices/:id', {
    preHandler: authed,
    schema: { tags: ['devices'], summary: 'One device (its owner, or a security administrator)', params: DeviceId, response: { 200: Device, ...errorResponses } },
  }, async (request) => getDevice(request.ctx, actorOf(request), request.params.id));

  app.post('/api/v1/devices/:id/approve', {
    preHandler: authed,
    schema: { tags: ['devices'], summary: 'Approve a pending device (security administrators; not one\'s own)', params: DeviceId, response: { 200: Device, ...errorResponses } },
  }, async (request) => approveDevice(request.ctx, actorOf(request), request.params.id));

  app.post('/api/v1/devices/:id/revoke', {
    preHandler: authed,
    schema: {
      tags: ['devices'],
      summary: 'Revoke a device: its sessions end and its live connections close (its owner, or a security administrator)',
      params: DeviceId,
      body: Body({ reason: Type.String({ minLength: 3, maxLength: 500 }) }),
      response: { 200: Device, ...errorResponses },
    },
  }, async (request) => revokeDevice(request.ctx, actorOf(request), request.params.id, request.body.reason));

  app.get('/api/v1/device-enrollment/:scope', {
    preHandler: authed,
    schema: { tags: ['devices'], summary: 'The enrollment policy of an agency, or the statewide default (*)', params: Scope, response: { 200: PolicyView, ...errorResponses } },
  }, async (request) => getEnrollmentPolicy(request.ctx, actorOf(request), request.params.scope));

  app.put('/api/v1/device-enrollment/:scope', {
    preHandler: authed,
    schema: {
      tags: ['devices'],
      summary: 'Set the enrollment policy of an agency, or the statewide default (*)',
      params: Scope,
      body: EnrollmentPolicy,
      response: { 200: PolicyView, ...errorResponses },
    },
  }, async (request) => setEnrollmentPolicy(request.ctx, actorOf(request), request.params.scope, request.body));
}
