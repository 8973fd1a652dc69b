// The core/v1 shapes the legacy Endpoints controller and the mirroring controller read and write.
// Only the fields these controllers look at are typed; everything else rides along untouched.
import type { KObject, ObjectMeta } from '../../machinery/types.js';

export interface ObjectReference {
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  apiVersion?: string;
  resourceVersion?: string;
  fieldPath?: string;
}

export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef?: ObjectReference;
}

export interface EndpointPort {
  name?: string;
  port: number;
  protocol?: string;
  appProtocol?: string;
}

export interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointPort[];
}

export interface Endpoints extends KObject {
  metadata: ObjectMeta;
  subsets?: EndpointSubset[];
}

export interface ServicePort {
  name?: string;
  protocol?: string;
  port: number;
  /** A number, or the name of a container port; the API server defaults it to `port`. */
  targetPort?: number | string;
  appProtocol?: string;
  nodePort?: number;
}

export interface Service extends KObject {
  spec?: {
    type?: string;
    selector?: Record<string, string> | null;
    clusterIP?: string;
    clusterIPs?: string[];
    ipFamilies?: string[];
    ports?: ServicePort[];
    publishNotReadyAddresses?: boolean;
    [k: string]: unknown;
  };
}

export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: string;
}

export interface Container {
  name?: string;
  ports?: ContainerPort[];
  restartPolicy?: string;
}

export interface PodCondition {
  type: string;
  status: string;
  lastTransitionTime?: string;
}

export interface Pod extends KObject {
  spec?: {
    nodeName?: string;
    hostname?: string;
    subdomain?: string;
    containers?: Container[];
    initContainers?: Container[];
    [k: string]: unknown;
  };
  status?: {
    phase?: string;
    podIP?: string;
    podIPs?: { ip: string }[];
    conditions?: PodCondition[];
    [k: string]: unknown;
  };
}

/** An Event the controller would record; the applier turns it into an events.k8s.io object. */
export interface ControllerEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  /** Event source component, e.g. `endpoint-controller`. */
  source: string;
  involvedObject: ObjectReference;
}
