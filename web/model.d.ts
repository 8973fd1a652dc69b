// Types of model.js for the TypeScript tests (the page itself loads the plain module).
type Obj = Record<string, any>;
export const CHURN_WINDOW_MS: number;
export function keyOf(o: Obj): string;
export function serviceKeyOfSlice(slice: Obj): string | undefined;
export function ownerOf(pod: Obj | undefined): { kind: string; name: string } | undefined;
export interface EndpointRow {
  address: string; addressType: string; slice: string; pod?: string; owner?: { kind: string; name: string };
  nodeName?: string; zone?: string; ready: boolean; serving: boolean; terminating: boolean; zoneHints: string[]; nodeHints: string[];
}
export class Model {
  services: Map<string, Obj>;
  slices: Map<string, Obj>;
  pods: Map<string, Obj>;
  nodes: Map<string, Obj>;
  namespaces: Map<string, Obj>;
  replace(kind: string, items: Obj[]): void;
  change(kind: string, type: string, obj: Obj, now?: number): void;
  takeDirty(): { all: boolean; keys: Set<string> };
  slicesOf(svcKey: string): Obj[];
  endpointsOf(svcKey: string): EndpointRow[];
  workloads(namespace?: string): { namespace: string; kind: string; name: string; pods: number; ready: number }[];
  churn(now?: number, svcKey?: string): number;
}
