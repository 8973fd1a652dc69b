// The core/v1 shapes the legacy Endpoints controller and the mirroring controller read and write.
// Only the fields these controllers look at are typed; everything else rides along untouched.
import type { KObject, ObjectMeta } from '../../machinery/types.js';
import type { ObjectReference } from '../endpointslice/types.js';

// The Service and Pod shapes are the EndpointSlice controller's: both controllers read the same fields.
export type { Container, ContainerPort, ObjectReference, Pod, PodCondition, Service, ServicePort } from '../endpointslice/types.js';

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

/** An Event the controller would record; the applier turns it into an events.k8s.io object. */
export interface ControllerEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  /** Event source component, e.g. `endpoint-controller`. */
  source: string;
  involvedObject: ObjectReference;
}
