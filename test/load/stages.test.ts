// The stage-attribution rules of load/profile-pipeline.ts on a tiny hand-made profile.
import assert from 'node:assert/strict';
import { test } from 'vitest';
import { attribute, classify, type CallFrame, type CpuProfile } from '../../load/lib/stages.js';

const f = (functionName: string, file: string): CallFrame => ({ functionName, url: file ? `file:///repo/src/${file}` : '' });
const nm = (functionName: string, mod: string): CallFrame => ({ functionName, url: `file:///repo/node_modules/${mod}` });

test('the POST handler: fastify around it is http; registry phases below it name the sample', () => {
  const http = [nm('parserOnIncoming', 'fastify/fastify.js'), f('', 'http/routes.ts'), f('create', 'http/resources.ts')];
  assert.deepEqual(classify([...http, f('decodeObjectBody', 'http/body.ts'), f('parseJSON', 'http/body.ts')]), { who: 'POST handler', what: 'http' });
  assert.deepEqual(classify([...http, f('decodeObjectBody', 'http/body.ts')]), { who: 'POST handler', what: 'decode' });
  const create = [...http, f('create', 'registry/registry.ts'), f('create', 'registry/writes.ts')];
  assert.deepEqual(classify([...create, f('checkSchema', 'registry/writes.ts'), f('validate', 'registry/schema-validate.ts')]), { who: 'POST handler', what: 'decode' });
  assert.deepEqual(classify([...create, f('prepareForCreate', 'registry/kinds/pods.ts'), f('defaultPodSpec', 'registry/kinds/pods.ts')]), { who: 'POST handler', what: 'default' });
  assert.deepEqual(classify([...create, f('validate', 'registry/kinds/pods.ts'), f('clone', 'util/copy.ts')]), { who: 'POST handler', what: 'validate' });
  assert.deepEqual(classify([...create, f('checkNamespaceLifecycle', 'registry/admission.ts')]), { who: 'POST handler', what: 'admission' });
  assert.deepEqual(classify([...create, f('trackFields', 'registry/writes.ts'), f('updateManagedFields', 'machinery/patch/ownership.ts')]), { who: 'POST handler', what: 'managedFields' });
  assert.deepEqual(classify([...create, f('create', 'storage/store.ts'), f('deepFreeze', 'util/copy.ts')]), { who: 'POST handler', what: 'store' });
  assert.deepEqual(classify([...create, f('create', 'storage/store.ts'), f('emit', 'storage/store.ts'), f('onEvent', 'storage/watch.ts')]), { who: 'POST handler', what: 'watch' });
  assert.deepEqual(classify([nm('writev', 'fastify/lib/reply.js')]), { who: 'POST handler', what: 'http' });
});

test('a store listener is its own actor: the POST that triggered it does not own its work', () => {
  const stack = [f('create', 'http/resources.ts'), f('create', 'registry/writes.ts'), f('create', 'storage/store.ts'), f('emit', 'storage/store.ts'),
    f('onPod', 'controllers/endpointslice/controller.ts'), f('enqueue', 'controllers/queue.ts')];
  assert.deepEqual(classify(stack), { who: 'EndpointSlice ctrl', what: 'plan' });
  assert.deepEqual(classify([f('sync', 'controllers/endpoints/controller.ts'), f('planEndpoints', 'controllers/endpoints/planner.ts')]), { who: 'Endpoints ctrl', what: 'plan' });
  assert.deepEqual(classify([f('sync', 'controllers/endpoints/controller.ts'), f('update', 'registry/writes.ts'), f('validateUpdate', 'registry/kinds/endpoints.ts')]),
    { who: 'Endpoints ctrl', what: 'validate' });
  assert.deepEqual(classify([f('sync', 'controllers/replicaset/controller.ts')]), { who: 'other ctrls', what: 'plan' });
  // Reads through the registry are the controller's reads, not the store's writes.
  assert.deepEqual(classify([f('sync', 'controllers/endpoints/controller.ts'), f('list', 'registry/registry.ts'), f('list', 'storage/store.ts')]),
    { who: 'Endpoints ctrl', what: 'read' });
});

test('the simulator: schedule (and its mutate callback) is the scheduler, the other engine methods the kubelet', () => {
  const fire = [f('run', 'simulator/timeline.ts'), f('process', 'simulator/engine.ts'), f('fire', 'simulator/engine.ts')];
  const sched = [...fire, f('schedule', 'simulator/engine.ts'), f('mutate', 'registry/writes.ts')];
  assert.deepEqual(classify([...sched, f('res.r.mutate.subresource', 'simulator/engine.ts'), f('setScheduled', 'simulator/pod-status.ts')]), { who: 'scheduler', what: 'plan' });
  assert.deepEqual(classify([...sched, f('clone', 'util/copy.ts')]), { who: 'scheduler', what: 'copy' });
  // The registry's own code (mutate, updateFrom) is the write path; a builtin it calls is too.
  assert.deepEqual(classify(sched), { who: 'scheduler', what: 'write' });
  assert.deepEqual(classify([...sched, f('updateFrom', 'registry/writes.ts'), { functionName: 'set name', url: '' }]), { who: 'scheduler', what: 'write' });
  assert.deepEqual(classify([...sched, f('updateFrom', 'registry/writes.ts'), f('sameObject', 'registry/writes.ts')]), { who: 'scheduler', what: 'compare' });
  const apply = [...fire, f('apply', 'simulator/engine.ts'), f('mutate', 'registry/writes.ts'), f('updateFrom', 'registry/writes.ts')];
  assert.deepEqual(classify([...apply, f('trackFields', 'registry/writes.ts'), f('fieldSet', 'machinery/patch/fieldset.ts'), f('clone', 'util/copy.ts')]),
    { who: 'kubelet', what: 'managedFields' });
  assert.deepEqual(classify([...fire, f('apply', 'simulator/engine.ts'), f('record', 'simulator/events.ts'), f('create', 'registry/writes.ts'),
    f('create', 'storage/store.ts')]), { who: 'events', what: 'store' });
});

test('GC, idle and unknown frames; time per stage from the sample deltas', () => {
  assert.deepEqual(classify([f('(root)', ''), f('(garbage collector)', '')]), { who: 'GC (V8)', what: 'gc' });
  assert.deepEqual(classify([f('(root)', ''), f('(program)', '')]), { who: 'other', what: 'other' });
  const profile: CpuProfile = {
    startTime: 0, endTime: 1000,
    nodes: [
      { id: 1, callFrame: f('(root)', ''), children: [2, 3, 4, 5] },
      { id: 2, callFrame: f('(idle)', '') },
      { id: 3, callFrame: f('(garbage collector)', '') },
      { id: 4, callFrame: f('create', 'http/resources.ts'), children: [6] },
      { id: 5, callFrame: f('sync', 'controllers/endpointslice/controller.ts') },
      { id: 6, callFrame: f('checkNamespaceLifecycle', 'registry/admission.ts') },
    ],
    // A sample's time is the delta to the next sample.
    samples: [2, 3, 6, 5, 6, 2],
    timeDeltas: [0, 100, 30, 200, 50, 70],
  };
  const a = attribute(profile);
  assert.equal(a.idleUs, 100);
  assert.equal(a.totalUs, 30 + 200 + 50 + 70);
  assert.equal(a.byStage.get('GC (V8)'), 30);
  assert.equal(a.byStage.get('admission'), 200 + 70);
  assert.equal(a.byStage.get('EndpointSlice controller'), 50);
  assert.equal(a.byWhoWhat.get('POST handler\tadmission'), 270);
});
