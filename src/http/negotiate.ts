// Accept negotiation as kube-apiserver does it: walk the list in order and take the first media type
// we can serve. Table and PartialObjectMetadata are JSON "as=" variants; protobuf/CBOR are skipped
// because clients always list JSON as well.
import { notAcceptable } from '../machinery/status.js';

export type Rendering = 'json' | 'yaml' | 'table' | 'meta' | 'metalist';

interface MediaRange {
  type: string;
  params: Record<string, string>;
  q: number;
}

function parseAccept(header: string): MediaRange[] {
  return header.split(',').map((part) => {
    const [type, ...ps] = part.split(';').map((s) => s.trim());
    const params: Record<string, string> = {};
    for (const p of ps) {
      const eq = p.indexOf('=');
      if (eq > 0) params[p.slice(0, eq).trim().toLowerCase()] = p.slice(eq + 1).trim().replace(/^"|"$/g, '');
    }
    const q = params.q !== undefined ? Number(params.q) : 1;
    return { type: type.toLowerCase(), params, q: Number.isFinite(q) ? q : 1 };
  }).filter((m) => m.type && m.q > 0);
}

const ACCEPTED = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];

const decided = new Map<string, Rendering | 'none'>();

/** Decides how to render a response; `list` says whether the response is a collection. */
export function negotiate(header: string | undefined, list: boolean): Rendering {
  if (!header || header === 'application/json' || header === '*/*') return 'json';
  // Clients send a handful of distinct Accept headers: remember each decision.
  const key = `${list ? 'L' : 'O'}${header}`;
  let r = decided.get(key);
  if (r === undefined) {
    r = decide(header, list);
    if (decided.size > 1000) decided.clear();
    decided.set(key, r);
  }
  if (r === 'none') throw notAcceptable(ACCEPTED);
  return r;
}

function decide(header: string, list: boolean): Rendering | 'none' {
  for (const m of parseAccept(header)) {
    const as = m.params.as;
    const jsonish = m.type === 'application/json' || m.type === 'application/*' || m.type === '*/*';
    if (as) {
      if (m.type !== 'application/json' || m.params.g !== 'meta.k8s.io') continue;
      if (as === 'Table' && (m.params.v === 'v1' || m.params.v === 'v1beta1')) return 'table';
      if (m.params.v !== 'v1' && m.params.v !== 'v1beta1') continue;
      if (as === 'PartialObjectMetadata' && !list) return 'meta';
      if (as === 'PartialObjectMetadataList' && list) return 'metalist';
      continue;
    }
    if (jsonish) return 'json';
    if (m.type === 'application/yaml') return 'yaml';
  }
  return 'none';
}
