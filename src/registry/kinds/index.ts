// The built-in kinds. Adding a kind: a schema in openapi/ (scripts/gen-openapi.mjs), its definition
// in a file here, one line below, one conformance fixture in test/conformance/fixtures.ts. Custom
// resources are kinds defined the same way at run time (custom-resources.ts, from their CRD).
import type { Strategy } from '../strategy.js';
import { controllerrevisions } from './controllerrevisions.js';
import { cronjobs } from './cronjobs.js';
import { customresourcedefinitions } from './customresourcedefinitions.js';
import { daemonsets } from './daemonsets.js';
import { deployments } from './deployments.js';
import { jobs } from './jobs.js';
import { replicasets } from './replicasets.js';
import { statefulsets } from './statefulsets.js';
import { configmaps, secrets } from './configmaps.js';
import { endpoints } from './endpoints.js';
import { endpointslices } from './endpointslices.js';
import { events } from './events.js';
import { leases } from './leases.js';
import { eventsV1 } from './events-v1.js';
import { namespaces } from './namespaces.js';
import { nodes } from './nodes.js';
import { pods } from './pods.js';
import { limitranges, resourcequotas } from './quotas.js';
import type { ServiceAllocator } from './service-alloc.js';
import { makeServices } from './services.js';

export function allKinds(alloc: ServiceAllocator): Strategy[] {
  return [
    namespaces, pods, makeServices(alloc), endpoints, nodes, events, configmaps, secrets, resourcequotas, limitranges,
    endpointslices, eventsV1, leases,
    deployments, replicasets, statefulsets, daemonsets, controllerrevisions, jobs, cronjobs,
    customresourcedefinitions,
  ];
}
