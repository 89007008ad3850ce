import Type from 'typebox';
import type { App, AppDeps } from '../http/app-types.js';
import type { HttpMetrics } from '../http/metrics.js';

export function healthRoutes(app: App, deps: AppDeps, metrics: HttpMetrics): void {
  app.get('/healthz', { config: { public: true }, schema: { tags: ['health'], response: { 200: Type.Object({ status: Type.String() }) } } }, async () => ({ status: 'ok' }));

  app.get(
    '/readyz',
    { config: { public: true }, schema: { tags: ['health'], response: { 200: Type.Object({ status: Type.String() }), 503: Type.Object({ status: Type.String() }) } } },
    async (_request, reply) => ((await deps.store.ping()) ? { status: 'ready' } : reply.code(503).send({ status: 'database unavailable' })),
  );

  app.get('/metrics', { config: { public: true }, schema: { tags: ['health'], hide: true } }, async (_request, reply) =>
    reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
  );
}
