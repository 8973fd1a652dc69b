// discovery.k8s.io/v1 shapes the mirroring controller writes. Kept local so this controller does
// not depend on the EndpointSlice controller's internals.
import type { KObject, ObjectMeta } from '../../machinery/types.js';
import type { ObjectReference } from '../endpoints/types.js';

export type AddressType = 'IPv4' | 'IPv6' | 'FQDN';

export interface SlicePort {
  name?: string;
  port?: number;
  protocol?: string;
  appProtocol?: string;
}

export interface SliceEndpoint {
  addresses: string[];
  conditions?: { ready?: boolean; serving?: boolean; terminating?: boolean };
  hostname?: string;
  targetRef?: ObjectReference;
  nodeName?: string;
  zone?: string;
  hints?: unknown;
}

export interface EndpointSlice extends KObject {
  metadata: ObjectMeta;
  addressType: AddressType;
  endpoints?: SliceEndpoint[] | null;
  ports?: SlicePort[] | null;
}
