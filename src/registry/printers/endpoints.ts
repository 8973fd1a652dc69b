// Endpoints (core/v1) columns: NAME ENDPOINTS AGE.
import { arr, fieldColumn, nameColumn, ageColumn, nameOf, ageOf, str, type Printer } from './types.js';

type J = Record<string, any>;

const hostPort = (ip: string, port: unknown): string => (ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);

/**
 * Ready addresses × ports, at most 3 then " + N more..."; a subset without ports lists bare IPs;
 * not-ready addresses are never shown (so a subset with only those yields ""). No subsets: "<none>".
 */
export function formatEndpoints(ep: J): string {
  const subsets = arr<J>(ep.subsets);
  if (subsets.length === 0) return '<none>';
  const max = 3;
  const list: string[] = [];
  let count = 0;
  for (const ss of subsets) {
    const ips = arr<J>(ss.addresses).map((a) => str(a.ip));
    const ports = arr<J>(ss.ports);
    const pairs = ports.length === 0 ? ips : ports.flatMap((p) => ips.map((ip) => hostPort(ip, p.port)));
    count += pairs.length;
    for (const p of pairs) if (list.length < max) list.push(p);
  }
  const joined = list.join(',');
  return count > max ? `${joined} + ${count - max} more...` : joined;
}

export const endpointsPrinter: Printer = {
  columns: [nameColumn(), fieldColumn('Endpoints', 'string', 'Endpoints.subsets'), ageColumn()],
  cells(ep, now) {
    return [nameOf(ep), formatEndpoints(ep), ageOf(ep, now)];
  },
};
