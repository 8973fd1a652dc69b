// The watchers of the fan-out scenario, in their own thread: `watchers` raw chunked HTTP streams over
// loopback. Each event line carries its write time (data.benchT, epoch ms); per phase the worker
// counts deliveries and write→delivery latency until every stream has seen `expect` events.
import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

const { host, port, path, watchers } = workerData;
const MARK = '"benchT":"';
const now = () => performance.timeOrigin + performance.now();

let phase;

function percentile(sorted, p) {
  if (sorted.length === 0) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function finishPhase() {
  const lat = phase.lat.subarray(0, phase.got).sort();
  parentPort.postMessage({ done: true, deliveries: phase.got, last: phase.last, p50: percentile(lat, 50), p99: percentile(lat, 99) });
  phase = undefined;
}

function onLine(buf, start, end) {
  if (!phase) return;
  const i = buf.indexOf(MARK, start);
  if (i < 0 || i > end) return;
  const j = buf.indexOf('"', i + MARK.length);
  const t = Number(buf.slice(i + MARK.length, j));
  const at = now();
  phase.lat[phase.got++] = at - t;
  phase.last = at;
  if (phase.got === phase.expect) finishPhase();
}

parentPort.on('message', (m) => {
  if (m.expect !== undefined) {
    phase = { expect: m.expect * watchers, got: 0, lat: new Float64Array(m.expect * watchers), last: 0 };
    parentPort.postMessage({ armed: true });
  }
});

const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
let connected = 0;
for (let w = 0; w < watchers; w++) {
  const req = http.get({ host, port, path, agent }, (res) => {
    if (res.statusCode !== 200) {
      parentPort.postMessage({ error: `watch answered ${res.statusCode}` });
      return;
    }
    res.setEncoding('utf8');
    let buf = '';
    res.on('data', (d) => {
      buf += d;
      let start = 0;
      let nl;
      while ((nl = buf.indexOf('\n', start)) >= 0) {
        onLine(buf, start, nl);
        start = nl + 1;
      }
      buf = start === buf.length ? '' : buf.slice(start);
    });
    if (++connected === watchers) parentPort.postMessage({ ready: true });
  });
  req.on('error', (e) => parentPort.postMessage({ error: e.message }));
}
