// Leases arrive as protobuf from client-go leader election (typed client): they decode to the JSON a
// JSON client would send, MicroTimes with six fractional digits.
import { describe, expect, it } from 'vitest';
import { decodeProtobufObject, encodeProtobufObject } from '../helpers/kinds.js';

describe('protobuf Lease', () => {
  it('round-trips a leader-election Lease', () => {
    const lease = {
      apiVersion: 'coordination.k8s.io/v1', kind: 'Lease',
      metadata: { name: 'my-controller', namespace: 'kube-system' },
      spec: {
        holderIdentity: 'ctrl-7c9f_1b2c', leaseDurationSeconds: 15, acquireTime: '2026-01-01T00:00:00.000000Z',
        renewTime: '2026-01-01T00:00:10.250000Z', leaseTransitions: 0,
      },
    };
    expect(decodeProtobufObject(encodeProtobufObject(lease))).toEqual(lease);
  });
});
