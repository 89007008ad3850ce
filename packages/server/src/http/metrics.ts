import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of one app instance (its own registry, so that tests can build many apps). */
export class HttpMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'allot_http_requests_total',
    help: 'HTTP requests answered, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  private readonly duration = new Histogram({
    name: 'allot_http_request_duration_seconds',
    help: 'Time to answer an HTTP request',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'allot_' });
  }

  // Label children by key: resolving labels is most of the cost of an observation.
  private readonly counters = new Map<string, ReturnType<Counter<'method' | 'route' | 'status'>['labels']>>();
  private readonly timers = new Map<string, ReturnType<Histogram<'method' | 'route'>['labels']>>();

  observe(method: string, route: string, status: number, seconds: number): void {
    const timerKey = `${method} ${route}`;
    const counterKey = `${timerKey} ${status}`;
    let counter = this.counters.get(counterKey);
    if (counter === undefined) {
      counter = this.requests.labels(method, route, String(status));
      this.counters.set(counterKey, counter);
    }
    let timer = this.timers.get(timerKey);
    if (timer === undefined) {
      timer = this.duration.labels(method, route);
      this.timers.set(timerKey, timer);
    }
    counter.inc();
    timer.observe(seconds);
  }
}
