/** Prometheus metrics, one registry per app so that tests can run several apps in a process. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route'>;
  writeBatchSize: Histogram;
  wsConnections: Gauge;
}

export function createMetrics(sources: { connections?: () => number } = {}): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'parley_' });
  return {
    registry,
    httpRequests: new Counter({
      name: 'parley_http_requests_total',
      help: 'HTTP requests by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'parley_http_request_duration_seconds',
      help: 'HTTP request duration by method and route pattern',
      labelNames: ['method', 'route'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    writeBatchSize: new Histogram({
      name: 'parley_write_batch_size',
      help: 'Writes committed together in one transaction (group commit on the message path)',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
      registers: [registry],
    }),
    wsConnections: new Gauge({
      name: 'parley_ws_connections',
      help: 'Open authenticated WebSocket connections on this node',
      registers: [registry],
      collect() {
        if (sources.connections) this.set(sources.connections());
      },
    }),
  };
}
