import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { OUTPUT_MARKER_FILE, OutputFolderError, writeTreeAtomically } from '../../lib';
import { WRITE_TREE_SEAMS } from '../../lib/synth/write-tree';

const ROOT = resolve(__dirname, '..', '..');
const WRITER = join(ROOT, 'build/lib/synth/write-tree.js');

const files = (generation: string) => new Map([['a.yaml', `generation: ${generation}\n`], ['sub/b.yaml', `generation: ${generation}\n`]]);
const deadPid = () => Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString());
const run = (cmd: string, args: string[]) => spawnSync(cmd, args, { encoding: 'utf8' });

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cdk8s-ossm-hostile-'));
});
afterEach(() => {
  WRITE_TREE_SEAMS.beforeLockTakeover = undefined;
  WRITE_TREE_SEAMS.rm = undefined;
  rmSync(dir, { recursive: true, force: true });
});

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

describe('raw errors become OutputFolderError, odd names are refused', () => {
  test('a file where a folder of the path should be (CDK8S_OUTDIR=package.json/sub)', () => {
    writeFileSync(join(dir, 'package.json'), '{}');
    const e = errorOf(() => writeTreeAtomically(join(dir, 'package.json', 'sub'), files('A')));
    expect(e).toBeInstanceOf(OutputFolderError);
    expect(e.message).toBe(`Refusing to write the output to ${join(dir, 'package.json', 'sub')}: ${join(dir, 'package.json')} is a file, not a folder, so nothing can be written below it.`);
    expect(readFileSync(join(dir, 'package.json'), 'utf8')).toBe('{}');
  });

  test('a path of 4,300 characters', () => {
    const long = join(dir, ...Array.from({ length: 43 }, () => 'x'.repeat(99)));
    const e = errorOf(() => writeTreeAtomically(long, files('A')));
    expect(e).toBeInstanceOf(OutputFolderError);
    expect(e.message).toMatch(/longer than the file system allows: ENAMETOOLONG/);
    expect(e.message.length).toBeLessThan(1000);
    expect(readdirSync(dir)).toEqual([]); // refused before anything was made
  });

  test('a folder in the lock file\'s place', () => {
    mkdirSync(join(dir, '.dist.lock'));
    const e = errorOf(() => writeTreeAtomically(join(dir, 'dist'), files('A')));
    expect(e).toBeInstanceOf(OutputFolderError);
    expect(e.message).toContain('something that is not a file is in its place');
    expect(readdirSync(dir)).toEqual(['.dist.lock']);
  });

  test.each([
    ['~', /"~" is expanded by a shell, not here/],
    ['~/dist', /"~" is expanded by a shell, not here/],
  ])('%s is refused, no folder named ~ is made', (outdir, message) => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      expect(errorOf(() => writeTreeAtomically(outdir, files('A'))).message).toMatch(message);
    } finally {
      process.chdir(cwd);
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  test('a folder inside .git, and a folder named like a lock or leftover, are refused', () => {
    mkdirSync(join(dir, '.git'));
    expect(errorOf(() => writeTreeAtomically(join(dir, '.git', 'out'), files('A'))).message).toContain('it is inside a .git folder');
    expect(errorOf(() => writeTreeAtomically(join(dir, '.dist.lock'), files('A'))).message).toContain('its name is that of a lock or leftover');
    expect(errorOf(() => writeTreeAtomically(join(dir, '.dist.staging-12'), files('A'))).message).toContain('its name is that of a lock or leftover');
    expect(readdirSync(dir)).toEqual(['.git']);
    expect(readdirSync(join(dir, '.git'))).toEqual([]);
  });

  test('a folder name of 250 characters fits: its lock and leftovers get a hashed name', () => {
    const name = 'd'.repeat(250);
    writeTreeAtomically(join(dir, name), files('A'));
    writeTreeAtomically(join(dir, name), files('B'));
    expect(readFileSync(join(dir, name, 'a.yaml'), 'utf8')).toBe('generation: B\n');
    expect(readdirSync(dir)).toEqual([name]);
  });
});

describe('an old file that cannot be deleted', () => {
  const eperm = (path: string) => {
    if (path.includes('trash') && path.endsWith('sub')) throw Object.assign(new Error(`EPERM: operation not permitted, unlink '${path}/b.yaml'`), { code: 'EPERM' });
    rmSync(path, { recursive: true, force: true });
  };

  test('(injected EPERM) the write succeeds and reports it; every later write proceeds and reports it again', () => {
    writeTreeAtomically(join(dir, 'dist'), files('A'));
    WRITE_TREE_SEAMS.rm = eperm;
    const second = writeTreeAtomically(join(dir, 'dist'), files('B'));
    expect(readFileSync(join(dir, 'dist', 'a.yaml'), 'utf8')).toBe('generation: B\n');
    expect(second.warnings).toEqual([expect.stringMatching(/could not be deleted completely \(the operation is not permitted .*EPERM/)]);
    const third = writeTreeAtomically(join(dir, 'dist'), files('C'));
    expect(readFileSync(join(dir, 'dist', 'a.yaml'), 'utf8')).toBe('generation: C\n');
    expect(third.warnings.join('\n')).toMatch(/is left over from an earlier write and could not be deleted .*EPERM.* It does not stop the next synth/);
    WRITE_TREE_SEAMS.rm = undefined;
    const fourth = writeTreeAtomically(join(dir, 'dist'), files('D'));
    expect(fourth.warnings).toEqual([]);
    expect(readdirSync(dir)).toEqual(['dist']);
  });

  const chattr = run('chattr', ['--help']).error === undefined && run('id', ['-u']).stdout.trim() === '0';
  (chattr ? test : test.skip)('(chattr +i, needs root and a file system with attributes) the same with a real immutable file', () => {
    writeTreeAtomically(join(dir, 'dist'), files('A'));
    const immutable = join(dir, 'dist', 'sub', 'b.yaml');
    if (run('chattr', ['+i', immutable]).status !== 0) return; // e.g. tmpfs without attributes: nothing to test
    try {
      const second = writeTreeAtomically(join(dir, 'dist'), files('B'));
      expect(second.warnings.join('\n')).toMatch(/could not be deleted completely/);
      const third = writeTreeAtomically(join(dir, 'dist'), files('C'));
      expect(readFileSync(join(dir, 'dist', 'a.yaml'), 'utf8')).toBe('generation: C\n');
      expect(third.warnings.join('\n')).toMatch(/left over from an earlier write and could not be deleted/);
    } finally {
      for (const name of readdirSync(dir)) run('chattr', ['-R', '-i', join(dir, name)]);
    }
  });
});

describe('a mount point', () => {
  const canMount = run('id', ['-u']).stdout.trim() === '0' && (() => {
    const probe = mkdtempSync(join(tmpdir(), 'cdk8s-ossm-mount-probe-'));
    const ok = run('mount', ['--bind', probe, probe]).status === 0;
    if (ok) run('umount', [probe]);
    rmSync(probe, { recursive: true, force: true });
    return ok;
  })();
  (canMount ? test : test.skip)('(mount --bind, needs root) is refused with the reason before anything is staged', () => {
    const source = join(dir, 'source');
    mkdirSync(source);
    mkdirSync(join(dir, 'dist'));
    expect(run('mount', ['--bind', source, join(dir, 'dist')]).status).toBe(0);
    try {
      writeFileSync(join(dir, 'dist', OUTPUT_MARKER_FILE), '');
      const e = errorOf(() => writeTreeAtomically(join(dir, 'dist'), files('A')));
      expect(e).toBeInstanceOf(OutputFolderError);
      expect(e.message).toContain('it is a mount point, which cannot be replaced as a whole');
      expect(e.message).toContain(`Write to a folder inside it instead, e.g. ${join(dir, 'dist', 'dist')}`);
      expect(readdirSync(dir).sort()).toEqual(['dist', 'source']); // no staging folder, no lock
      writeTreeAtomically(join(dir, 'dist', 'dist'), files('A')); // the way out works
      expect(readFileSync(join(source, 'dist', 'a.yaml'), 'utf8')).toBe('generation: A\n');
    } finally {
      run('umount', [join(dir, 'dist')]);
    }
  });
});

describe('taking over a stale lock', () => {
  test('in process: a stale lock is taken over; a lock taken by another writer during the pause is respected', () => {
    writeFileSync(join(dir, '.dist.lock'), `${deadPid()}\n`);
    let other: string | undefined;
    WRITE_TREE_SEAMS.beforeLockTakeover = () => {
      // another writer takes the stale lock over first, while this one pauses
      rmSync(join(dir, '.dist.lock'));
      writeFileSync(join(dir, '.dist.lock'), '1 othertoken\n'); // pid 1 runs
      other = readFileSync(join(dir, '.dist.lock'), 'utf8');
    };
    const e = errorOf(() => writeTreeAtomically(join(dir, 'dist'), files('A')));
    expect(e.message).toMatch(/^Another process \(pid 1\) is writing/);
    expect(readFileSync(join(dir, '.dist.lock'), 'utf8')).toBe(other); // the other writer's lock is back, untouched
    expect(readdirSync(dir)).toEqual(['.dist.lock']);
  });

  test('16 pairs of writers with a 50 ms pause between reading the stale lock and taking it over: never both hold it', async () => {
    const child = `
      const fs = require('fs');
      const [writer, outdir, held, log] = process.argv.slice(1);
      const m = require(writer);
      m.WRITE_TREE_SEAMS.beforeLockTakeover = () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
      try {
        m.writeTreeAtomically(outdir, new Map([['a.yaml', process.pid + '\\n']]), { onStep: (step) => {
          if (step === 'locked') {
            try { fs.writeFileSync(held, String(process.pid), { flag: 'wx' }); } catch { fs.appendFileSync(log, 'BOTH HELD THE LOCK\\n'); }
            Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30);
          }
          if (step === 'new-moved-in') fs.rmSync(held, { force: true });
        } });
        fs.appendFileSync(log, 'wrote\\n');
      } catch (e) {
        fs.appendFileSync(log, e.name + ': ' + e.message.split(';')[0] + '\\n');
      }`;
    const log = join(dir, 'log');
    for (let pair = 0; pair < 16; pair++) {
      const out = join(dir, `p${pair}`);
      mkdirSync(out);
      writeFileSync(join(out, '.dist.lock'), `${deadPid()}\n`);
    }
    const runs = [];
    for (let pair = 0; pair < 16; pair++) {
      const out = join(dir, `p${pair}`);
      for (let k = 0; k < 2; k++) {
        runs.push(new Promise<void>((done) => spawn(process.execPath, ['-e', child, WRITER, join(out, 'dist'), join(out, 'held'), log], { stdio: 'ignore' }).on('exit', () => done())));
      }
    }
    await Promise.all(runs);
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(32);
    expect(lines).not.toContain('BOTH HELD THE LOCK');
    expect(lines.filter((l) => l !== 'wrote').every((l) => /^OutputFolderError: (Another process|The lock .* was taken over)/.test(l))).toBe(true);
    for (let pair = 0; pair < 16; pair++) {
      const out = join(dir, `p${pair}`);
      expect(readdirSync(out).filter((n) => n !== 'dist')).toEqual([]); // no staging folder, no lock left
      expect(existsSync(join(out, 'dist', 'a.yaml'))).toBe(true);
    }
  }, 120_000);
});
