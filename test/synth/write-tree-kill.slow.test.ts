// The SIGKILL sweeps of the atomic writer (slow: a child process per kill point), `npm run test:slow`; the rest of its
// tests are in write-tree.test.ts.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recoverInterruptedWrite, writeTreeAtomically } from '../../lib';
import { CHILD, generationFiles, generationIn, runChild, WRITER } from '../support/tree-generations';

/** Runs `jobs` with at most `width` at a time. */
async function inBatches<T>(jobs: Array<() => Promise<T>>, width = 4): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < jobs.length; i += width) results.push(...await Promise.all(jobs.slice(i, i + width).map((j) => j())));
  return results;
}

describe('writeTreeAtomically', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'cdk8s-ossm-tree-')); });
  afterEach(() => {
    spawnSync('chmod', ['-R', 'u+rwX', dir]);
    rmSync(dir, { recursive: true, force: true });
  });

  describe('killed at any point, the folder holds the complete old or the complete new generation', () => {
    const COUNT = 8;
    // locked, recovered, staging-created, 8 × file-written, staged, old-moved-aside, new-moved-in, old-removed, unlocked
    const STEPS = COUNT + 8;

    test('the writer reports every step, so every kill point below is reached', async () => {
      const out = join(dir, 'dist');
      writeTreeAtomically(out, generationFiles('A', COUNT));
      const run = await runChild(out, 'B', COUNT, 0);
      expect(run.stdout).toBe(`steps ${STEPS}\n`);
      expect(generationIn(out, COUNT)).toBe('B');
    });

    test(`SIGKILL after each of the ${STEPS} steps, then recovery, then the next write`, async () => {
      const cases = Array.from({ length: STEPS }, (_, i) => i + 1);
      const results = await inBatches(cases.map((killAt) => async () => {
        const parent = join(dir, `k${killAt}`);
        const out = join(parent, 'dist');
        writeTreeAtomically(out, generationFiles('A', COUNT));
        const run = await runChild(out, 'B', COUNT, killAt);
        const seen = generationIn(out, COUNT);
        // the one instant without the folder: after the old one was moved aside, before the new one moved in
        const backupLeft = readdirSync(parent).some((n) => n.startsWith('.dist.backup-'));
        const recovery = recoverInterruptedWrite(out);
        const afterRecovery = generationIn(out, COUNT);
        const leftovers = readdirSync(parent).filter((n) => n !== 'dist');
        writeTreeAtomically(out, generationFiles('C', COUNT));
        return { killAt, signal: run.signal, seen, backupLeft, restored: recovery.restored !== undefined, afterRecovery, leftovers, next: generationIn(out, COUNT) };
      }));
      const moveAside = COUNT + 5; // the step 'old-moved-aside'
      for (const r of results) {
        expect(r).toEqual({
          killAt: r.killAt,
          signal: 'SIGKILL',
          seen: r.killAt < moveAside ? 'A' : r.killAt === moveAside ? 'absent' : 'B',
          backupLeft: r.killAt === moveAside || r.killAt === moveAside + 1,
          restored: r.killAt === moveAside,
          afterRecovery: r.killAt <= moveAside ? 'A' : 'B',
          leftovers: [],
          next: 'C',
        });
      }
    });

    test('random SIGKILLs during a larger write', async () => {
      const count = 200;
      let seed = 7;
      const random = () => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31; };
      const delays = Array.from({ length: 8 }, () => Math.floor(random() * 80));
      const results = await inBatches(delays.map((delay, i) => async () => {
        const parent = join(dir, `r${i}`);
        const out = join(parent, 'dist');
        writeTreeAtomically(out, generationFiles('A', count));
        const child = spawn(process.execPath, [CHILD, WRITER, out, 'B', String(count), '0']);
        const closed = new Promise((done) => child.on('close', done));
        setTimeout(() => child.kill('SIGKILL'), delay);
        await closed;
        const seen = generationIn(out, count);
        recoverInterruptedWrite(out);
        return { delay, seen, afterRecovery: generationIn(out, count), leftovers: readdirSync(parent).filter((n) => n !== 'dist') };
      }));
      for (const r of results) {
        expect(['A', 'B', 'absent']).toContain(r.seen);
        expect({ ...r, afterRecovery: ['A', 'B'].includes(r.afterRecovery) }).toEqual({ ...r, afterRecovery: true, leftovers: [] });
      }
    });
  });
});
