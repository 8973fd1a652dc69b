// A self-signed serving certificate made with node:crypto alone: an EC P-256 key and a minimal
// X.509 v3 certificate, DER-encoded by hand. The certificate is its own CA (basicConstraints
// CA:TRUE), so a kubeconfig can carry it as certificate-authority-data and clients verify the
// server without any extra chain.
import { createHash, createPrivateKey, generateKeyPairSync, randomBytes, sign, X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';

export interface KeyPair {
  /** PEM certificate. */
  cert: string;
  /** PEM private key (PKCS#8). */
  key: string;
}

export interface SelfSignedOptions {
  /** DNS names and IP addresses the certificate is valid for; localhost and loopback are always added. */
  hosts?: string[];
  days?: number;
  /** Defaults to the wall clock: TLS peers check validity against real time, never a fake clock. */
  now?: number;
}

// ---- DER ----

function len(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), len(body.length), body]);
}

const seq = (...parts: Buffer[]): Buffer => tlv(0x30, Buffer.concat(parts));
const set = (...parts: Buffer[]): Buffer => tlv(0x31, Buffer.concat(parts));
const octets = (b: Buffer): Buffer => tlv(0x04, b);
const bits = (b: Buffer): Buffer => tlv(0x03, Buffer.concat([Buffer.from([0]), b]));
const utf8 = (s: string): Buffer => tlv(0x0c, Buffer.from(s, 'utf8'));
const explicit = (n: number, inner: Buffer): Buffer => tlv(0xa0 + n, inner);

function integer(b: Buffer): Buffer {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  const body = b.subarray(i);
  return tlv(0x02, body[0] & 0x80 ? Buffer.concat([Buffer.from([0]), body]) : body);
}

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out = [40 * a + b];
  for (const n of rest) {
    const chunk = [n & 0x7f];
    for (let v = n >>> 7; v > 0; v >>>= 7) chunk.unshift(0x80 | (v & 0x7f));
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

/** UTCTime up to 2049, GeneralizedTime after, as RFC 5280 requires. */
function time(ms: number): Buffer {
  const iso = new Date(ms).toISOString();
  const digits = iso.slice(0, 19).replace(/[-:T]/g, '');
  const year = Number(iso.slice(0, 4));
  return year < 2050 ? tlv(0x17, Buffer.from(`${digits.slice(2)}Z`)) : tlv(0x18, Buffer.from(`${digits}Z`));
}

// ---- X.509 ----

const OID = {
  ecdsaWithSHA256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
};

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return seq(oid(id), ...(critical ? [tlv(0x01, Buffer.from([0xff]))] : []), octets(value));
}

function ipBytes(ip: string): Buffer {
  if (isIP(ip) === 4) return Buffer.from(ip.split('.').map(Number));
  // Expand "::" and write eight 16-bit groups.
  const [head, tail] = ip.includes('::') ? ip.split('::') : [ip, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g || '0', 16), i * 2));
  return out;
}

function subjectAltNames(hosts: string[]): Buffer {
  const names = hosts.map((h) => (isIP(h) ? tlv(0x87, ipBytes(h)) : tlv(0x82, Buffer.from(h, 'ascii'))));
  return seq(...names);
}

/** A fresh key and a self-signed certificate for localhost, loopback and the given hosts. */
export function selfSignedCertificate(opts: SelfSignedOptions = {}): KeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const hosts = [...new Set(['localhost', '127.0.0.1', '::1', ...(opts.hosts ?? [])]
    .map((h) => h.replace(/^\[|\]$/g, ''))
    .filter((h) => h && h !== '0.0.0.0' && h !== '::'))];
  const now = opts.now ?? Date.now();
  const name = seq(set(seq(oid(OID.organization), utf8('kubesim'))), set(seq(oid(OID.commonName), utf8('kubesim'))));
  const sigAlg = seq(oid(OID.ecdsaWithSHA256));
  // The key identifier is the SHA-1 of the public key bits (RFC 5280 method 1); the last 65 bytes
  // of a P-256 SPKI are the uncompressed point.
  const ski = createHash('sha1').update(spki.subarray(spki.length - 65)).digest();
  const serial = randomBytes(16);
  serial[0] &= 0x7f;
  const tbs = seq(
    explicit(0, integer(Buffer.from([2]))),
    integer(serial),
    sigAlg,
    name,
    seq(time(now - 3600_000), time(now + (opts.days ?? 365) * 86400_000)),
    name,
    spki,
    explicit(3, seq(
      extension(OID.basicConstraints, true, seq(tlv(0x01, Buffer.from([0xff])))),
      // digitalSignature (bit 0) and keyCertSign (bit 5): 0b10000100, two unused trailing bits.
      extension(OID.keyUsage, true, tlv(0x03, Buffer.from([2, 0x84]))),
      extension(OID.extKeyUsage, false, seq(oid(OID.serverAuth))),
      extension(OID.subjectKeyIdentifier, false, octets(ski)),
      extension(OID.subjectAltName, false, subjectAltNames(hosts)),
    )),
  );
  const signature = sign('sha256', tbs, privateKey);
  const der = seq(tbs, sigAlg, bits(signature));
  const b64 = der.toString('base64').replace(/.{1,64}/g, '$&\n');
  return {
    cert: `-----BEGIN CERTIFICATE-----\n${b64}-----END CERTIFICATE-----\n`,
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  };
}

/** Checks that a certificate and key were given as PEM and belong together; throws a readable error. */
export function checkKeyPair(pair: KeyPair): void {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pair.cert);
  } catch (e) {
    throw new Error(`the TLS certificate is not a PEM certificate: ${(e as Error).message}`);
  }
  let key;
  try {
    key = createPrivateKey(pair.key);
  } catch (e) {
    throw new Error(`the TLS key is not a PEM private key: ${(e as Error).message}`);
  }
  if (!cert.checkPrivateKey(key)) throw new Error('the TLS certificate does not match the key');
}
