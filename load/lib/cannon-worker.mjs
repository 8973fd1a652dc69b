// Runs one autocannon measurement in its own thread, so the load generator does not share the
// server's event loop. Plain JS: it needs no TypeScript and starts fast. Also runs as a child
// process (options as JSON in argv[2], the result over IPC), so the server's process CPU is its own.
import { parentPort, workerData } from 'node:worker_threads';
import autocannon from 'autocannon';

const o = parentPort ? workerData : JSON.parse(process.argv[2]);
const reply = (m) => (parentPort ? parentPort.postMessage(m) : process.send(m, () => process.exit(0)));

/**
 * Readiness flips: request n patches pod n mod N, alternating False/True on each pass, so every
 * request is a real change and no two connections touch the same pod at once.
 */
function flipRequests(flip) {
  let n = 0;
  return [{
    setupRequest(req) {
      const i = n++;
      const name = flip.names[i % flip.names.length];
      const ready = Math.floor(i / flip.names.length) % 2 === 0 ? 'False' : 'True';
      const body = `{"status":{"conditions":[{"type":"Ready","status":"${ready}","lastTransitionTime":"${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}"}]}}`;
      return { ...req, method: 'PATCH', path: `${flip.prefix}/${name}/status`, body };
    },
  }];
}

/** Bodies in turn (e.g. pods for different Services), one per request. */
function bodyRequests(bodies) {
  let n = 0;
  return [{ setupRequest: (req) => ({ ...req, body: bodies[n++ % bodies.length] }) }];
}

const opts = {
  url: o.url,
  connections: o.connections,
  duration: o.duration,
  pipelining: o.pipelining ?? 1,
  method: o.method ?? 'GET',
  headers: o.headers,
  body: o.body,
};
if (o.amount) opts.amount = o.amount;
if (o.overallRate) opts.overallRate = o.overallRate;
if (o.flip) opts.requests = flipRequests(o.flip);
else if (o.bodies) opts.requests = bodyRequests(o.bodies);

// Off the main thread autocannon hands back raw (encoded) histograms; aggregate them here. In a
// child process (its main thread) the result is aggregated already.
const raw = await autocannon(opts);
const r = parentPort ? autocannon.aggregateResult([raw], opts) : raw;
reply({
  completed: raw.totalCompletedRequests ?? raw.requests.total,
  seconds: raw.duration,
  p50: r.latency.p50,
  p99: r.latency.p99,
  errors: r.errors,
  timeouts: r.timeouts,
  non2xx: r.non2xx,
  codes: Object.fromEntries(Object.entries(r.statusCodeStats).map(([k, v]) => [k, v.count])),
});
