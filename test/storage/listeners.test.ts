// Store listeners: a listener added or removed while an event is being delivered takes effect from the
// next event (each event goes to the listeners there were when it was emitted), for per-resource and
// store-wide listeners alike.
import { expect, it } from 'vitest';
import { Store } from '../../src/storage/store.js';

const obj = (name: string) => ({ apiVersion: 'v1', kind: 'Thing', metadata: { namespace: 'ns', name } });

it('delivers each event to the listeners subscribed when it was emitted', () => {
  const s = new Store();
  const seen: string[] = [];
  let offB: () => void = () => {};
  let offAnyB: () => void = () => {};
  let added = false;
  s.subscribeAll((ev) => {
    seen.push(`anyA:${ev.object.obj.metadata.name}`);
    offAnyB();
  });
  offAnyB = s.subscribeAll((ev) => seen.push(`anyB:${ev.object.obj.metadata.name}`));
  s.subscribe('things', (ev) => {
    const name = ev.object.obj.metadata.name;
    seen.push(`A:${name}`);
    offB();
    if (!added) {
      added = true;
      s.subscribe('things', (e) => seen.push(`C:${e.object.obj.metadata.name}`));
      s.subscribeAll((e) => seen.push(`anyC:${e.object.obj.metadata.name}`));
    }
  });
  offB = s.subscribe('things', (ev) => seen.push(`B:${ev.object.obj.metadata.name}`));
  s.subscribe('others', (ev) => seen.push(`O:${ev.object.obj.metadata.name}`));
  s.create('things', obj('x'));
  s.create('things', obj('y'));
  s.create('others', obj('z'));
  expect(seen).toEqual([
    'anyA:x', 'anyB:x', 'A:x', 'B:x',
    'anyA:y', 'anyC:y', 'A:y', 'C:y',
    'anyA:z', 'anyC:z', 'O:z',
  ]);
});
