// The working lists of one address type's reconcile, and the copy rule that keeps inputs untouched.
import { clone } from '../../util/copy.js';
import type { Endpoint, EndpointSlice } from './types.js';

export interface SliceSets {
  create: EndpointSlice[];
  update: EndpointSlice[];
  /** Existing slices not (yet) being written; never mutated (they may be frozen store objects). */
  unchanged: EndpointSlice[];
}

/** A writable copy of an existing slice; `endpoints` replaces its endpoint list when given. */
export function copySlice(slice: EndpointSlice, endpoints?: Endpoint[]): EndpointSlice {
  return {
    ...slice,
    metadata: clone(slice.metadata),
    ports: clone(slice.ports),
    endpoints: endpoints ?? clone(slice.endpoints ?? []),
  };
}

export function countReady(slices: readonly EndpointSlice[]): number {
  let n = 0;
  for (const s of slices) for (const ep of s.endpoints ?? []) if (ep.conditions?.ready === true) n++;
  return n;
}
