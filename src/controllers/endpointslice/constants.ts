// Well-known names the EndpointSlice controller reads and writes (spec §0.1).

export const CONTROLLER_NAME = 'endpointslice-controller.k8s.io';
export const EVENT_SOURCE = 'endpoint-slice-controller';

export const LABEL_MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
export const LABEL_SERVICE_NAME = 'kubernetes.io/service-name';
export const LABEL_HEADLESS = 'service.kubernetes.io/headless';
export const LABEL_ZONE = 'topology.kubernetes.io/zone';

export const ANNOTATION_TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';
export const ANNOTATION_TOPOLOGY_MODE = 'service.kubernetes.io/topology-mode';
/** Deprecated spelling; when present it wins over topology-mode, whatever its value. */
export const ANNOTATION_TOPOLOGY_AWARE_HINTS = 'service.kubernetes.io/topology-aware-hints';

/** Nodes carrying any of these labels (any value) don't count towards a zone's CPU. */
export const EXCLUDED_NODE_LABELS = ['node-role.kubernetes.io/control-plane', 'node-role.kubernetes.io/master'];

export const DEFAULT_MAX_ENDPOINTS_PER_SLICE = 100;
export const MAX_ENDPOINTS_PER_SLICE_LIMIT = 1000;

/** Maximum overload any zone should see under topology-mode Auto (20 %). */
export const OVERLOAD_THRESHOLD = 0.2;
