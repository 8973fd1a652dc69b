import { describe, expect, it } from 'vitest';
import {
  equalsPlaceholder,
  hintsEnabled,
  newEndpointSlice,
  ownedBy,
  sliceLabels,
  supportedAddressTypes,
} from '../../../src/controllers/endpointslice/index.js';
import { makeService, managedLabels, SVC_UID } from './helpers.js';

describe('slice labels (spec §4.2)', () => {
  it('copies Service labels minus reserved keys, then sets service-name and managed-by', () => {
    const svc = makeService({
      labels: {
        app: 'web',
        tier: 'fe',
        'kubernetes.io/service-name': 'evil',
        'endpointslice.kubernetes.io/managed-by': 'me',
        'service.kubernetes.io/headless': 'x',
      },
    });
    expect(sliceLabels(undefined, svc).labels).toEqual(managedLabels('web', { app: 'web', tier: 'fe' }));
  });

  it.each([
    ['None', true],
    ['', true],
    ['10.96.0.10', false],
  ])('clusterIP %j → headless label %s', (clusterIP, headless) => {
    const { labels } = sliceLabels(undefined, makeService({ clusterIP }));
    expect('service.kubernetes.io/headless' in labels).toBe(headless);
    if (headless) expect(labels['service.kubernetes.io/headless']).toBe('');
  });

  it.each([
    ['same labels', { ...managedLabels() }, false],
    ['reserved keys differ only', { app: 'web', 'kubernetes.io/service-name': 'x', 'service.kubernetes.io/headless': '' }, false],
    ['extra user label on the slice', { ...managedLabels(), extra: '1' }, true],
    ['value differs', { ...managedLabels('web', { app: 'other' }) }, true],
    ['missing', { ...managedLabels('web', {}) }, true],
  ])('changed? %s → %s', (_d, current, changed) => {
    expect(sliceLabels(current, makeService()).changed).toBe(changed);
  });

  it('nil and empty label maps are equal', () => {
    expect(sliceLabels(undefined, makeService({ labels: {} })).changed).toBe(false);
  });
});

describe('address types (spec §1.2)', () => {
  it.each([
    [{ ipFamilies: ['IPv4'] }, ['IPv4']],
    [{ ipFamilies: ['IPv6', 'IPv4'] }, ['IPv6', 'IPv4']],
    [{ ipFamilies: [], clusterIP: '10.0.0.1' }, ['IPv4']],
    [{ ipFamilies: [], clusterIP: 'fd00::1' }, ['IPv6']],
    [{ ipFamilies: [], clusterIP: 'None' }, ['IPv4', 'IPv6']],
    [{ ipFamilies: [], clusterIP: '' }, ['IPv4', 'IPv6']],
  ])('%o → %o', (over, want) => {
    expect(supportedAddressTypes(makeService(over))).toEqual(want);
  });
});

describe('topology annotations (spec §6)', () => {
  it.each([
    [{ 'service.kubernetes.io/topology-mode': 'Auto' }, true],
    [{ 'service.kubernetes.io/topology-mode': 'auto' }, true],
    [{ 'service.kubernetes.io/topology-mode': 'AUTO' }, false],
    [{ 'service.kubernetes.io/topology-mode': 'enabled' }, false],
    [{ 'service.kubernetes.io/topology-aware-hints': 'Auto' }, true],
    [{ 'service.kubernetes.io/topology-aware-hints': 'disabled', 'service.kubernetes.io/topology-mode': 'Auto' }, false],
    [{}, false],
  ])('%o → %s', (annotations, want) => {
    expect(hintsEnabled(makeService({ annotations }))).toBe(want);
  });
});

describe('new slices and ownership (spec §4.1, §4.3, §5.5)', () => {
  it('builds generateName, labels, controller ownerRef, addressType, ports and empty endpoints', () => {
    const s = newEndpointSlice(makeService(), 'IPv4', [{ name: 'http', protocol: 'TCP', port: 8080 }]);
    expect(s).toEqual({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        generateName: 'web-',
        namespace: 'default',
        labels: managedLabels(),
        ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: SVC_UID, controller: true, blockOwnerDeletion: true }],
      },
      addressType: 'IPv4',
      endpoints: [],
      ports: [{ name: 'http', protocol: 'TCP', port: 8080 }],
    });
    expect(ownedBy(s, makeService())).toBe(true);
  });

  it.each([
    ['other uid', { apiVersion: 'v1', kind: 'Service', name: 'web', uid: 'old' }],
    ['other kind', { apiVersion: 'v1', kind: 'Endpoints', name: 'web', uid: SVC_UID }],
    ['other apiVersion', { apiVersion: 'v2', kind: 'Service', name: 'web', uid: SVC_UID }],
  ])('not owned: %s', (_d, ref) => {
    const s = newEndpointSlice(makeService(), 'IPv4', []);
    s.metadata.ownerReferences = [ref];
    expect(ownedBy(s, makeService())).toBe(false);
  });

  it('placeholder comparison ignores name, annotations and ownerRefs; null ≡ []', () => {
    const svc = makeService();
    const p = newEndpointSlice(svc, 'IPv4', []);
    const stored = { ...p, metadata: { ...p.metadata, name: 'web-x', annotations: { a: 'b' }, ownerReferences: [] }, endpoints: null, ports: null };
    expect(equalsPlaceholder(stored, p)).toBe(true);
    expect(equalsPlaceholder({ ...stored, addressType: 'IPv6' }, p)).toBe(false);
    expect(equalsPlaceholder({ ...stored, ports: [{ name: 'x', port: 1, protocol: 'TCP' }] }, p)).toBe(false);
    expect(equalsPlaceholder({ ...stored, metadata: { ...stored.metadata, labels: { ...p.metadata.labels, x: '1' } } }, p)).toBe(false);
  });
});
