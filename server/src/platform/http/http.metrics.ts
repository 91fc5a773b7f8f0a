/** Prometheus metrics, one registry per app instance (tests build many apps in one process). */
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export interface Metrics {
  registry: Registry;
  outboxPending: Gauge;
  outboxOldestAgeSeconds: Gauge;
}

export function installMetrics(app: FastifyInstance, collect: () => Promise<void>): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'tinhso_' });
  const duration = new Histogram({
    name: 'tinhso_http_request_duration_seconds',
    help: 'Thời gian xử lý yêu cầu HTTP (giây)',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const outboxPending = new Gauge({
    name: 'tinhso_outbox_pending_events',
    help: 'Số sự kiện đã ghi nhưng chưa giao',
    registers: [registry],
  });
  const outboxOldestAgeSeconds = new Gauge({
    name: 'tinhso_outbox_oldest_pending_age_seconds',
    help: 'Tuổi của sự kiện chưa giao lâu nhất (giây)',
    registers: [registry],
  });

  app.addHook('onResponse', async (request, reply) => {
    duration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    await collect();
    reply.type(registry.contentType);
    return registry.metrics();
  });
  return { registry, outboxPending, outboxOldestAgeSeconds };
}
