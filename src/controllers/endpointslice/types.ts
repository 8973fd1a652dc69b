// Minimal JSON shapes of the objects the EndpointSlice planner reads and writes.
// Only fields the controller looks at are typed; everything else rides along untouched.
import type { KObject } from '../../machinery/types.js';

export type AddressType = 'IPv4' | 'IPv6' | 'FQDN' | 'IP';

export interface ServicePort {
  name?: string;
  protocol?: string;
  port: number;
  /** Number, or the name of a container port. The API server defaults it to `port`. */
  targetPort?: number | string;
  appProtocol?: string;
  nodePort?: number;
}

export interface ServiceSpec {
  type?: string;
  selector?: Record<string, string> | null;
  clusterIP?: string;
  clusterIPs?: string[];
  ipFamilies?: string[];
  ports?: ServicePort[];
  publishNotReadyAddresses?: boolean;
  trafficDistribution?: string | null;
}

export interface Service extends KObject {
  spec?: ServiceSpec;
}

export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: string;
}

export interface Container {
  name: string;
  ports?: ContainerPort[];
  /** Only on init containers: "Always" makes it a sidecar whose ports count. */
  restartPolicy?: string;
}

export interface PodCondition {
  type: string;
  status: string;
  lastTransitionTime?: string | null;
}

export interface Pod extends KObject {
  spec?: {
    nodeName?: string;
    hostname?: string;
    subdomain?: string;
    containers?: Container[];
    initContainers?: Container[];
  };
  status?: {
    phase?: string;
    podIP?: string;
    podIPs?: { ip: string }[] | null;
    conditions?: PodCondition[] | null;
  };
}

export interface NodeCondition {
  type: string;
  status: string;
}

export interface Node extends KObject {
  status?: {
    allocatable?: Record<string, string>;
    conditions?: NodeCondition[] | null;
  };
}

export interface EndpointPort {
  name?: string;
  protocol?: string;
  port?: number | null;
  appProtocol?: string;
}

export interface EndpointConditions {
  ready?: boolean | null;
  serving?: boolean | null;
  terminating?: boolean | null;
}

export interface ForZone {
  name: string;
}

export interface ForNode {
  name: string;
}

export interface EndpointHints {
  forZones?: ForZone[] | null;
  forNodes?: ForNode[] | null;
}

export interface ObjectReference {
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  apiVersion?: string;
  resourceVersion?: string;
  fieldPath?: string;
}

export interface Endpoint {
  addresses: string[];
  conditions?: EndpointConditions;
  hostname?: string | null;
  targetRef?: ObjectReference | null;
  deprecatedTopology?: Record<string, string> | null;
  nodeName?: string | null;
  zone?: string | null;
  hints?: EndpointHints | null;
}

export interface EndpointSlice extends KObject {
  apiVersion?: string;
  kind?: string;
  addressType: AddressType | string;
  /** The API server returns empty lists as null; the controller treats null and [] alike. */
  endpoints: Endpoint[] | null;
  ports: EndpointPort[] | null;
}
