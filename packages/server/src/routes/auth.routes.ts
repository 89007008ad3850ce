import { AllotError, permissionsOf, type Principal } from '@allot/core';
import Type from 'typebox';
import type { App, AppDeps } from '../http/app-types.js';
import { contextOf } from '../http/app-types.js';
import { identify, sessionCookie } from '../http/auth.js';
import { Login, SessionInfo } from '../schemas/auth.schema.js';
import { OwnPasswordChange } from '../schemas/user.schema.js';
import { errorResponses } from '../schemas/common.js';
import { consoleSessionHours, loginWithApiKey, loginWithPassword, logout } from '../services/auth.service.js';
import { changeOwnPassword } from '../services/user.service.js';

const tags = ['auth'];

function sessionInfo(principal: Principal, csrfToken: string | null, expiresAt: string | null) {
  return {
    kind: principal.kind,
    actor: principal.actor,
    tenantId: principal.kind === 'vendor_admin' ? null : principal.tenantId,
    userId: principal.kind === 'tenant' ? principal.userId : null,
    roles: principal.kind === 'tenant' ? [...principal.roles] : [],
    permissions: permissionsOf(principal),
    csrfToken,
    expiresAt,
  };
}

export function authRoutes(app: App, deps: AppDeps): void {
  app.post(
    '/v1/auth/login',
    {
      config: { public: true },
      schema: { tags, summary: 'Console login: sets an HTTP-only session cookie', body: Login, response: { 200: SessionInfo, ...errorResponses } },
    },
    async (request, reply) => {
      const { tenant, email, password, apiKey } = request.body;
      let opened;
      if (apiKey !== undefined && tenant === undefined && email === undefined && password === undefined) {
        opened = await loginWithApiKey(deps.store, deps.clock, apiKey, request.ip, deps.adminToken);
      } else if (apiKey === undefined && tenant !== undefined && email !== undefined && password !== undefined) {
        opened = await loginWithPassword(deps.store, deps.clock, { tenant, email, password }, request.ip);
      } else {
        throw new AllotError('invalid_request', 'Send either tenant, email and password, or apiKey.', { field: apiKey === undefined ? 'password' : 'apiKey' });
      }
      void reply.setCookie(sessionCookie, opened.cookie, {
        httpOnly: true,
        sameSite: 'strict',
        secure: deps.secureCookies,
        path: '/',
        maxAge: consoleSessionHours * 3600,
      });
      return sessionInfo(opened.principal, opened.csrfToken, opened.expiresAt);
    },
  );

  app.post(
    '/v1/auth/logout',
    { config: { public: true }, schema: { tags, summary: 'End the console session', response: { 204: Type.Null() } } },
    async (request, reply) => {
      const cookie = request.cookies[sessionCookie];
      if (cookie !== undefined && cookie !== '') await logout(deps.store, cookie);
      void reply.clearCookie(sessionCookie, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/v1/auth/password',
    {
      config: { permission: 'password.change' },
      schema: {
        tags,
        summary: 'Change your own password',
        description:
          'For a user logged in to the console, whatever their roles (API keys have no password: 403). `currentPassword` is re-entered: ' +
          'when wrong, 401 `password_incorrect`, counted with the logins of the account (429 `too_many_attempts` past the limit). ' +
          "The user's other console sessions end; this one stays.",
        body: OwnPasswordChange,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await changeOwnPassword(contextOf(request, deps), request.body, { address: request.ip, sessionCookie: request.cookies[sessionCookie] });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/v1/auth/session',
    { config: { public: true }, schema: { tags, summary: 'Who is calling, with what permissions', response: { 200: SessionInfo, ...errorResponses } } },
    async (request) => {
      const principal = await identify(request, deps);
      if (principal === null) throw new AllotError('unauthenticated', 'Not logged in.');
      return sessionInfo(principal, request.csrfToken, null);
    },
  );
}
