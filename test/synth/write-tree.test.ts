import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { guardOutputFolder, OUTPUT_MARKER_FILE, OutputFolderError, recoverInterruptedWrite, writeTreeAtomically } from '../../lib';
import { generationFiles, generationIn, runChild } from '../support/tree-generations';

describe('writeTreeAtomically', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'cdk8s-ossm-tree-')); });
  afterEach(() => {
    spawnSync('chmod', ['-R', 'u+rwX', dir]);
    rmSync(dir, { recursive: true, force: true });
  });

  test('writes exactly the files, with the marker that oc apply ignores, and replaces the previous content as a whole', () => {
    const out = join(dir, 'dist');
    const result = writeTreeAtomically(out, generationFiles('A', 6));
    expect(generationIn(out, 6)).toBe('A');
    expect(result.files).toEqual([...generationFiles('A', 6).keys()].sort());
    expect(OUTPUT_MARKER_FILE).not.toMatch(/\.(ya?ml|json)$/);
    writeTreeAtomically(out, generationFiles('B', 6));
    expect(generationIn(out, 6)).toBe('B');
    expect(readdirSync(dir)).toEqual(['dist']); // no staging, backup or lock left
  });

  describe('the output folder is guarded', () => {
    test.each<[string, (d: string) => string, RegExp]>([
      ['an empty name', () => '', /The output folder "" is not valid: give a folder name such as "dist"\. An empty name would mean the current folder\./],
      ['white space', () => '  ', /The output folder "  " is not valid/],
      ['the current folder', () => '.', /Refusing to write the output to .*: it is the current folder, which would be replaced as a whole\./],
      ['the current folder, absolute', () => process.cwd(), /it is the current folder/],
      ['a folder above the current one', () => '..', /Refusing to write the output to .*: it contains the current folder, which would be replaced with it\./],
      ['the current folder through ..', () => 'dist/..', /it is the current folder/],
      ['the root', () => '/', /it is the root of the file system\./],
    ])('%s', (_, outdir, message) => {
      expect(() => writeTreeAtomically(outdir(dir), generationFiles('A', 2))).toThrow(OutputFolderError);
      expect(() => writeTreeAtomically(outdir(dir), generationFiles('A', 2))).toThrow(message);
      expect(() => guardOutputFolder(outdir(dir))).toThrow(message);
    });

    test('the home folder, and any folder above it', () => {
      const home = join(dir, 'home', 'me');
      mkdirSync(home, { recursive: true });
      const saved = process.env.HOME;
      process.env.HOME = home;
      try {
        expect(() => writeTreeAtomically(home, generationFiles('A', 2))).toThrow(/it is your home folder\./);
        expect(() => writeTreeAtomically(join(dir, 'home'), generationFiles('A', 2))).toThrow(/it contains your home folder\./);
        expect(readdirSync(home)).toEqual([]);
      } finally {
        process.env.HOME = saved;
      }
    });

    test('a folder with files that it did not write is refused and left untouched; an empty one is used', () => {
      const mine = join(dir, 'mine');
      mkdirSync(join(mine, '.git'), { recursive: true });
      writeFileSync(join(mine, 'notes.txt'), 'keep me');
      expect(() => writeTreeAtomically(mine, generationFiles('A', 2))).toThrow(
        /Refusing to write the output to .*mine: it holds files \(\.git, notes\.txt\) and was not written by cdk8s-ossm \(no \.cdk8s-ossm-output in it\), so replacing it could delete your data\./);
      expect(readFileSync(join(mine, 'notes.txt'), 'utf8')).toBe('keep me');
      expect(readdirSync(dir)).toEqual(['mine']);
      const empty = join(dir, 'empty');
      mkdirSync(empty);
      writeTreeAtomically(empty, generationFiles('A', 2));
      expect(generationIn(empty, 2)).toBe('A');
    });

    test('a file, and a symbolic link, are refused', () => {
      writeFileSync(join(dir, 'file'), 'x');
      expect(() => writeTreeAtomically(join(dir, 'file'), generationFiles('A', 2))).toThrow(/it exists and is not a folder\./);
      mkdirSync(join(dir, 'real'));
      symlinkSync(join(dir, 'real'), join(dir, 'link'));
      expect(() => writeTreeAtomically(join(dir, 'link'), generationFiles('A', 2))).toThrow(/it is a symbolic link/);
      expect(readFileSync(join(dir, 'file'), 'utf8')).toBe('x');
    });

    test('file paths that leave the folder, or would overwrite the marker, are refused', () => {
      for (const path of ['../x.yaml', '/etc/x.yaml', 'a/../../x.yaml', 'a//b.yaml', OUTPUT_MARKER_FILE, '']) {
        expect(() => writeTreeAtomically(join(dir, 'dist'), new Map([[path, 'x']]))).toThrow(/The output file path .* is not valid/);
      }
      expect(() => writeTreeAtomically(join(dir, 'dist'), new Map([['a', 'x'], ['a/b.yaml', 'y']]))).toThrow(/"a" is also a folder of another file/);
      expect(existsSync(join(dir, 'dist'))).toBe(false);
    });
  });

  describe('a folder it cannot write leaves the output unchanged', () => {
    // As root every folder is writable, so the writer then runs as the user nobody.
    const unprivileged = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const handOver = (path: string) => {
      if (unprivileged.uid === undefined) return;
      // the run's temporary folder is private to root: let nobody pass through it to the test folder
      chmodSync(tmpdir(), statSync(tmpdir()).mode | 0o001);
      const walk = (p: string) => {
        chownSync(p, unprivileged.uid, unprivileged.gid);
        if (statSync(p).isDirectory()) for (const n of readdirSync(p)) walk(join(p, n));
      };
      walk(path);
    };

    test('one subfolder of the previous output is read-only: refused before anything moves, naming it', async () => {
      const out = join(dir, 'dist');
      writeTreeAtomically(out, generationFiles('A', 10));
      handOver(dir);
      chmodSync(join(out, 'only-A'), 0o555);
      const run = await runChild(out, 'B', 10, 0, unprivileged);
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/^OutputFolderError: Cannot replace .*dist: only-A in it is not writable, so the previous output could not be deleted\. Make it writable \(chmod u\+w\) and synthesize again; .*dist is unchanged\.\n$/);
      expect(generationIn(out, 10)).toBe('A');
      expect(readdirSync(dir)).toEqual(['dist']);
    });

    test('the folder beside it is read-only: the new output cannot be staged, the old one stays', async () => {
      const out = join(dir, 'parent', 'dist');
      writeTreeAtomically(out, generationFiles('A', 10));
      handOver(dir);
      chmodSync(dirname(out), 0o555);
      const run = await runChild(out, 'B', 10, 0, unprivileged);
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/^OutputFolderError: Could not create the lock file .*\.dist\.lock .*; .*dist is unchanged\.\n$/);
      expect(generationIn(out, 10)).toBe('A');
    });
  });

  describe('two writers, and leftovers of killed ones', () => {
    test('a lock held by a running process is respected; one of a process that is gone is taken over', async () => {
      const out = join(dir, 'dist');
      const sleeper = spawn('sleep', ['30']);
      try {
        writeFileSync(join(dir, '.dist.lock'), `${sleeper.pid}\n`);
        expect(() => writeTreeAtomically(out, generationFiles('A', 2)))
          .toThrow(`Another process (pid ${sleeper.pid}) is writing ${out}; wait until it is done, or delete ${join(dir, '.dist.lock')} if no such process runs.`);
        expect(existsSync(out)).toBe(false);
      } finally {
        sleeper.kill('SIGKILL');
      }
      await new Promise((done) => sleeper.on('close', done));
      writeTreeAtomically(out, generationFiles('A', 2));
      expect(generationIn(out, 2)).toBe('A');
      expect(readdirSync(dir)).toEqual(['dist']);
    });

    test('a previous output a killed writer was deleting is deleted, never restored, even with dist/ missing', () => {
      const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
      const trash = join(dir, `.dist.trash-${dead}`);
      mkdirSync(join(trash, 'only-A'), { recursive: true });
      writeFileSync(join(trash, OUTPUT_MARKER_FILE), ''); // deleted last, so a half-deleted folder still carries it
      writeFileSync(join(trash, 'only-A', 'file-1.yaml'), 'half of the old output');
      expect(recoverInterruptedWrite(join(dir, 'dist'))).toEqual({ restored: undefined, removed: [trash], notRemoved: [] });
      expect(readdirSync(dir)).toEqual([]);
    });

    test('a stale staging folder is removed only when it carries the marker', () => {
      const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
      mkdirSync(join(dir, `.dist.staging-${dead}`));
      writeFileSync(join(dir, `.dist.staging-${dead}`, OUTPUT_MARKER_FILE), '');
      mkdirSync(join(dir, '.dist.staging-1'));
      writeFileSync(join(dir, '.dist.staging-1', 'notes.txt'), 'not ours'); // pid 1 runs; and no marker anyway
      writeTreeAtomically(join(dir, 'dist'), generationFiles('A', 2));
      expect(readdirSync(dir).sort()).toEqual(['.dist.staging-1', 'dist']);
    });
  });
});
