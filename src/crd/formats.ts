// String formats a CRD schema may name, checked as kube-openapi's strfmt registry checks them
// (k8s.io/kube-openapi pkg/validation/strfmt, default.go). Unknown formats are not checked, as
// upstream ignores them. Behaviour copied from the apiserver; the regular expressions are ours.
import { isIPv4, isIPv6 } from 'node:net';

const uuidRe = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const uuid3Re = /^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const uuid4Re = /^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;
const uuid5Re = /^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;
const dateRe = /^(\d{4})-(\d{2})-(\d{2})$/;
// RFC 3339 date-time; strfmt also accepts a space or lower-case t between date and time and no
// seconds fraction, and (legacy) no time zone.
const dateTimeRe = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})?$/;
const hostnameRe = /^([a-zA-Z0-9\p{S}\p{L}]((-?[a-zA-Z0-9\p{S}\p{L}]{0,62})?)|([a-zA-Z0-9\p{S}\p{L}](([a-zA-Z0-9-\p{S}\p{L}]{0,61}[a-zA-Z0-9\p{S}\p{L}])?)(\.)){1,}([a-zA-Z\p{L}]){2,63})$/u;
const emailRe = /^[^@\s]+@[^@\s]+$/;
const macRe = /^([0-9a-fA-F]{2}([:-]))([0-9a-fA-F]{2}\2){4}[0-9a-fA-F]{2}$|^([0-9a-fA-F]{4}\.){2}[0-9a-fA-F]{4}$|^([0-9a-fA-F]{2}[:-]){7}[0-9a-fA-F]{2}$/;
const hexColorRe = /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;
const rgbColorRe = /^rgb\(\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*,\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*,\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*\)$/;
const base64Re = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const durationRe = /^((\d+)\s*(ns|us|µs|ms|s|m|h|d|w))+$/;
const bsonRe = /^[0-9a-f]{24}$/i;

function validDate(y: string, m: string, d: string): boolean {
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d);
}

function isCIDR(s: string): boolean {
  const slash = s.indexOf('/');
  if (slash < 0) return false;
  const ip = s.slice(0, slash);
  const bits = s.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bits)) return false;
  const max = isIPv4(ip) ? 32 : isIPv6(ip) ? 128 : -1;
  return max >= 0 && Number(bits) <= max;
}

function isURI(s: string): boolean {
  try {
    new URL(s);
    return true;
  } catch {
    // Go's url.Parse accepts relative references too.
    return !/\s/.test(s) && s.length > 0;
  }
}

const checks: Record<string, (s: string) => boolean> = {
  'date-time': (s) => {
    const m = dateTimeRe.exec(s);
    return !!m && validDate(m[1], m[2], m[3]) && Number(m[4]) < 24 && Number(m[5]) < 60 && Number(m[6]) < 61;
  },
  datetime: (s) => checks['date-time'](s),
  date: (s) => {
    const m = dateRe.exec(s);
    return !!m && validDate(m[1], m[2], m[3]);
  },
  byte: (s) => base64Re.test(s),
  uuid: (s) => uuidRe.test(s),
  uuid3: (s) => uuid3Re.test(s),
  uuid4: (s) => uuid4Re.test(s),
  uuid5: (s) => uuid5Re.test(s),
  ipv4: (s) => isIPv4(s),
  ipv6: (s) => isIPv6(s),
  cidr: isCIDR,
  hostname: (s) => s.length <= 255 && hostnameRe.test(s),
  email: (s) => emailRe.test(s),
  mac: (s) => macRe.test(s),
  hexcolor: (s) => hexColorRe.test(s),
  rgbcolor: (s) => rgbColorRe.test(s),
  uri: isURI,
  duration: (s) => durationRe.test(s),
  bsonobjectid: (s) => bsonRe.test(s),
  password: () => true,
};

/** Formats kube-openapi knows; others are accepted unchecked (and warned about on CRD writes). */
export const knownFormats: ReadonlySet<string> = new Set([
  ...Object.keys(checks), 'int32', 'int64', 'float', 'double', 'isbn', 'isbn10', 'isbn13', 'creditcard', 'ssn',
]);

/** False when `value` does not have the named format; unknown formats always pass. */
export function checkFormat(format: string, value: string): boolean {
  const check = checks[format];
  return check ? check(value) : true;
}
