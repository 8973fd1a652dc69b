// apps/v1 Table printers, with the columns and cells of the apiserver's printDeployment,
// printReplicaSet, printStatefulSet, printDaemonSet and printControllerRevision
// (pkg/printers/internalversion/printers.go). Wide columns come last with priority 1.
import { formatLabels } from '../../machinery/labels.js';
import { ageColumn, ageOf, arr, column, nameColumn, nameOf, obj, str, type Printer } from './types.js';
import {
  containerCells, containersColumn, count, formatLabelSelector, imagesColumn, workloadColumn,
} from './workload.js';

type J = Record<string, any>;

const READY = 'Number of the pod with ready state';

export const deploymentPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Ready', 'string', READY),
    workloadColumn('Up-to-date', 'string', 'DeploymentStatus.updatedReplicas'),
    workloadColumn('Available', 'string', 'DeploymentStatus.availableReplicas'),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    workloadColumn('Selector', 'string', 'DeploymentSpec.selector', 1),
  ],
  cells(d, now) {
    const spec = obj(d.spec);
    const status = obj(d.status);
    return [
      nameOf(d), `${count(status.readyReplicas)}/${count(spec.replicas)}`, count(status.updatedReplicas),
      count(status.availableReplicas), ageOf(d, now), ...containerCells(spec.template), formatLabelSelector(spec.selector),
    ];
  },
};

export const replicaSetPrinter: Printer = {
  columns: [
    nameColumn(),
    workloadColumn('Desired', 'integer', 'ReplicaSetSpec.replicas'),
    workloadColumn('Current', 'integer', 'ReplicaSetStatus.replicas'),
    workloadColumn('Ready', 'integer', 'ReplicaSetStatus.readyReplicas'),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    workloadColumn('Selector', 'string', 'ReplicaSetSpec.selector', 1),
  ],
  cells(rs, now) {
    const spec = obj(rs.spec);
    const status = obj(rs.status);
    return [
      nameOf(rs), count(spec.replicas), count(status.replicas), count(status.readyReplicas), ageOf(rs, now),
      ...containerCells(spec.template), formatLabelSelector(spec.selector),
    ];
  },
};

export const statefulSetPrinter: Printer = {
  columns: [nameColumn(), column('Ready', 'string', READY), ageColumn(), containersColumn(), imagesColumn()],
  cells(sts, now) {
    const spec = obj(sts.spec);
    return [
      nameOf(sts), `${count(obj(sts.status).readyReplicas)}/${count(spec.replicas)}`, ageOf(sts, now),
      ...containerCells(spec.template),
    ];
  },
};

export const daemonSetPrinter: Printer = {
  columns: [
    nameColumn(),
    workloadColumn('Desired', 'integer', 'DaemonSetStatus.desiredNumberScheduled'),
    workloadColumn('Current', 'integer', 'DaemonSetStatus.currentNumberScheduled'),
    workloadColumn('Ready', 'integer', 'DaemonSetStatus.numberReady'),
    workloadColumn('Up-to-date', 'integer', 'DaemonSetStatus.updatedNumberScheduled'),
    workloadColumn('Available', 'integer', 'DaemonSetStatus.numberAvailable'),
    workloadColumn('Node Selector', 'string', 'PodSpec.nodeSelector'),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    workloadColumn('Selector', 'string', 'DaemonSetSpec.selector', 1),
  ],
  cells(ds, now) {
    const spec = obj(ds.spec);
    const s = obj(ds.status);
    return [
      nameOf(ds), count(s.desiredNumberScheduled), count(s.currentNumberScheduled), count(s.numberReady),
      count(s.updatedNumberScheduled), count(s.numberAvailable), formatLabels(obj(obj(obj(spec.template).spec).nodeSelector)),
      ageOf(ds, now), ...containerCells(spec.template), formatLabelSelector(spec.selector),
    ];
  },
};

/** "statefulset.apps/web": the controlling owner as a lower-cased GroupKind and name. */
function controllerOf(o: J): string {
  const ref = arr<J>(obj(o.metadata).ownerReferences).find((r) => r.controller === true);
  if (!ref) return '<none>';
  const apiVersion = str(ref.apiVersion);
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const kind = str(ref.kind);
  if (!kind && !group) return str(ref.name);
  return `${(group ? `${kind}.${group}` : kind).toLowerCase()}/${str(ref.name)}`;
}

export const controllerRevisionPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Controller', 'string', 'Controller of the object'),
    workloadColumn('Revision', 'string', 'ControllerRevision.revision'),
    ageColumn(),
  ],
  cells(cr, now) {
    return [nameOf(cr), controllerOf(cr), count(cr.revision), ageOf(cr, now)];
  },
};

