// apps/v1 defaulting and validation, cases after k8s.io/kubernetes pkg/apis/apps/v1/defaults_test.go
// (TestSetDefaultDeployment, TestSetDefaultStatefulSet, TestSetDefaultDaemonSetSpec) and
// pkg/apis/apps/validation/validation_test.go (TestValidateDeployment, TestValidateDeploymentStatus,
// TestValidateReplicaSet, TestValidateStatefulSet, TestValidateStatefulSetUpdate, TestValidateDaemonSet,
// TestValidateDaemonSetUpdate, TestValidateControllerRevision, TestValidateControllerRevisionUpdate).
import { describe, expect, it } from 'vitest';
import { fieldErrorBody, type FieldError } from '../../src/machinery/status.js';
import type { KObject } from '../../src/machinery/types.js';
import { defaultDaemonSet, defaultDeployment, defaultReplicaSet, defaultStatefulSet } from '../../src/registry/kinds/apps-defaults.js';
import {
  validateControllerRevision, validateControllerRevisionUpdate, validateDaemonSet, validateDaemonSetUpdate, validateDeployment,
  validateDeploymentStatus, validateDeploymentUpdate, validateReplicaSet, validateReplicaSetStatus, validateReplicaSetUpdate,
  validateStatefulSet, validateStatefulSetStatus, validateStatefulSetUpdate,
} from '../../src/registry/kinds/apps-validation.js';

type J = Record<string, any>;
const errors = (errs: FieldError[]): string[] => errs.map((e) => `${e.field}: ${fieldErrorBody(e)}`);

const template = (extra: J = {}): J => ({
  metadata: { labels: { app: 'web' } },
  spec: { containers: [{ name: 'c', image: 'nginx:1.27' }], ...extra },
});
function kind(kindName: string, spec: J, fill: (o: KObject) => void): KObject {
  const o = { apiVersion: 'apps/v1', kind: kindName, metadata: { name: 'x', namespace: 'default' }, spec } as KObject;
  fill(o);
  return o;
}
const deployment = (spec: J = {}) => kind('Deployment', { selector: { matchLabels: { app: 'web' } }, template: template(), ...spec }, defaultDeployment);
const replicaSet = (spec: J = {}) => kind('ReplicaSet', { selector: { matchLabels: { app: 'web' } }, template: template(), ...spec }, defaultReplicaSet);
const statefulSet = (spec: J = {}) => kind('StatefulSet', { selector: { matchLabels: { app: 'web' } }, serviceName: 'web', template: template(), ...spec }, defaultStatefulSet);
const daemonSet = (spec: J = {}) => kind('DaemonSet', { selector: { matchLabels: { app: 'web' } }, template: template(), ...spec }, defaultDaemonSet);

describe('defaults', () => {
  it('Deployment: 1 replica, RollingUpdate 25%/25%, 10 revisions, 600 s progress deadline, pod template defaults', () => {
    const d = deployment();
    expect(d.spec).toMatchObject({
      replicas: 1, revisionHistoryLimit: 10, progressDeadlineSeconds: 600,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
    });
    expect((d.spec as J).template.spec).toEqual({
      containers: [{ name: 'c', image: 'nginx:1.27', imagePullPolicy: 'IfNotPresent', resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' }],
      restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', terminationGracePeriodSeconds: 30, schedulerName: 'default-scheduler', securityContext: {},
    });
  });

  it('Deployment: Recreate gets no rollingUpdate; explicit values are kept', () => {
    expect((deployment({ strategy: { type: 'Recreate' } }).spec as J).strategy).toEqual({ type: 'Recreate' });
    const d = deployment({ replicas: 0, revisionHistoryLimit: 0, strategy: { rollingUpdate: { maxSurge: 0 } } });
    expect(d.spec).toMatchObject({ replicas: 0, revisionHistoryLimit: 0, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: '25%' } } });
  });

  it('pull policy by tag: latest or untagged Always, tagged or digest IfNotPresent', () => {
    const images = ['nginx', 'nginx:latest', 'nginx:1.27', 'reg:5000/nginx', 'nginx@sha256:abc'];
    const d = deployment({ template: template({ containers: images.map((image, i) => ({ name: `c${i}`, image })) }) });
    expect((d.spec as J).template.spec.containers.map((c: J) => c.imagePullPolicy)).toEqual(['Always', 'Always', 'IfNotPresent', 'Always', 'IfNotPresent']);
  });

  it('StatefulSet: OrderedReady, RollingUpdate partition 0, Retain/Retain, claim templates Pending/Filesystem', () => {
    const s = statefulSet({ volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }] });
    expect(s.spec).toMatchObject({
      replicas: 1, revisionHistoryLimit: 10, podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      volumeClaimTemplates: [{ apiVersion: 'v1', kind: 'PersistentVolumeClaim', spec: { volumeMode: 'Filesystem' }, status: { phase: 'Pending' } }],
    });
    // OnDelete given: no rollingUpdate invented.
    expect((statefulSet({ updateStrategy: { type: 'OnDelete' } }).spec as J).updateStrategy).toEqual({ type: 'OnDelete' });
  });

  it('DaemonSet: RollingUpdate maxUnavailable 1, maxSurge 0; ReplicaSet: 1 replica', () => {
    expect(daemonSet().spec).toMatchObject({ revisionHistoryLimit: 10, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } } });
    expect((replicaSet().spec as J).replicas).toBe(1);
  });
});

describe('Deployment validation', () => {
  it('accepts the defaulted minimal deployment', () => {
    expect(validateDeployment(deployment())).toEqual([]);
  });

  it.each<[string, J, string[]]>([
    // A nil selector selects nothing, so the template check fails too (as upstream reports it).
    ['missing selector', { selector: undefined }, [
      'spec.selector: Required value',
      'spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`',
    ]],
    ['empty selector', { selector: {} }, ['spec.selector: Invalid value: {}: empty selector is invalid for deployment']],
    ['selector not matching the template', { selector: { matchLabels: { app: 'db' } } },
      ['spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`']],
    ['bad selector operator', { selector: { matchExpressions: [{ key: 'app', operator: 'Is', values: ['web'] }] } }, [
      'spec.selector.matchExpressions[0].operator: Invalid value: "Is": not a valid selector operator',
      'spec.selector: Invalid value: {"matchExpressions":[{"key":"app","operator":"Is","values":["web"]}]}: invalid label selector',
    ]],
    ['In without values', { selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In' }] } },
      [
        "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
        'spec.selector: Invalid value: {"matchLabels":{"app":"web"},"matchExpressions":[{"key":"tier","operator":"In"}]}: invalid label selector',
      ]],
    ['negative replicas', { replicas: -1 }, ['spec.replicas: Invalid value: -1: must be greater than or equal to 0']],
    ['restartPolicy OnFailure', { template: template({ restartPolicy: 'OnFailure' }) },
      ['spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"']],
    ['activeDeadlineSeconds', { template: template({ activeDeadlineSeconds: 10 }) },
      ['spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in Deployment is not Supported']],
    ['container without image', { template: template({ containers: [{ name: 'c' }] }) }, ['spec.template.spec.containers[0].image: Required value']],
    ['bad maxUnavailable', { strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '20Percent', maxSurge: 1 } } },
      ["spec.strategy.rollingUpdate.maxUnavailable: Invalid value: \"20Percent\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%', or '93%', regex used for validation is '[0-9]+%')"]],
    ['maxUnavailable over 100%', { strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '110%', maxSurge: 0 } } },
      ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "110%": must not be greater than 100%']],
    ['both zero', { strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '0%' } } },
      ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0']],
    ['Recreate with rollingUpdate', { strategy: { type: 'Recreate', rollingUpdate: { maxSurge: 1 } } },
      ["spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"]],
    ['unknown strategy', { strategy: { type: 'Canary' } }, ['spec.strategy: Unsupported value: {"type":"Canary"}: supported values: "Recreate", "RollingUpdate"']],
    ['negative revisionHistoryLimit', { revisionHistoryLimit: -2 }, ['spec.revisionHistoryLimit: Invalid value: -2: must be greater than or equal to 0']],
    ['progress deadline not above minReadySeconds', { minReadySeconds: 30, progressDeadlineSeconds: 30 },
      ['spec.progressDeadlineSeconds: Invalid value: 30: must be greater than minReadySeconds']],
  ])('%s', (_name, spec, want) => {
    expect(errors(validateDeployment(deployment(spec)))).toEqual(want);
  });

  it('keeps the selector immutable on update (apps/v1 strategy)', () => {
    const old = deployment();
    const next = deployment({ selector: { matchLabels: { app: 'web', v: '2' } }, template: { ...template(), metadata: { labels: { app: 'web', v: '2' } } } });
    expect(errors(validateDeploymentUpdate(next, old))).toEqual(['spec.selector: Invalid value: {"matchLabels":{"app":"web","v":"2"}}: field is immutable']);
    expect(validateDeploymentUpdate(deployment({ replicas: 5 }), old)).toEqual([]);
  });

  it('checks status counters (TestValidateDeploymentStatus)', () => {
    const d = (status: J, old: J = {}) => validateDeploymentStatus({ ...deployment(), status } as KObject, { ...deployment(), status: old } as KObject);
    expect(d({ replicas: 3, updatedReplicas: 3, readyReplicas: 2, availableReplicas: 2 })).toEqual([]);
    expect(errors(d({ replicas: 2, readyReplicas: 3, availableReplicas: 3 }))).toEqual([
      'status.readyReplicas: Invalid value: 3: cannot be greater than status.replicas',
      'status.availableReplicas: Invalid value: 3: cannot be greater than status.replicas',
    ]);
    expect(errors(d({ replicas: -1 }))).toEqual([
      'status.replicas: Invalid value: -1: must be greater than or equal to 0',
      ...['updatedReplicas', 'readyReplicas', 'availableReplicas'].map((f) => `status.${f}: Invalid value: 0: cannot be greater than status.replicas`),
    ]);
    expect(errors(d({ collisionCount: 1 }, { collisionCount: 2 }))).toEqual(['status.collisionCount: Invalid value: 1: cannot be decremented']);
    expect(errors(d({}, { collisionCount: 2 }))).toEqual(['status.collisionCount: Invalid value: 0: cannot be decremented']);
  });
});

describe('ReplicaSet validation', () => {
  it('shares the deployment rules, message included', () => {
    expect(validateReplicaSet(replicaSet())).toEqual([]);
    expect(errors(validateReplicaSet(replicaSet({ selector: {} })))).toEqual(['spec.selector: Invalid value: {}: empty selector is invalid for deployment']);
    expect(errors(validateReplicaSet(replicaSet({ minReadySeconds: -1 })))).toEqual(['spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0']);
    expect(errors(validateReplicaSet(replicaSet({ template: template({ activeDeadlineSeconds: 1 }) }))))
      .toEqual(['spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported']);
    expect(errors(validateReplicaSetUpdate(replicaSet({ selector: { matchLabels: { app: 'web', x: 'y' } } }), replicaSet()))).toContain(
      'spec.selector: Invalid value: {"matchLabels":{"app":"web","x":"y"}}: field is immutable');
  });

  it('checks status counters', () => {
    const rs = (status: J) => validateReplicaSetStatus({ ...replicaSet(), status } as KObject);
    expect(rs({ replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 1 })).toEqual([]);
    expect(errors(rs({ replicas: 2, readyReplicas: 1, availableReplicas: 2 }))).toEqual(['status.availableReplicas: Invalid value: 2: cannot be greater than readyReplicas']);
  });
});

describe('StatefulSet validation', () => {
  it('accepts the defaulted minimal statefulset', () => {
    expect(validateStatefulSet(statefulSet())).toEqual([]);
  });

  it.each<[string, J, string[]]>([
    ['bad podManagementPolicy', { podManagementPolicy: 'Sometimes' }, ["spec.podManagementPolicy: Invalid value: \"Sometimes\": must be 'OrderedReady' or 'Parallel'"]],
    ['bad update strategy', { updateStrategy: { type: 'Rolling' } }, ['spec.updateStrategy: Invalid value: {"type":"Rolling"}: must be \'RollingUpdate\' or \'OnDelete\'']],
    ['OnDelete with rollingUpdate', { updateStrategy: { type: 'OnDelete', rollingUpdate: { partition: 1 } } },
      ["spec.updateStrategy.rollingUpdate: Invalid value: {\"partition\":1}: only allowed for updateStrategy 'RollingUpdate'"]],
    ['negative partition', { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: -1 } } },
      ['spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0']],
    ['maxUnavailable 0', { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0, maxUnavailable: 0 } } },
      ['spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: 0: cannot be 0']],
    ['bad retention policy', { persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Keep', whenScaled: 'Retain' } },
      ['spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: "Keep": supported values: "Retain", "Delete"']],
    ['empty selector', { selector: {} }, ['spec.selector: Invalid value: {}: empty selector is invalid for statefulset']],
    ['selector not matching', { selector: { matchLabels: { app: 'db' } } },
      ['spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`']],
    ['negative ordinals.start', { ordinals: { start: -1 } }, ['spec.ordinals.start: Invalid value: -1: must be greater than or equal to 0']],
    ['restartPolicy Never', { template: template({ restartPolicy: 'Never' }) },
      ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"']],
  ])('%s', (_name, spec, want) => {
    expect(errors(validateStatefulSet(statefulSet(spec)))).toEqual(want);
  });

  it('lets updates change only replicas, ordinals, template, updateStrategy, retention and minReadySeconds', () => {
    const old = statefulSet();
    expect(validateStatefulSetUpdate(statefulSet({ replicas: 3, minReadySeconds: 5, template: template({ containers: [{ name: 'c', image: 'nginx:2' }] }) }), old)).toEqual([]);
    const forbidden = "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', " +
      "'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";
    expect(errors(validateStatefulSetUpdate(statefulSet({ serviceName: 'other' }), old))).toEqual([forbidden]);
    expect(errors(validateStatefulSetUpdate(statefulSet({ podManagementPolicy: 'Parallel' }), old))).toEqual([forbidden]);
  });

  it('checks status counters', () => {
    const s = (status: J) => validateStatefulSetStatus({ ...statefulSet(), status } as KObject, statefulSet());
    expect(s({ replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 3, availableReplicas: 3 })).toEqual([]);
    expect(errors(s({ replicas: 1, readyReplicas: 2, availableReplicas: 1 }))).toEqual(['status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas']);
  });
});

describe('DaemonSet validation', () => {
  it('accepts the defaulted minimal daemonset', () => {
    expect(validateDaemonSet(daemonSet())).toEqual([]);
  });

  it.each<[string, J, string[]]>([
    ['both surge and unavailable', { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 1 } } },
      ['spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when maxUnavailable is non-zero']],
    ['neither', { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '0%' } } },
      ['spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0']],
    ['surge over 100%', { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '101%' } } },
      ['spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: "101%": must not be greater than 100%']],
    ['unknown strategy', { updateStrategy: { type: 'Blue' } }, ['spec.updateStrategy: Unsupported value: {"type":"Blue"}: supported values: "RollingUpdate", "OnDelete"']],
    ['empty selector', { selector: {} }, [
      'spec.selector: Invalid value: {}: empty selector is invalid for daemonset',
    ]],
    ['selector not matching', { selector: { matchLabels: { app: 'agent' } } },
      ['spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`']],
    ['bad template label', { template: { ...template(), metadata: { labels: { app: 'web', 'bad key!': 'x' } } } },
      ["spec.template.labels: Invalid value: \"bad key!\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName', or 'my.name', or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"]],
  ])('%s', (_name, spec, want) => {
    expect(errors(validateDaemonSet(daemonSet(spec)))).toEqual(want);
  });

  it('keeps the selector immutable', () => {
    const next = daemonSet({ selector: { matchLabels: { app: 'web', tier: 'x' } }, template: { ...template(), metadata: { labels: { app: 'web', tier: 'x' } } } });
    expect(errors(validateDaemonSetUpdate(next, daemonSet()))).toEqual(['spec.selector: Invalid value: {"matchLabels":{"app":"web","tier":"x"}}: field is immutable']);
  });
});

describe('ControllerRevision validation', () => {
  const cr = (extra: J): KObject => ({ apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'r' }, ...extra }) as KObject;
  it('requires data and a non-negative revision; data is immutable', () => {
    expect(validateControllerRevision(cr({ data: { spec: {} }, revision: 1 }))).toEqual([]);
    expect(errors(validateControllerRevision(cr({ revision: -1 })))).toEqual([
      'data: Required value: data is mandatory', 'revision: Invalid value: -1: must be greater than or equal to 0',
    ]);
    expect(errors(validateControllerRevisionUpdate(cr({ data: { a: 2 }, revision: 1 }), cr({ data: { a: 1 }, revision: 1 }))))
      .toEqual(['data: Invalid value: {"a":2}: field is immutable']);
  });
});
