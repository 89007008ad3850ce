import { Counter, Registry, collectDefaultMetrics, type Histogram } from 'prom-client';

/** Upper bounds of the request-duration buckets, in seconds. */
const bucketBounds = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** What one route answered: requests by status, and how long they took. */
interface RouteStats {
  method: string;
  route: string;
  byStatus: Map<number, number>;
  count: number;
  sum: number;
  /** Observations per bucket, not cumulative; the last one is above every bound. */
  buckets: number[];
}

/**
 * The statistics by route, then by method. Both keys are strings Fastify keeps (the route's pattern,
 * the parser's method name), whose hashes V8 has cached: an answer builds no key and hashes none.
 */
class RouteTable {
  private readonly byRoute = new Map<string, Map<string, RouteStats>>();

  statsOf(method: string, route: string): RouteStats {
    let methods = this.byRoute.get(route);
    if (methods === undefined) this.byRoute.set(route, (methods = new Map()));
    let stats = methods.get(method);
    if (stats === undefined) {
      stats = { method, route, byStatus: new Map(), count: 0, sum: 0, buckets: new Array<number>(bucketBounds.length + 1).fill(0) };
      methods.set(method, stats);
    }
    return stats;
  }

  *[Symbol.iterator](): IterableIterator<RouteStats> {
    for (const methods of this.byRoute.values()) yield* methods.values();
  }

  clear(): void {
    this.byRoute.clear();
  }
}

/** One sample as prom-client's registry formats it. */
interface Sample {
  metricName: string;
  labels: Record<string, string | number>;
  value: number;
}

/**
 * `allot_http_request_duration_seconds` in the Prometheus histogram form, read from the route
 * statistics when the registry is scraped: prom-client's own histogram hashes its labels on every
 * observation, which cost more than the rest of an access check's bookkeeping.
 */
class DurationHistogram {
  readonly name = 'allot_http_request_duration_seconds';
  readonly help = 'Time to answer an HTTP request';
  readonly type = 'histogram';
  readonly aggregator = 'sum';

  constructor(private readonly routes: RouteTable) {}

  async get(): Promise<{ name: string; help: string; type: string; aggregator: string; values: Sample[] }> {
    const values: Sample[] = [];
    for (const { method, route, buckets, sum, count } of this.routes) {
      let cumulative = 0;
      for (const [i, bound] of bucketBounds.entries()) {
        cumulative += buckets[i] ?? 0;
        values.push({ metricName: `${this.name}_bucket`, labels: { method, route, le: bound }, value: cumulative });
      }
      values.push({ metricName: `${this.name}_bucket`, labels: { method, route, le: '+Inf' }, value: count });
      values.push({ metricName: `${this.name}_sum`, labels: { method, route }, value: sum });
      values.push({ metricName: `${this.name}_count`, labels: { method, route }, value: count });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  reset(): void {
    this.routes.clear();
  }
}

/**
 * Prometheus metrics of one app instance (its own registry, so that tests can build many apps).
 * Each answer only moves plain counters of its route; the registry reads them when scraped.
 */
export class HttpMetrics {
  readonly registry = new Registry();
  private readonly routes = new RouteTable();

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'allot_' });
    const routes = this.routes;
    new Counter({
      name: 'allot_http_requests_total',
      help: 'HTTP requests answered, by method, route and status',
      labelNames: ['method', 'route', 'status'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const { method, route, byStatus } of routes) for (const [status, count] of byStatus) this.inc({ method, route, status: String(status) }, count);
      },
    });
    this.registry.registerMetric(new DurationHistogram(routes) as unknown as Histogram);
  }

  observe(method: string, route: string, status: number, seconds: number): void {
    const stats = this.routes.statsOf(method, route);
    stats.byStatus.set(status, (stats.byStatus.get(status) ?? 0) + 1);
    stats.count++;
    stats.sum += seconds;
    let bucket = 0;
    while (bucket < bucketBounds.length && seconds > (bucketBounds[bucket] as number)) bucket++;
    stats.buckets[bucket] = (stats.buckets[bucket] ?? 0) + 1;
  }
}
