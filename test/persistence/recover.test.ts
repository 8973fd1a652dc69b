// Reading --state-file back: snapshot + journal replay, and what a crash can leave behind.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clearLine, delLine, putLine, snapshotEndLine, snapshotHeaderLine, snapshotObjectLine } from '../../src/persistence/format.js';
import { liveObjects, recoverState, StateFileError } from '../../src/persistence/recover.js';

const cm = (name: string, rv: number, data = 'x') =>
  JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default', resourceVersion: String(rv) }, data: { v: data } });

function setup(snapshot: string | undefined, journal: string | undefined) {
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-recover-'));
  const path = join(dir, 'state');
  if (snapshot !== undefined) writeFileSync(path, snapshot);
  if (journal !== undefined) writeFileSync(`${path}.journal`, journal);
  const warnings: string[] = [];
  const st = recoverState(path, (m) => warnings.push(m));
  const objects = st ? liveObjects(st).map((o) => `${o.resource}/${o.obj.metadata.name}@${o.rv}:${(o.obj.data as { v: string }).v}`) : undefined;
  return { st, warnings, objects };
}

const snapshot = (revision: number, seq: number, objs: string[]) =>
  snapshotHeaderLine(revision, seq) + objs.map((o) => snapshotObjectLine('configmaps', o)).join('') + snapshotEndLine(objs.length);

describe('recoverState', () => {
  it('finds nothing when there are no files (or only an empty journal)', () => {
    expect(setup(undefined, undefined).st).toBeUndefined();
    expect(setup(undefined, '').st).toBeUndefined();
  });

  it('replays a journal: puts, deletes, the counter', () => {
    const j = putLine(1, 'configmaps', 1, cm('a', 1)) + putLine(2, 'configmaps', 2, cm('b', 2))
      + putLine(3, 'configmaps', 3, cm('a', 3, 'y')) + delLine(4, 'configmaps', 4, 'default', 'b');
    const { st, objects, warnings } = setup(undefined, j);
    expect(objects).toEqual(['configmaps/a@3:y']);
    expect(st!.revision).toBe(4);
    expect(st!.seq).toBe(4);
    expect(warnings).toEqual([]);
  });

  it('drops a partial last record with a warning', () => {
    const full = putLine(1, 'configmaps', 1, cm('a', 1));
    const torn = putLine(2, 'configmaps', 2, cm('b', 2)).slice(0, 30);
    const { objects, warnings, st } = setup(undefined, full + torn);
    expect(objects).toEqual(['configmaps/a@1:x']);
    expect(st!.droppedTail).toBe(true);
    expect(warnings.join()).toMatch(/partial last record/);
  });

  it('refuses a corrupt record in the middle of the journal, naming its byte offset', () => {
    const first = putLine(1, 'configmaps', 1, cm('a', 1));
    const j = first + '{"s":2,"op":"put","r":"configmaps"\n' + putLine(3, 'configmaps', 3, cm('c', 3));
    expect(() => setup(undefined, j)).toThrow(StateFileError);
    expect(() => setup(undefined, j)).toThrow(`is corrupt at byte offset ${first.length} (line 2), followed by 1 valid record(s)`);
    // A record number going backwards is damage too (two writers, or a pasted line).
    const twice = first + putLine(2, 'configmaps', 2, cm('b', 2)) + first + putLine(3, 'configmaps', 3, cm('c', 3));
    expect(() => setup(undefined, twice)).toThrow(/corrupt at byte offset \d+ \(line 3\)/);
  });

  it('drops a damaged tail (garbage or zeros to the end, as after an OS crash) with a warning', () => {
    const good = putLine(1, 'configmaps', 1, cm('a', 1)) + putLine(2, 'configmaps', 2, cm('b', 2));
    for (const tail of ['{"s":3,"op":"put","r":"config\n', '\0'.repeat(4096), 'garbage\nmore garbage\n\0\0\0']) {
      const { objects, warnings, st } = setup(undefined, good + tail);
      expect(objects).toEqual(['configmaps/a@1:x', 'configmaps/b@2:x']);
      expect(st!.droppedTail).toBe(true);
      expect(warnings.join()).toMatch(new RegExp(`\\(byte offset ${good.length}\\) is corrupt and nothing valid follows|partial last record`));
    }
  });

  it('applies journal records after the snapshot, skipping those already in it', () => {
    const snap = snapshot(5, 5, [cm('a', 4), cm('b', 5)]);
    // A crash between writing the snapshot and truncating the journal leaves records 4 and 5 behind.
    const j = delLine(4, 'configmaps', 4, 'default', 'gone') + putLine(5, 'configmaps', 5, cm('b', 5))
      + putLine(6, 'configmaps', 6, cm('a', 6, 'new')) + delLine(7, 'configmaps', 7, 'default', 'b');
    const { objects, st } = setup(snap, j);
    expect(objects).toEqual(['configmaps/a@6:new']);
    expect(st!.revision).toBe(7);
    expect(st!.replayed).toBe(2);
  });

  it('keeps the newer version when records arrive out of revision order', () => {
    const j = putLine(1, 'configmaps', 2, cm('a', 2, 'newer')) + putLine(2, 'configmaps', 1, cm('a', 1, 'older'))
      + delLine(3, 'configmaps', 4, 'default', 'b') + putLine(4, 'configmaps', 3, cm('b', 3));
    expect(setup(undefined, j).objects).toEqual(['configmaps/a@2:newer']);
  });

  it('replays a reset (clear) and what came after it', () => {
    const j = putLine(1, 'configmaps', 1, cm('a', 1)) + clearLine(2, 1) + putLine(3, 'configmaps', 2, cm('b', 2));
    const { objects, st } = setup(undefined, j);
    expect(objects).toEqual(['configmaps/b@2:x']);
    expect(st!.revision).toBe(2);
  });

  it.each([
    ['an unreadable header', 'garbage\n'],
    ['a foreign file', '{"kind":"Other","version":1}\n'],
    ['a missing end line', snapshotHeaderLine(1, 1) + snapshotObjectLine('configmaps', cm('a', 1))],
    ['a wrong count', snapshotHeaderLine(1, 1) + snapshotObjectLine('configmaps', cm('a', 1)) + snapshotEndLine(2)],
    ['a broken object line', `${snapshotHeaderLine(1, 1)}{"r":\n${snapshotEndLine(0)}`],
  ])('refuses a damaged snapshot: %s', (_what, text) => {
    expect(() => setup(text, undefined)).toThrow(StateFileError);
  });
});
