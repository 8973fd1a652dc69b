// One watch-client process of the watch-procs scenario (forked, IPC with the "advanced"
// serialization): `watchers` raw chunked HTTP watch streams over loopback. Each event line
// carries its write time (`benchT=<epoch ms>`); per phase the process counts deliveries and
// write→delivery latency until every stream has seen `expect` events. Lines are scanned as bytes,
// never decoded, so the clients spend as little as possible per delivery.
import http from 'node:http';

const [host, port, path, watchers] = [process.argv[2], Number(process.argv[3]), process.argv[4], Number(process.argv[5])];
const MARK = Buffer.from('benchT=');
const NL = 10;
const now = () => performance.timeOrigin + performance.now();

let phase;
let ended = 0;

function finishPhase() {
  process.send({ done: true, deliveries: phase.got, last: phase.last, bytes: phase.bytes, lat: phase.lat.subarray(0, phase.got) });
  phase = undefined;
}

/** The write time in buf[start, end), or NaN. */
function stamp(buf, start, end) {
  const i = buf.indexOf(MARK, start);
  if (i < 0 || i >= end) return NaN;
  let j = i + MARK.length;
  const k = j;
  while (j < end && ((buf[j] >= 48 && buf[j] <= 57) || buf[j] === 46)) j++;
  return Number(buf.latin1Slice(k, j));
}

function onLine(buf, start, end) {
  if (!phase) return;
  const t = stamp(buf, start, end);
  if (Number.isNaN(t)) return;
  const at = now();
  phase.lat[phase.got++] = at - t;
  phase.bytes += end - start + 1;
  phase.last = at;
  if (phase.got === phase.expect) finishPhase();
}

process.on('message', (m) => {
  if (m.expect !== undefined) {
    phase = { expect: m.expect * watchers, got: 0, bytes: 0, lat: new Float64Array(m.expect * watchers), last: 0 };
    process.send({ armed: true });
  }
});
process.on('disconnect', () => process.exit(0));

const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
let connected = 0;
for (let w = 0; w < watchers; w++) {
  const req = http.get({ host, port, path, agent }, (res) => {
    if (res.statusCode !== 200) {
      process.send({ error: `watch answered ${res.statusCode}` });
      return;
    }
    let rest = null;
    res.on('data', (d) => {
      const buf = rest ? Buffer.concat([rest, d]) : d;
      let start = 0;
      let nl;
      while ((nl = buf.indexOf(NL, start)) >= 0) {
        onLine(buf, start, nl);
        start = nl + 1;
      }
      rest = start === buf.length ? null : buf.subarray(start);
    });
    // A stream the server ends (a slow consumer cut off) would leave the phase short: say so.
    res.on('end', () => process.send({ ended: ++ended }));
    if (++connected === watchers) process.send({ ready: true });
  });
  req.on('error', (e) => process.send({ error: e.message }));
}
