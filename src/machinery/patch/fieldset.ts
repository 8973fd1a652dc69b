// A set of field paths, the unit of server-side apply ownership (structured-merge-diff's
// fieldpath.Set). Path elements are kept in their FieldsV1 spelling: `f:<field>`,
// `k:{"name":"x"}` (map-list item, keys sorted), `v:"x"` (set item), `i:3` (index).
// A node holds members (paths that end here) and children (longer paths).

export type PathElement = string;
export type FieldPath = PathElement[];

export function fieldPE(name: string): PathElement {
  return `f:${name}`;
}

/** The key element of a map-list item: key fields sorted by name, values as JSON. */
export function keyPE(fields: Record<string, unknown>): PathElement {
  const sorted = Object.keys(fields).sort().map((k) => `${JSON.stringify(k)}:${JSON.stringify(fields[k])}`);
  return `k:{${sorted.join(',')}}`;
}

export function valuePE(value: unknown): PathElement {
  return `v:${JSON.stringify(value)}`;
}

/** The rank of a path element's type letter: f, k, v, i, then anything else. */
function rank(c: number): number {
  return c === 102 ? 0 : c === 107 ? 1 : c === 118 ? 2 : c === 105 ? 3 : 4;
}


/** Path element order: fields, then keys, then values, then indices (as fieldpath sorts). */
export function comparePE(a: PathElement, b: PathElement): number {
  const ta = rank(a.charCodeAt(0));
  const tb = rank(b.charCodeAt(0));
  if (ta !== tb) return ta - tb;
  if (a[0] === 'i') return Number(a.slice(2)) - Number(b.slice(2));
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `.spec.containers[name="a"].image`, the way fieldpath.Path prints in conflict messages. */
export function pathString(path: FieldPath): string {
  return path.map(peString).join('');
}

function peString(pe: PathElement): string {
  const body = pe.slice(2);
  switch (pe[0]) {
    case 'f': return `.${body}`;
    case 'k': {
      const fields = JSON.parse(body) as Record<string, unknown>;
      return `[${Object.entries(fields).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}]`;
    }
    case 'v': return `[=${body}]`;
    default: return `[${body}]`;
  }
}

/** The `{}` leaf of frozen FieldsV1 (one shared frozen object: JSON cannot tell them apart). */
const EMPTY: Record<string, unknown> = Object.freeze({});

export class FieldSet {
  readonly members = new Set<PathElement>();
  readonly children = new Map<PathElement, FieldSet>();

  static of(...paths: FieldPath[]): FieldSet {
    const s = new FieldSet();
    for (const p of paths) s.insert(p);
    return s;
  }

  insert(path: FieldPath): void {
    if (path.length === 0) return;
    let node: FieldSet = this;
    node.v1 = node.v1Self = undefined;
    for (let i = 0; i < path.length - 1; i++) {
      node = node.child(path[i]);
      node.v1 = node.v1Self = undefined;
    }
    node.members.add(path[path.length - 1]);
  }

  child(pe: PathElement): FieldSet {
    let c = this.children.get(pe);
    if (!c) {
      c = new FieldSet();
      this.children.set(pe, c);
    }
    return c;
  }

  has(path: FieldPath): boolean {
    let node: FieldSet | undefined = this;
    for (const pe of path.slice(0, -1)) node = node?.children.get(pe);
    return node !== undefined && path.length > 0 && node.members.has(path[path.length - 1]);
  }

  /** The subset below one path element (empty when there is none). */
  withPrefix(pe: PathElement): FieldSet {
    return this.children.get(pe) ?? new FieldSet();
  }

  isEmpty(): boolean {
    if (this.members.size > 0) return false;
    for (const c of this.children.values()) if (!c.isEmpty()) return false;
    return true;
  }

  /** Whether intersection(other) would be non-empty (without building it). */
  intersects(other: FieldSet): boolean {
    const [few, many] = this.members.size <= other.members.size ? [this, other] : [other, this];
    for (const m of few.members) if (many.members.has(m)) return true;
    // The smaller map drives the walk (a manager's whole set against the few fields a write changed).
    const [a, b] = this.children.size <= other.children.size ? [this, other] : [other, this];
    for (const [pe, c] of a.children) {
      const theirs = b.children.get(pe);
      if (theirs && c.intersects(theirs)) return true;
    }
    return false;
  }

  /** Whether recursiveDifference(other) would take anything away (a member or a whole child). */
  overlapsRecursively(other: FieldSet): boolean {
    for (const m of this.members) if (other.members.has(m)) return true;
    for (const [pe, c] of this.children) {
      if (c.isEmpty()) continue;
      if (other.members.has(pe)) return true;
      const theirs = other.children.get(pe);
      if (theirs && c.overlapsRecursively(theirs)) return true;
    }
    return false;
  }

  /**
   * Whether union(other) would encode exactly like this set: every member of `other` is a member
   * here at the same node, and every non-empty child of `other` is a child here, recursively.
   */
  covers(other: FieldSet): boolean {
    for (const m of other.members) if (!this.members.has(m)) return false;
    for (const [pe, c] of other.children) {
      if (c.isEmpty()) continue;
      const mine = this.children.get(pe);
      if (!mine || !mine.covers(c)) return false;
    }
    return true;
  }

  /**
   * Sets are never changed once built (only insert changes one, while it is being built), so the
   * result shares the subtrees only one side has instead of copying them, and is this very set
   * (or subtree) where `other` adds nothing to it (no member, no child, even an empty one).
   */
  union(other: FieldSet): FieldSet {
    let members: PathElement[] | undefined;
    for (const m of other.members) if (!this.members.has(m)) (members ??= []).push(m);
    let children: [PathElement, FieldSet][] | undefined;
    for (const [pe, theirs] of other.children) {
      const mine = this.children.get(pe);
      const u = mine ? mine.union(theirs) : theirs;
      if (u !== mine) (children ??= []).push([pe, u]);
    }
    if (!members && !children) return this;
    const out = new FieldSet();
    for (const m of this.members) out.members.add(m);
    if (members) for (const m of members) out.members.add(m);
    for (const [pe, c] of this.children) out.children.set(pe, c);
    if (children) for (const [pe, c] of children) out.children.set(pe, c);
    return out;
  }

  intersection(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const m of this.members) if (other.members.has(m)) out.members.add(m);
    for (const [pe, c] of this.children) {
      const theirs = other.children.get(pe);
      if (!theirs) continue;
      const i = c.intersection(theirs);
      if (!i.isEmpty()) out.children.set(pe, i);
    }
    return out;
  }

  /** Members of `other` leave; children are subtracted node by node (not whole subtrees). */
  difference(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const m of this.members) if (!other.members.has(m)) out.members.add(m);
    for (const [pe, c] of this.children) {
      const theirs = other.children.get(pe);
      const d = theirs ? c.difference(theirs) : c;
      if (!d.isEmpty()) out.children.set(pe, d);
    }
    return out;
  }

  /** Like difference, but a member of `other` also removes everything below it. */
  recursiveDifference(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const m of this.members) if (!other.members.has(m)) out.members.add(m);
    for (const [pe, c] of this.children) {
      if (other.members.has(pe)) continue;
      const theirs = other.children.get(pe);
      const d = theirs ? c.recursiveDifference(theirs) : c;
      if (!d.isEmpty()) out.children.set(pe, d);
    }
    return out;
  }

  copy(): FieldSet {
    const out = new FieldSet();
    for (const m of this.members) out.members.add(m);
    for (const [pe, c] of this.children) out.children.set(pe, c.copy());
    return out;
  }

  /** Every member path: this level's members first, then each child's, in path order. */
  paths(prefix: FieldPath = []): FieldPath[] {
    const out: FieldPath[] = [...this.members].sort(comparePE).map((m) => [...prefix, m]);
    for (const pe of [...this.children.keys()].sort(comparePE)) {
      out.push(...this.children.get(pe)!.paths([...prefix, pe]));
    }
    return out;
  }

  /** The FieldsV1 JSON form: `{}` for a member, `.` when a node with children is itself a member. */
  toFieldsV1(): Record<string, unknown> {
    return this.emit(false, false) ?? {};
  }

  /**
   * toFieldsV1, with every object of the result frozen as it is built (for the store). The frozen
   * form of each node is kept with it: a set built from another (union, difference) shares the
   * untouched subtrees, and their encoding, with it.
   */
  toFrozenFieldsV1(): Record<string, unknown> {
    return this.emit(false, true) ?? EMPTY;
  }

  /** Frozen encodings of this node, without and with its `.` (see emit). Cleared by insert. */
  private v1: Record<string, unknown> | null | undefined = undefined;
  private v1Self: Record<string, unknown> | null | undefined = undefined;

  /**
   * One pass over the subtree: undefined for an empty one (no member anywhere below), otherwise its
   * FieldsV1, keys in path element order, `.` first when `includeSelf` (the node is its parent's member).
   */
  private emit(includeSelf: boolean, freeze: boolean): Record<string, unknown> | undefined {
    if (freeze) {
      const known = includeSelf ? this.v1Self : this.v1;
      if (known !== undefined) return known ?? undefined;
    }
    const keys: PathElement[] = [];
    for (const m of this.members) keys.push(m);
    for (const pe of this.children.keys()) if (!this.members.has(pe)) keys.push(pe);
    if (keys.length > 1) keys.sort(comparePE);
    let out: Record<string, unknown> | undefined;
    for (const pe of keys) {
      const member = this.members.has(pe);
      const c = this.children.get(pe);
      let v = c === undefined ? undefined : c.emit(member, freeze);
      if (v === undefined) {
        if (!member) continue;
        v = freeze ? EMPTY : {};
      }
      if (out === undefined) {
        out = {};
        if (includeSelf) out['.'] = freeze ? EMPTY : {};
      }
      out[pe] = v;
    }
    if (freeze) {
      if (out !== undefined) Object.freeze(out);
      if (includeSelf) this.v1Self = out ?? null;
      else this.v1 = out ?? null;
    }
    return out;
  }

  static fromFieldsV1(v: unknown): FieldSet {
    const out = new FieldSet();
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return out;
    for (const [pe, sub] of Object.entries(v as Record<string, unknown>)) {
      if (pe === '.') continue;
      const entries = typeof sub === 'object' && sub !== null ? Object.keys(sub) : [];
      if (entries.length === 0 || entries.includes('.')) out.members.add(pe);
      const c = FieldSet.fromFieldsV1(sub);
      if (!c.isEmpty()) out.children.set(pe, c);
    }
    return out;
  }
}
