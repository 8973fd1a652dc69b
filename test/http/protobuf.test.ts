// Golden bodies as client-go/gogo-protobuf writes them, field-shape rules, special types and error wording.
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { isStatusError, type StatusError } from '../../src/machinery/status.js';
import { isProtobufContentType, PROTOBUF_CONTENT_TYPE } from '../../src/http/protobuf.js';
import { decodeProtobufObject, encodeProtobufObject } from '../helpers/kinds.js';

type W = protobuf.Writer;
const str = (w: W, field: number, s: string) => w.uint32((field << 3) | 2).string(s);
const bytes = (w: W, field: number, b: Uint8Array) => w.uint32((field << 3) | 2).bytes(b);
const varint = (w: W, field: number, n: number) => w.uint32(field << 3).int64(n);
const msg = (w: W, field: number, body: (w: W) => void) => {
  w.uint32((field << 3) | 2).fork();
  body(w);
  w.ldelim();
};
const build = (body: (w: W) => void): Uint8Array => {
  const w = protobuf.Writer.create();
  body(w);
  return w.finish();
};
const mapEntry = (w: W, field: number, key: string, value: (w: W) => void) =>
  msg(w, field, (e) => {
    str(e, 1, key);
    value(e);
  });

/** ObjectMeta as gogo writes it for a Go struct with only name (and namespace) set. */
const objectMeta = (name: string, namespace = '') => (w: W) => {
  str(w, 1, name);
  str(w, 2, '');
  str(w, 3, namespace);
  str(w, 4, '');
  str(w, 5, '');
  str(w, 6, '');
  varint(w, 7, 0);
  msg(w, 8, () => {}); // zero creationTimestamp: an empty message
};

/** magic + runtime.Unknown{typeMeta, raw, contentEncoding: "", contentType: ""}, as client-go writes it. */
function envelope(apiVersion: string, kind: string, raw: Uint8Array): Buffer {
  const unk = build((w) => {
    msg(w, 1, (t) => {
      str(t, 1, apiVersion);
      str(t, 2, kind);
    });
    bytes(w, 2, raw);
    str(w, 3, '');
    str(w, 4, '');
  });
  return Buffer.concat([Buffer.from('k8s\0', 'latin1'), unk]);
}

function decodeError(body: Buffer, expectedKind?: string): StatusError {
  try {
    decodeProtobufObject(body, expectedKind);
  } catch (e) {
    if (isStatusError(e)) return e;
    throw e;
  }
  throw new Error('decoded without error');
}

describe('golden bodies sent by kubectl create <generator>', () => {
  const namespaceBody = envelope('v1', 'Namespace', build((w) => {
    msg(w, 1, objectMeta('team-a'));
    msg(w, 2, () => {}); // NamespaceSpec{}: no finalizers
    msg(w, 3, (s) => str(s, 1, '')); // NamespaceStatus{Phase: ""}
  }));

  it('kubectl create namespace team-a', () => {
    expect(namespaceBody.toString('hex')).toBe(
      '6b387300' + '0a0f0a02763112094e616d657370616365' +
      '121e' + '0a16' + '0a067465616d2d61' + '12001a0022002a00320038004200' + '1200' + '1a020a00' +
      '1a002200');
    expect(decodeProtobufObject(namespaceBody)).toEqual({
      apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' }, spec: {}, status: {},
    });
  });

  it('the test encoder writes the same bytes as gogo-protobuf', () => {
    expect(encodeProtobufObject({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } }))
      .toEqual(namespaceBody);
  });

  it('kubectl create configmap app --from-literal=mode=prod', () => {
    const body = envelope('v1', 'ConfigMap', build((w) => {
      msg(w, 1, objectMeta('app', 'team-a'));
      mapEntry(w, 2, 'mode', (e) => str(e, 2, 'prod'));
      mapEntry(w, 2, 'empty', (e) => str(e, 2, ''));
    }));
    expect(decodeProtobufObject(body)).toEqual({
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app', namespace: 'team-a' },
      data: { mode: 'prod', empty: '' },
    });
  });

  it('kubectl create secret generic db --from-literal=password=s3cr3t', () => {
    const body = envelope('v1', 'Secret', build((w) => {
      msg(w, 1, objectMeta('db', 'team-a'));
      mapEntry(w, 2, 'password', (e) => bytes(e, 2, Buffer.from('s3cr3t')));
      str(w, 3, 'Opaque');
    }));
    expect(decodeProtobufObject(body)).toEqual({
      apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'team-a' },
      data: { password: Buffer.from('s3cr3t').toString('base64') }, type: 'Opaque',
    });
  });

  it('a typed-client delete: DeleteOptions under the client group version, zero pointers kept', () => {
    const body = envelope('discovery.k8s.io/v1', 'DeleteOptions', build((w) => {
      varint(w, 1, 0);
      msg(w, 2, (p) => str(p, 1, 'uid-1'));
      w.uint32(3 << 3).bool(false);
      str(w, 4, 'Foreground');
      str(w, 5, 'All');
    }));
    expect(decodeProtobufObject(body)).toEqual({
      apiVersion: 'discovery.k8s.io/v1', kind: 'DeleteOptions', gracePeriodSeconds: 0,
      preconditions: { uid: 'uid-1' }, orphanDependents: false, propagationPolicy: 'Foreground', dryRun: ['All'],
    });
  });
});

describe('field shapes decide which zero values survive', () => {
  it('keeps non-omitempty zeros, drops omitempty zeros, keeps present structs', () => {
    const body = envelope('v1', 'Pod', build((w) => {
      msg(w, 1, objectMeta('p'));
      msg(w, 2, (spec) => msg(spec, 2, (c) => {
        str(c, 1, 'app');
        str(c, 2, ''); // image: omitempty
        msg(c, 6, (p) => { str(p, 1, ''); varint(p, 2, 0); varint(p, 3, 0); str(p, 4, 'TCP'); });
        msg(c, 8, () => {}); // resources: a non-pointer struct
        c.uint32(16 << 3).bool(false); // stdin: omitempty
      }));
      msg(w, 3, (status) => msg(status, 8, (cs) => {
        str(cs, 1, 'app');
        msg(cs, 2, () => {});
        cs.uint32(4 << 3).bool(false); // ready: no omitempty
        varint(cs, 5, 0); // restartCount: no omitempty
        str(cs, 6, 'nginx');
        str(cs, 7, '');
      }));
    }));
    expect(decodeProtobufObject(body)).toEqual({
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' },
      spec: { containers: [{ name: 'app', ports: [{ containerPort: 0, protocol: 'TCP' }], resources: {} }] },
      status: { containerStatuses: [{ name: 'app', state: {}, ready: false, restartCount: 0, image: 'nginx', imageID: '' }] },
    });
  });

  it('keeps zero and false in pointer fields (EndpointSlice conditions, port)', () => {
    const body = envelope('discovery.k8s.io/v1', 'EndpointSlice', build((w) => {
      msg(w, 1, objectMeta('s-1'));
      msg(w, 2, (e) => {
        str(e, 1, '10.0.0.1');
        msg(e, 2, (c) => { c.uint32(1 << 3).bool(false); c.uint32(3 << 3).bool(false); });
      });
      msg(w, 3, (p) => varint(p, 3, 0));
      str(w, 4, 'IPv4');
    }));
    expect(decodeProtobufObject(body)).toEqual({
      apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 's-1' }, addressType: 'IPv4',
      endpoints: [{ addresses: ['10.0.0.1'], conditions: { ready: false, terminating: false } }],
      ports: [{ port: 0 }],
    });
  });

  it('merges inline structs into their parent (Volume source, probe handler, key selectors)', () => {
    const body = envelope('v1', 'Pod', build((w) => {
      msg(w, 2, (spec) => {
        msg(spec, 1, (v) => {
          str(v, 1, 'cfg');
          msg(v, 2, (src) => msg(src, 19, (cm) => msg(cm, 1, (ref) => str(ref, 1, 'app-config'))));
        });
        msg(spec, 2, (c) => {
          str(c, 1, 'app');
          msg(c, 7, (env) => {
            str(env, 1, 'PASSWORD');
            msg(env, 3, (from) => msg(from, 4, (sel) => {
              msg(sel, 1, (ref) => str(ref, 1, 'db'));
              str(sel, 2, 'password');
            }));
          });
          msg(c, 10, (probe) => {
            msg(probe, 1, (h) => msg(h, 2, (get) => {
              str(get, 1, '/healthz');
              msg(get, 2, (port) => { varint(port, 1, 1); varint(port, 2, 0); str(port, 3, 'http'); });
            }));
            varint(probe, 4, 10);
          });
        });
      });
    }));
    expect(decodeProtobufObject(body)).toEqual({
      apiVersion: 'v1', kind: 'Pod',
      spec: {
        volumes: [{ name: 'cfg', configMap: { name: 'app-config' } }],
        containers: [{
          name: 'app',
          env: [{ name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }],
          livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10 },
        }],
      },
    });
  });
});

describe('special types', () => {
  const eventBody = (eventTime: (w: W) => void) => envelope('events.k8s.io/v1', 'Event', build((w) => {
    msg(w, 1, objectMeta('e.1', 'default'));
    msg(w, 2, eventTime);
    str(w, 5, 'kubesim');
  }));

  it.each([
    ['whole seconds', 1767323045, 0, '2026-01-02T03:04:05.000000Z'],
    ['nanos truncated to micros', 1767323045, 123456789, '2026-01-02T03:04:05.123456Z'],
    ['the Unix epoch is a real time', 0, 0, '1970-01-01T00:00:00.000000Z'],
  ])('MicroTime: %s', (_name, seconds, nanos, want) => {
    const body = eventBody((t) => { varint(t, 1, seconds); varint(t, 2, nanos); });
    expect(decodeProtobufObject(body).eventTime).toBe(want);
  });

  it('an empty MicroTime is the zero time, left out like any unset field', () => {
    expect(decodeProtobufObject(eventBody(() => {}))).not.toHaveProperty('eventTime');
  });

  it('Time keeps whole seconds and ignores nanos, as the apiserver does', () => {
    const body = envelope('v1', 'Namespace', build((w) => msg(w, 1, (m) => {
      str(m, 1, 'ns');
      msg(m, 8, (t) => { varint(t, 1, 1767323045); varint(t, 2, 999999999); });
      msg(m, 9, (t) => varint(t, 1, 4102444800));
    })));
    expect(decodeProtobufObject(body).metadata).toEqual({
      name: 'ns', creationTimestamp: '2026-01-02T03:04:05Z', deletionTimestamp: '2100-01-01T00:00:00Z',
    });
  });

  it('int64 beyond 32 bits, Quantity strings, IntOrString numbers, FieldsV1 JSON', () => {
    const fields = { f: { 'f:data': {} } };
    const body = envelope('v1', 'Service', build((w) => {
      msg(w, 1, (m) => {
        str(m, 1, 'web');
        varint(m, 7, 2 ** 40);
        msg(m, 17, (mf) => {
          str(mf, 1, 'kubectl-create');
          str(mf, 6, 'FieldsV1');
          msg(mf, 7, (f) => bytes(f, 1, Buffer.from(JSON.stringify(fields))));
        });
      });
      msg(w, 2, (spec) => msg(spec, 1, (port) => {
        varint(port, 3, 80);
        msg(port, 4, (t) => { varint(t, 1, 0); varint(t, 2, 8080); str(t, 3, ''); });
      }));
    }));
    const svc = decodeProtobufObject(body);
    expect(svc.metadata).toEqual({
      name: 'web', generation: 2 ** 40,
      managedFields: [{ manager: 'kubectl-create', fieldsType: 'FieldsV1', fieldsV1: fields }],
    });
    expect(svc.spec).toEqual({ ports: [{ port: 80, targetPort: 8080 }] });

    const node = decodeProtobufObject(envelope('v1', 'Node', build((w) => msg(w, 3, (st) => {
      mapEntry(st, 1, 'cpu', (e) => msg(e, 2, (q) => str(q, 1, '4')));
      mapEntry(st, 1, 'memory', (e) => msg(e, 2, (q) => str(q, 1, '16Gi')));
    }))));
    expect(node.status).toEqual({ capacity: { cpu: '4', memory: '16Gi' } });
  });

  it('a zero IntOrString in an omitempty field (Service targetPort) is left out', () => {
    const body = envelope('v1', 'Service', build((w) => msg(w, 2, (spec) => msg(spec, 1, (port) => {
      varint(port, 3, 443);
      msg(port, 4, (t) => { varint(t, 1, 0); varint(t, 2, 0); str(t, 3, ''); });
    }))));
    expect(decodeProtobufObject(body).spec).toEqual({ ports: [{ port: 443 }] });
  });
});

describe('errors are 400 BadRequest with the apiserver wording', () => {
  const ns = encodeProtobufObject({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } });

  it.each([
    ['a JSON body', Buffer.from('{"kind":"Namespace"}'), 'the object provided is unrecognized (Namespace: {"kind":"Namespace"})'],
    ['an empty body', Buffer.alloc(0), 'the object provided is unrecognized (Namespace: <empty>)'],
    ['the magic alone', Buffer.from('k8s\0', 'latin1'), 'the object provided is unrecognized (Namespace: 6b387300)'],
    ['a wrong magic', Buffer.from('k8s\x01abc', 'latin1'), 'the object provided is unrecognized (Namespace: 6b387301616263)'],
    ['a truncated envelope', ns.subarray(0, 10), 'the object provided is unrecognized (Namespace: 6b3873000a0f0a027631)'],
  ])('%s', (_name, body, message) => {
    const err = decodeError(body, 'Namespace');
    expect(err.code).toBe(400);
    expect(err.reason).toBe('BadRequest');
    expect(err.status.message).toBe(message);
  });

  it('summarises long bodies to 30 bytes', () => {
    const err = decodeError(Buffer.alloc(40, 0xff));
    expect(err.status.message).toBe(`the object provided is unrecognized (protobuf: ${'ff'.repeat(30)} ...)`);
  });

  it('names the kind when the object message is truncated', () => {
    const raw = build((w) => msg(w, 1, objectMeta('team-a'))).subarray(0, 12);
    expect(decodeError(envelope('v1', 'Namespace', raw)).status.message)
      .toBe('Namespace in version "v1" cannot be handled as a Namespace: unexpected EOF');
  });

  it('names an apiVersion/kind kubesim does not decode', () => {
    const err = decodeError(envelope('networking.k8s.io/v1', 'Ingress', new Uint8Array(0)), 'Ingress');
    expect(err.status.message).toBe('Ingress in version "v1" cannot be handled as a Ingress: ' +
      'no kind "Ingress" is registered for version "networking.k8s.io/v1" in scheme "pkg/api/legacyscheme/scheme.go:30"');
    expect(decodeError(envelope('v2', 'Pod', new Uint8Array(0))).status.message).toMatch(/no kind "Pod" is registered for version "v2"/);
  });

  it('rejects an envelope without kind or apiVersion', () => {
    expect(decodeError(envelope('v1', '', new Uint8Array(0)), 'Pod').status.message).toMatch(/^the object provided is unrecognized \(Pod: /);
    expect(decodeError(envelope('', 'Pod', new Uint8Array(0))).status.message).toMatch(/^Pod in version "" cannot be handled as a Pod/);
  });

  it.each([
    ['an IntOrString of an unknown type', 'impossible IntOrString.Type',
      build((w) => msg(w, 2, (s) => msg(s, 1, (p) => msg(p, 4, (t) => varint(t, 1, 7)))))],
    ['FieldsV1 that is not JSON', 'FieldsV1 does not hold JSON',
      build((w) => msg(w, 1, (m) => msg(m, 17, (mf) => msg(mf, 7, (f) => bytes(f, 1, Buffer.from('{nope'))))))],
    ['a Time past year 9999', 'time out of range',
      build((w) => msg(w, 1, (m) => msg(m, 8, (t) => varint(t, 1, 2 ** 40))))],
  ])('rejects %s', (_name, why, raw) => {
    expect(decodeError(envelope('v1', 'Service', raw)).status.message).toContain(`cannot be handled as a Service: ${why}`);
  });
});

describe('content type', () => {
  it.each([
    [PROTOBUF_CONTENT_TYPE, true],
    ['application/vnd.kubernetes.protobuf; charset=utf-8', true],
    ['Application/Vnd.Kubernetes.Protobuf', true],
    ['application/vnd.kubernetes.protobuf;stream=watch', true],
    ['application/json', false],
    [undefined, false],
  ])('%s → %s', (ct, want) => {
    expect(isProtobufContentType(ct)).toBe(want);
  });
});
