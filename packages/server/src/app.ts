import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { withNamedComponents } from './openapi-components.js';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AllotError } from '@allot/core';
import Fastify, { LogController } from 'fastify';
import { pino, type Logger } from 'pino';
import { AnswerLog } from './http/answer-log.js';
import { guard } from './http/auth.js';
import { defaultConnectionLimits, guardConnections, refuseOverLimit, timeoutOptions, type ConnectionLimits } from './http/connections.js';
import type { App, AppDeps } from './http/app-types.js';
import { HttpMetrics } from './http/metrics.js';
import { errorHandler, sendProblem, toAllotError } from './http/problem.js';
import { requestLoggers } from './http/request-logger.js';
import { securityHeaders } from './http/security-headers.js';
import { refuseBadTextInBodies, refuseBadTextInPathAndQuery } from './http/text-guard.js';
import { refuseUndeclaredQuery, validatorCompiler } from './http/validation.js';
import { CompiledOnFirstUse } from './http/compile-on-first-use.js';
import { accessRoutes } from './routes/access.routes.js';
import { apiKeyRoutes } from './routes/api-key.routes.js';
import { auditRoutes } from './routes/audit.routes.js';
import { authRoutes } from './routes/auth.routes.js';
import { catalogRoutes } from './routes/catalog.routes.js';
import { commerceRoutes } from './routes/commerce.routes.js';
import { deviceRoutes } from './routes/device.routes.js';
import { eventRoutes } from './routes/event.routes.js';
import { groupRoutes } from './routes/group.routes.js';
import { healthRoutes } from './routes/health.routes.js';
import { licenseFileRoutes } from './routes/license-file.routes.js';
import { licenseModelRoutes } from './routes/license-model.routes.js';
import { licenseRoutes } from './routes/license.routes.js';
import { notificationRoutes } from './routes/notification.routes.js';
import { offlineRecordRoutes } from './routes/offline-records.routes.js';
import { planningRoutes } from './routes/planning.routes.js';
import { sessionRoutes } from './routes/session.routes.js';
import { usageRoutes } from './routes/usage.routes.js';
import { tenantRoutes } from './routes/tenant.routes.js';
import { userRoutes } from './routes/user.routes.js';
import { webhookRoutes } from './routes/webhook.routes.js';
import { commerceComponents } from './schemas/commerce.schema.js';
import { ProblemSchema } from './schemas/common.js';
import { randomToken } from './security/secrets.js';

export const bodyLimitBytes = 1_048_576;

const requestIdPattern = /^[A-Za-z0-9._:-]{1,64}$/;

/** Request ids: a random prefix per process and a counter, unique across nodes and cheap to make. */
const requestIdPrefix = `req_${randomToken(8)}`;
let requestCounter = 0;

export interface BuildOptions {
  /** Where the app's log lines go; none are written without one. */
  logger?: Logger;
  /** Timeouts and connection caps of the listening server; the defaults otherwise. */
  connections?: ConnectionLimits;
}

/** The HTTP API and console over the given store. Listening is the caller's business. */
export async function buildApp(deps: AppDeps, options: BuildOptions = {}): Promise<App> {
  const limits = options.connections ?? defaultConnectionLimits;
  const headers = securityHeaders({ secureCookies: deps.secureCookies });
  const firstUse = new CompiledOnFirstUse();
  const metrics = new HttpMetrics();
  const answers = new AnswerLog(metrics);
  const app: App = Fastify({
    // No Fastify logger: with one, Fastify adds and removes two listeners on every response to see
    // its end, which the answer log learns from Node for far less. Requests log to the app's logger.
    childLoggerFactory: requestLoggers(options.logger ?? pino({ level: 'silent' })),
    // The answer log writes each request's one line; the error handler logs what went wrong.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: bodyLimitBytes,
    ...timeoutOptions(limits),
    trustProxy: false,
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && requestIdPattern.test(given) ? given : `${requestIdPrefix}${(requestCounter++).toString(36)}`;
    },
    schemaController: { compilersFactory: { buildSerializer: firstUse.buildSerializer } },
    // Errors Fastify meets before routing (an over-long or malformed path) are problems too.
    frameworkErrors: (error, _request, reply) => {
      void reply.headers(headers.api);
      if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') return sendProblem(reply, new AllotError('not_found', 'No resource has that id.'));
      if (error.code === 'FST_ERR_BAD_URL') return sendProblem(reply, new AllotError('invalid_request', 'The path is not valid percent-encoded UTF-8.'));
      return sendProblem(reply, toAllotError(error));
    },
  }).withTypeProvider<TypeBoxTypeProvider>();
  guardConnections(app.server, limits);
  const stopRecording = answers.attach(app.server);
  app.addHook('onClose', async () => stopRecording());

  app.setValidatorCompiler(validatorCompiler(firstUse));
  app.decorate('compilePending', () => firstUse.compilePending());
  app.addHook('onRoute', refuseUndeclaredQuery);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) => {
    const wantsPage = request.method === 'GET' && !request.url.startsWith('/v1') && deps.webRoot !== undefined;
    // The console is a single-page app: its own paths answer its index page.
    if (wantsPage && (request.headers.accept ?? '').includes('text/html')) return reply.headers(headers.page).sendFile('index.html');
    return sendProblem(reply, new AllotError('route_not_found', `No route ${request.method} ${request.url.split('?')[0]}.`));
  });

  // The console and the docs are pages: their scopes answer the page policy instead.
  const pageHeaders = (scope: App) =>
    scope.addHook('onRequest', (_request, reply, done) => {
      void reply.headers(headers.page);
      done();
    });

  app.decorateRequest('principal', null);
  app.decorateRequest('tenant', null);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('route', 'unmatched');
  app.decorateRequest('startedAt', 0);

  app.addHook('onRequest', (request, reply, done) => {
    // Fastify builds `routeOptions` anew on every read: read it once.
    const route = request.routeOptions;
    request.route = route.url ?? 'unmatched';
    answers.begin(request);
    void reply.header('x-request-id', request.id).headers(headers.api);
    try {
      refuseOverLimit(request, reply);
      refuseBadTextInPathAndQuery(request);
      const guarded = guard(request, route, deps);
      if (guarded instanceof Promise) guarded.then(() => done(), done);
      // A request answered from the caches goes on once this turn's I/O has been read, with the
      // others that came in it: their answers then leave back to back, which costs the server (and
      // the kernel waking the clients) far less per request under load than one at a time. The
      // requests that wait on the database are batched the same way by their round trip.
      else setImmediate(done);
    } catch (error) {
      done(error as Error);
    }
  });
  refuseBadTextInBodies(app);

  app.addSchema(ProblemSchema);
  for (const [name, shape] of Object.entries(commerceComponents)) app.addSchema({ ...shape, $id: name });
  await app.register(fastifySwagger, {
    // Shared schemas appear in the document under their own $id.
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
    // Every operation says who may call it, as its route declares: the permission the guard checks
    // (`x-allot-permission`) or `x-allot-public`. The authorization matrix test is read from these.
    transform: ({ schema, url, route }) => ({
      schema: schema === undefined ? schema : { ...schema, ...(route.config?.public === true ? { 'x-allot-public': true } : { 'x-allot-permission': route.config?.permission }) },
      url,
    }),
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Allot API',
        version: '1',
        description: 'License management: tenants, people, catalog, licenses, usage. Errors are application/problem+json with a stable `code`.',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'An Allot API key: allot_va_… (vendor admin), allot_ta_… (tenant admin), allot_app_… (app)' },
          session: { type: 'apiKey', in: 'cookie', name: 'allot_session', description: 'Console session; changes also need the X-CSRF-Token header' },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
  });
  // The documentation pages are public, like the document they show.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/docs')) route.config = { ...route.config, public: true };
  });
  await app.register(async (scope: App) => {
    pageHeaders(scope);
    await scope.register(fastifySwaggerUi, { routePrefix: '/docs' });
  });

  // Built once, on first request: the routes are all registered by then.
  let document: object | undefined;
  app.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => (document ??= withNamedComponents(app.swagger() as never)));

  healthRoutes(app, deps, metrics);
  // Only the login routes set cookies; every other route reads the session cookie in the guard.
  await app.register(async (scope: App) => {
    await scope.register(fastifyCookie);
    authRoutes(scope, deps);
  });
  tenantRoutes(app, deps);
  userRoutes(app, deps);
  groupRoutes(app, deps);
  catalogRoutes(app, deps);
  apiKeyRoutes(app, deps);
  auditRoutes(app, deps);
  licenseRoutes(app, deps);
  licenseModelRoutes(app);
  accessRoutes(app, deps);
  sessionRoutes(app, deps);
  planningRoutes(app, deps);
  usageRoutes(app, deps);
  deviceRoutes(app, deps);
  licenseFileRoutes(app, deps);
  offlineRecordRoutes(app, deps);
  eventRoutes(app, deps);
  notificationRoutes(app, deps);
  webhookRoutes(app, deps);
  commerceRoutes(app, deps);

  if (deps.webRoot !== undefined && existsSync(join(deps.webRoot, 'index.html'))) {
    const webRoot = deps.webRoot;
    // reply.sendFile for the index page and the single-page fallback.
    await app.register(fastifyStatic, { root: webRoot, serve: false });
    // The console's own files are public, like the login page that loads them. `index: false`, or
    // the plugin declares GET / itself and the route below clashes with it.
    await app.register(async (scope) => {
      scope.addHook('onRoute', (route) => {
        route.config = { ...route.config, public: true };
      });
      pageHeaders(scope);
      await scope.register(fastifyStatic, { root: webRoot, prefix: '/', wildcard: false, index: false, decorateReply: false });
    });
    app.get('/', { config: { public: true }, schema: { hide: true } }, async (_request, reply) => reply.headers(headers.page).sendFile('index.html'));
  } else {
    deps.webRoot = undefined;
  }
  await app.ready();
  return app;
}

export type { App, AppDeps };
export type { TypeBoxTypeProvider };
