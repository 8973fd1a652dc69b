// The EndpointSlice controller's per-Service memo (service-state.ts), one address type of it: the
// desired endpoints per port-map key, which of them no existing slice holds ("unplaced"), an index
// endpoint key → the slice holding it, and per existing slice (by object identity) its endpoints and
// which of them differ from what is desired ("bad"). An endpoint key in two slices is counted as a
// clash: the caller then reconciles that address type in full.
import { endpointsEqualBeyondKey } from './endpoints.js';
import type { Endpoint, EndpointSlice } from './types.js';

/** An existing managed slice of a supported address type, as last seen. */
export interface SliceView {
  obj: EndpointSlice;
  owned: boolean;
  portKey: string;
  /** endpoint key → endpoint, in slice order. */
  endpoints: Map<string, Endpoint>;
  /** Keys whose desired endpoint is missing or differs beyond the key. */
  bad: Set<string>;
  labelsChanged: boolean;
  /** Its keys are in the index (owned, and none clashed with another slice's). */
  indexed: boolean;
}

/** Desired endpoints and slice index of one (address type, port-map key). */
export interface KeyState {
  desired: Map<string, Endpoint>;
  unplaced: Set<string>;
  index: Map<string, SliceView>;
}

export class AddressTypeState {
  readonly keys = new Map<string, KeyState>();
  readonly views = new Map<string, SliceView>();
  /** Some endpoint key is in two slices (or twice in one): reconcile this address type in full. */
  clashes = 0;

  key(k: string): KeyState {
    let s = this.keys.get(k);
    if (!s) this.keys.set(k, (s = { desired: new Map(), unplaced: new Set(), index: new Map() }));
    return s;
  }

  setDesired(portKey: string, key: string, ep: Endpoint | undefined): void {
    const s = this.key(portKey);
    if (ep) s.desired.set(key, ep);
    else s.desired.delete(key);
    const view = s.index.get(key);
    if (view) {
      const have = view.endpoints.get(key)!;
      if (ep && endpointsEqualBeyondKey(ep, have)) view.bad.delete(key);
      else view.bad.add(key);
    } else if (ep) s.unplaced.add(key);
    else s.unplaced.delete(key);
  }

  addView(view: SliceView): void {
    this.views.set(view.obj.metadata.name ?? '', view);
    if (!view.owned) return;
    const s = this.key(view.portKey);
    const n = view.obj.endpoints?.length ?? 0;
    let clash = view.endpoints.size !== n;
    for (const key of view.endpoints.keys()) if (s.index.has(key)) clash = true;
    if (clash) {
      this.clashes++;
      return;
    }
    view.indexed = true;
    for (const [key, have] of view.endpoints) {
      s.index.set(key, view);
      s.unplaced.delete(key);
      const want = s.desired.get(key);
      if (!want || !endpointsEqualBeyondKey(want, have)) view.bad.add(key);
    }
  }

  removeView(name: string): void {
    const view = this.views.get(name);
    if (!view) return;
    this.views.delete(name);
    if (!view.owned) return;
    if (!view.indexed) {
      this.clashes--;
      return;
    }
    const s = this.key(view.portKey);
    for (const key of view.endpoints.keys()) {
      s.index.delete(key);
      if (s.desired.has(key)) s.unplaced.add(key);
    }
  }
}
