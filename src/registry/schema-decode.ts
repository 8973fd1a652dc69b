// What kube-apiserver's JSON decoding says about a value it cannot store in a field.
// The apiserver decodes request bodies into Go structs before any validation runs, so a wrong type
// is a 400 BadRequest carrying the decoder's text, not a 422 Invalid. The texts below follow
// encoding/json (as forked in sigs.k8s.io/json), metav1.Time, resource.Quantity, intstr.IntOrString
// and encoding/base64 (behaviour copied from the apiserver; wording of rare cases approximated).

/** How Go's decoder names a JSON value in "cannot unmarshal <kind> into ...". */
export function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'object') return 'object';
  return typeof v;
}

/** A number that does not fit an integer field is quoted with its literal: "number 1.5". */
export function jsonKindForInteger(v: unknown): string {
  return typeof v === 'number' ? `number ${String(v)}` : jsonKind(v);
}

export function unmarshalError(value: string, goType: string, struct?: string, field?: string): string {
  const into = struct ? `Go struct field ${struct}.${field}` : 'Go value';
  return `json: cannot unmarshal ${value} into ${into} of type ${goType}`;
}

// ---- resource.Quantity ----

const QUANTITY_FORMAT_WRONG =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const QUANTITY_SHAPE = /^[+-]?[0-9]*(?:\.[0-9]*)?([eEinumkKMGTP]*[+-]?[0-9]*)$/;
const QUANTITY_SUFFIXES = new Set(['', 'n', 'u', 'm', 'k', 'M', 'G', 'T', 'P', 'E', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei']);

/** resource.ParseQuantity's complaint about a JSON value, or undefined if it parses. */
export function quantityError(v: unknown): string | undefined {
  if (typeof v !== 'string' && typeof v !== 'number') return QUANTITY_FORMAT_WRONG;
  const s = String(v).trim();
  const m = QUANTITY_SHAPE.exec(s);
  if (!s || !m) return QUANTITY_FORMAT_WRONG;
  const suffix = m[1];
  if (QUANTITY_SUFFIXES.has(suffix) || /^[eE][+-]?\d+$/.test(suffix)) return undefined;
  return "unable to parse quantity's suffix";
}

// ---- metav1.Time / metav1.MicroTime (time.Parse with RFC 3339 layouts) ----

const RFC3339 = '2006-01-02T15:04:05Z07:00';
const RFC3339_MICRO = '2006-01-02T15:04:05.000000Z07:00';

interface Chunk { layout: string; re: RegExp; range?: [string, number, number] }
const DATE_CHUNKS: Chunk[] = [
  { layout: '2006', re: /^\d{4}/ }, { layout: '-', re: /^-/ },
  { layout: '01', re: /^\d{2}/, range: ['month', 1, 12] }, { layout: '-', re: /^-/ },
  { layout: '02', re: /^\d{2}/, range: ['day', 1, 31] }, { layout: 'T', re: /^T/ },
  { layout: '15', re: /^\d{1,2}/, range: ['hour', 0, 23] }, { layout: ':', re: /^:/ },
  { layout: '04', re: /^\d{2}/, range: ['minute', 0, 59] }, { layout: ':', re: /^:/ },
  { layout: '05', re: /^\d{2}/, range: ['second', 0, 59] },
];
const ZONE: Chunk = { layout: 'Z07:00', re: /^(?:Z|[+-]\d{2}:\d{2})/ };

function daysIn(month: number, year: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** time.Parse's error for a metav1.Time (micro=false) or MicroTime value, or undefined if it parses. */
export function timeError(v: unknown, micro = false): string | undefined {
  if (typeof v !== 'string') return unmarshalError(jsonKind(v), 'string');
  const layout = micro ? RFC3339_MICRO : RFC3339;
  const fraction: Chunk = micro ? { layout: '.000000', re: /^[.,]\d{6}/ } : { layout: '', re: /^(?:[.,]\d+)?/ };
  let rest = v;
  const num: Record<string, number> = {};
  for (const c of [...DATE_CHUNKS, fraction, ZONE]) {
    const m = c.re.exec(rest);
    if (!m) return `parsing time ${JSON.stringify(v)} as ${JSON.stringify(layout)}: cannot parse ${JSON.stringify(rest)} as ${JSON.stringify(c.layout)}`;
    num[c.layout] = Number(m[0]);
    if (c.range && (num[c.layout] < c.range[1] || num[c.layout] > c.range[2])) {
      return `parsing time ${JSON.stringify(v)}: ${c.range[0]} out of range`;
    }
    rest = rest.slice(m[0].length);
  }
  if (rest) return `parsing time ${JSON.stringify(v)}: extra text: ${JSON.stringify(rest)}`;
  if (num['02'] > daysIn(num['01'], num['2006'])) return `parsing time ${JSON.stringify(v)}: day out of range`;
  return undefined;
}

// ---- []byte fields (base64.StdEncoding, which skips \r and \n) ----

const B64 = new Set('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.split('').map((c) => c.charCodeAt(0)));
const isNewline = (b: number | undefined) => b === 0x0a || b === 0x0d;

/** The byte offset Go's padded base64 decoder reports, or undefined if the input decodes. */
function base64ErrorOffset(src: Buffer): number | undefined {
  let si = 0;
  for (;;) {
    let j = 0;
    while (j < 4) {
      if (si === src.length) return j === 0 ? undefined : si - j;
      const c = src[si++];
      if (B64.has(c)) { j++; continue; }
      if (isNewline(c)) continue;
      if (c !== 0x3d /* = */ || j < 2) return si - 1;
      if (j === 2) {
        while (isNewline(src[si])) si++;
        if (si === src.length) return src.length;
        if (src[si] !== 0x3d) return si - 1;
        si++;
      }
      while (isNewline(src[si])) si++;
      return si < src.length ? si : undefined;
    }
  }
}

export function base64Error(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const at = base64ErrorOffset(Buffer.from(v, 'utf8'));
  return at === undefined ? undefined : `illegal base64 data at input byte ${at}`;
}
