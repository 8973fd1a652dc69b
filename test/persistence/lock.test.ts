// PATH.lock: a lock held by a live process refuses a second server; one left by a dead process, a
// zombie or a process whose pid was reused is taken over at once; starters racing for a lock
// (fresh or stale) produce exactly one winner.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { holderAlive, lockStateFile, unlockStateFile } from '../../src/persistence/lock.js';
import { StateFileError } from '../../src/persistence/recover.js';
import { REPO } from '../fixture/spawn.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

const statePath = () => join(mkdtempSync(join(tmpdir(), 'kubesim-lock-')), 'state');
const startTime = (pid: number) => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[19]);
const procState = (pid: number) => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1][0];

/** A pid that no process has now: a child that has exited and been reaped. */
function deadPid(): number {
  return spawnSync('true').pid!;
}

function sleeper(): ChildProcess {
  const c = spawn('sleep', ['30'], { stdio: 'ignore' });
  children.push(c);
  return c;
}

/**
 * A zombie: bash forks a child, then execs sleep, which never reaps it. The child outlives the
 * exec (it sleeps a moment first): one that exits before would be reaped by bash itself.
 */
async function zombie(): Promise<number> {
  const c = spawn('bash', ['-c', '(sleep 0.3; exit 0) & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
  children.push(c);
  const pid = await new Promise<number>((r) => c.stdout!.once('data', (d: Buffer) => r(Number(d.toString().trim()))));
  for (let i = 0; i < 1000 && procState(pid) !== 'Z'; i++) await new Promise((r) => setTimeout(r, 5));
  return pid;
}

describe('state file lock', () => {
  it('names this process and its start time, and goes away on unlock', () => {
    const path = statePath();
    lockStateFile(path);
    expect(readFileSync(`${path}.lock`, 'utf8')).toBe(`${process.pid} ${startTime(process.pid)}\n`);
    unlockStateFile(path);
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('refuses a state file held by a live process, naming it', () => {
    const path = statePath();
    const holder = sleeper();
    writeFileSync(`${path}.lock`, `${holder.pid} ${startTime(holder.pid!)}\n`);
    expect(() => lockStateFile(path)).toThrow(StateFileError);
    expect(() => lockStateFile(path)).toThrow(`state file ${path} is in use by process ${holder.pid} (${path}.lock)`);
  });

  it('takes over a lock whose process is gone, a zombie, or a reused pid', async () => {
    const z = await zombie();
    expect(procState(z)).toBe('Z');
    const live = sleeper();
    const cases = [
      `${deadPid()} 12345\n`,
      `${deadPid()}\n`, // a lock from an older kubesim: pid only
      `${z} ${startTime(z)}\n`,
      `${live.pid} ${startTime(live.pid!) + 1}\n`, // same pid, another process: started at another time
      'garbage\n',
    ];
    for (const content of cases) {
      const path = statePath();
      writeFileSync(`${path}.lock`, content);
      lockStateFile(path);
      expect(readFileSync(`${path}.lock`, 'utf8'), content).toBe(`${process.pid} ${startTime(process.pid)}\n`);
      unlockStateFile(path);
    }
    expect(holderAlive({ pid: z })).toBe(false);
    expect(holderAlive({ pid: live.pid!, start: startTime(live.pid!) })).toBe(true);
  });

  it.each([['no lock', false], ['a stale lock', true]])('gives exactly one of 8 racing starters the lock (%s)', async (_what, stale) => {
    const path = statePath();
    if (stale) writeFileSync(`${path}.lock`, `${deadPid()} 1\n`);
    const go = `${path}.go`;
    const script = `
      import { existsSync } from 'node:fs';
      import { lockStateFile } from ${JSON.stringify(resolve(REPO, 'src/persistence/lock.ts'))};
      process.stdout.write('ready\\n');
      while (!existsSync(${JSON.stringify(go)})) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
      try { lockStateFile(${JSON.stringify(path)}); process.stdout.write('won\\n'); }
      catch (e) { process.stdout.write('lost: ' + e.message + '\\n'); }
      setInterval(() => {}, 1000);`;
    const racers = Array.from({ length: 8 }, () => {
      const c = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
      children.push(c);
      let out = '';
      c.stdout!.on('data', (d: Buffer) => (out += d.toString()));
      return { c, out: () => out };
    });
    const until = async (f: () => boolean) => {
      while (!f()) await new Promise((r) => setTimeout(r, 10));
    };
    await until(() => racers.every((r) => r.out().includes('ready')));
    writeFileSync(go, '');
    await until(() => racers.every((r) => /won|lost/.test(r.out())));
    const winners = racers.filter((r) => r.out().includes('won'));
    expect(winners).toHaveLength(1);
    const holder = winners[0].c.pid;
    expect(readFileSync(`${path}.lock`, 'utf8')).toBe(`${holder} ${startTime(holder!)}\n`);
    for (const r of racers) if (r !== winners[0]) expect(r.out()).toContain(`is in use by process ${holder}`);
  }, 30_000);
});
