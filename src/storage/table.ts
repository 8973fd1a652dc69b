// One resource's objects, grouped by namespace, with a lazily rebuilt sorted view for lists.
import type { KObject } from '../machinery/types.js';

export interface StoredObject {
  /** Frozen: nothing outside the store may mutate it. */
  readonly obj: KObject;
  readonly rv: number;
  /** JSON bytes of obj, serialised once on first use and shared by GET, LIST and watchers. */
  json?: string;
}

export function objectJSON(s: StoredObject): string {
  if (s.json === undefined) s.json = JSON.stringify(s.obj);
  return s.json;
}

export function objectKey(namespace: string, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

export class ResourceTable {
  private byNamespace = new Map<string, Map<string, StoredObject>>();
  private sortedCache = new Map<string, StoredObject[]>();
  private allSorted: StoredObject[] | null = null;
  size = 0;

  get(namespace: string, name: string): StoredObject | undefined {
    return this.byNamespace.get(namespace)?.get(name);
  }

  put(namespace: string, name: string, obj: KObject, rv: number): StoredObject {
    let m = this.byNamespace.get(namespace);
    if (!m) {
      m = new Map();
      this.byNamespace.set(namespace, m);
    }
    const stored: StoredObject = { obj, rv };
    const existed = m.has(name);
    m.set(name, stored);
    if (!existed) this.size++;
    this.invalidate(namespace);
    return stored;
  }

  remove(namespace: string, name: string): void {
    const m = this.byNamespace.get(namespace);
    if (m?.delete(name)) {
      this.size--;
      if (m.size === 0) this.byNamespace.delete(namespace);
      this.invalidate(namespace);
    }
  }

  namespaces(): string[] {
    return [...this.byNamespace.keys()].sort();
  }

  /** Objects sorted by name within a namespace, or by namespace then name across all. */
  sorted(namespace?: string): StoredObject[] {
    if (namespace !== undefined) {
      let c = this.sortedCache.get(namespace);
      if (!c) {
        const m = this.byNamespace.get(namespace);
        if (!m) return [];
        c = [...m.keys()].sort().map((k) => m.get(k)!);
        this.sortedCache.set(namespace, c);
      }
      return c;
    }
    if (!this.allSorted) {
      const out: StoredObject[] = [];
      for (const ns of this.namespaces()) out.push(...this.sorted(ns));
      this.allSorted = out;
    }
    return this.allSorted;
  }

  private invalidate(namespace: string): void {
    // A modification keeps the key set but replaces the element, so both views are rebuilt.
    this.sortedCache.delete(namespace);
    this.allSorted = null;
  }
}
