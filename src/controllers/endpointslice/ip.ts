// IP parsing the way the endpoint controllers do it: Go's ParseIPSloppy (IPv4 octets may carry
// leading zeros, read as decimal) followed by net.IP.String() (canonical, IPv6 compressed). The
// parsing itself is machinery's Go-compatible parser.
import { formatIP, parseIP as parseSloppy } from '../../machinery/validation-ip.js';

export type IPFamily = 'IPv4' | 'IPv6';

export interface ParsedIP {
  family: IPFamily;
  /** Canonical text form. */
  text: string;
}

export function parseIP(s: string | undefined | null): ParsedIP | null {
  if (!s) return null;
  const a = parseSloppy(s);
  if (!a) return null;
  return { family: a.family === 4 ? 'IPv4' : 'IPv6', text: formatIP(a) };
}

export function isIPv6String(s: string | undefined | null): boolean {
  return parseIP(s)?.family === 'IPv6';
}
