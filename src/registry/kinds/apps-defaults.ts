// apps/v1 defaults (pkg/apis/apps/v1/defaults.go SetDefaults_Deployment, _ReplicaSet, _StatefulSet,
// _DaemonSet) plus the generated defaulters' descent into the pod template and, for StatefulSets,
// the volume claim templates (SetDefaults_PersistentVolumeClaim: phase Pending, volumeMode
// Filesystem). Applied on create and on every update, as decoding applies them upstream.
import type { KObject } from '../../machinery/types.js';
import { arr, dflt, obj } from './common.js';
import { defaultPodTemplate } from './pod-template.js';

function replicas(spec: Record<string, any>): void {
  if (spec.replicas === undefined || spec.replicas === null) spec.replicas = 1;
}

function revisionHistoryLimit(spec: Record<string, any>): void {
  if (spec.revisionHistoryLimit === undefined || spec.revisionHistoryLimit === null) spec.revisionHistoryLimit = 10;
}

export function defaultDeployment(o: KObject): void {
  const spec = obj(o, 'spec');
  replicas(spec);
  const strategy = obj(spec, 'strategy');
  dflt(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const ru = obj(strategy, 'rollingUpdate');
    if (ru.maxUnavailable === undefined || ru.maxUnavailable === null) ru.maxUnavailable = '25%';
    if (ru.maxSurge === undefined || ru.maxSurge === null) ru.maxSurge = '25%';
  }
  revisionHistoryLimit(spec);
  if (spec.progressDeadlineSeconds === undefined || spec.progressDeadlineSeconds === null) spec.progressDeadlineSeconds = 600;
  defaultPodTemplate(obj(spec, 'template'));
}

export function defaultReplicaSet(o: KObject): void {
  const spec = obj(o, 'spec');
  replicas(spec);
  defaultPodTemplate(obj(spec, 'template'));
}

export function defaultStatefulSet(o: KObject): void {
  const spec = obj(o, 'spec');
  dflt(spec, 'podManagementPolicy', 'OrderedReady');
  const strategy = obj(spec, 'updateStrategy');
  if (!strategy.type) {
    strategy.type = 'RollingUpdate';
    if (!strategy.rollingUpdate) strategy.rollingUpdate = {};
  }
  if (strategy.type === 'RollingUpdate' && strategy.rollingUpdate && typeof strategy.rollingUpdate === 'object') {
    if (strategy.rollingUpdate.partition === undefined || strategy.rollingUpdate.partition === null) strategy.rollingUpdate.partition = 0;
  }
  const retention = obj(spec, 'persistentVolumeClaimRetentionPolicy');
  dflt(retention, 'whenDeleted', 'Retain');
  dflt(retention, 'whenScaled', 'Retain');
  replicas(spec);
  revisionHistoryLimit(spec);
  defaultPodTemplate(obj(spec, 'template'));
  // apps/v1 conversion writes the claims with their own apiVersion and kind (as before 1.17,
  // issue 87583) whatever the client sent.
  spec.volumeClaimTemplates = arr(spec.volumeClaimTemplates).map((pvc) => {
    if (!pvc || typeof pvc !== 'object') return pvc;
    const { apiVersion: _v, kind: _k, ...rest } = pvc as Record<string, any>;
    const claim: Record<string, any> = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', ...rest };
    dflt(obj(claim, 'spec'), 'volumeMode', 'Filesystem');
    dflt(obj(claim, 'status'), 'phase', 'Pending');
    return claim;
  });
  if (spec.volumeClaimTemplates.length === 0) delete spec.volumeClaimTemplates;
}

export function defaultDaemonSet(o: KObject): void {
  const spec = obj(o, 'spec');
  const strategy = obj(spec, 'updateStrategy');
  dflt(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const ru = obj(strategy, 'rollingUpdate');
    if (ru.maxUnavailable === undefined || ru.maxUnavailable === null) ru.maxUnavailable = 1;
    if (ru.maxSurge === undefined || ru.maxSurge === null) ru.maxSurge = 0;
  }
  revisionHistoryLimit(spec);
  defaultPodTemplate(obj(spec, 'template'));
}
