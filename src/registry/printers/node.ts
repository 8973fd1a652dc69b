// Node columns: NAME STATUS ROLES AGE VERSION [INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME].
import { arr, column, fieldColumn, nameColumn, ageColumn, nameOf, ageOf, obj, str, type Printer } from './types.js';

type J = Record<string, any>;

/** "Ready" / "NotReady" from the Ready condition ("Unknown" without it), plus ",SchedulingDisabled". */
export function nodeStatus(node: J): string {
  const ready = arr<J>(obj(node.status).conditions).filter((c) => c.type === 'Ready').pop();
  const parts = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (obj(node.spec).unschedulable === true) parts.push('SchedulingDisabled');
  return parts.join(',');
}

/** Roles from node-role.kubernetes.io/<role> keys and kubernetes.io/role=<role>; sorted, unique. */
export function nodeRoles(node: J): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(obj(obj(node.metadata).labels))) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (k === 'kubernetes.io/role' && str(v) !== '') {
      roles.add(str(v));
    }
  }
  return roles.size > 0 ? [...roles].sort().join(',') : '<none>';
}

function address(node: J, type: string): string {
  return str(arr<J>(obj(node.status).addresses).find((a) => a.type === type)?.address) || '<none>';
}

export const nodePrinter: Printer = {
  columns: [
    nameColumn(),
    column('Status', 'string', 'The status of the node'),
    column('Roles', 'string', 'The roles of the node'),
    ageColumn(),
    fieldColumn('Version', 'string', 'NodeSystemInfo.kubeletVersion'),
    fieldColumn('Internal-IP', 'string', 'NodeStatus.addresses', { priority: 1 }),
    fieldColumn('External-IP', 'string', 'NodeStatus.addresses', { priority: 1 }),
    fieldColumn('OS-Image', 'string', 'NodeSystemInfo.osImage', { priority: 1 }),
    fieldColumn('Kernel-Version', 'string', 'NodeSystemInfo.kernelVersion', { priority: 1 }),
    fieldColumn('Container-Runtime', 'string', 'NodeSystemInfo.containerRuntimeVersion', { priority: 1 }),
  ],
  cells(node, now) {
    const info = obj(obj(node.status).nodeInfo);
    return [
      nameOf(node), nodeStatus(node), nodeRoles(node), ageOf(node, now), str(info.kubeletVersion),
      address(node, 'InternalIP'), address(node, 'ExternalIP'),
      str(info.osImage) || '<unknown>', str(info.kernelVersion) || '<unknown>', str(info.containerRuntimeVersion) || '<unknown>',
    ];
  },
};
