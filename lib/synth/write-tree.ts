import {
  accessSync, closeSync, constants, existsSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, realpathSync,
  renameSync, rmSync, statSync, unlinkSync, writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, parse, relative, resolve, sep } from 'node:path';
import { SynthError } from './synth-error';

/**
 * The file this library leaves in every folder it writes. Only a folder that holds it (or an empty one) is ever
 * replaced. It has no `.yaml`, `.yml` or `.json` extension, so `oc apply -f <folder>` ignores it.
 */
export const OUTPUT_MARKER_FILE = '.cdk8s-ossm-output';

const MARKER_TEXT = 'This folder is written by cdk8s-ossm and replaced as a whole on every synth.\n'
  + 'Files you put here are deleted by the next synth; keep your own files elsewhere.\n';

/**
 * Thrown when a folder may not or cannot be written; nothing has been changed. A {@link SynthError}, so that one
 * `catch` around a synth handles it; the message names the folder, the reason and what to do.
 */
export class OutputFolderError extends SynthError {
  public constructor(message: string) {
    super(message);
    this.name = 'OutputFolderError';
  }
}

/** Options of {@link writeTreeAtomically}. */
export interface WriteTreeOptions {
  /**
   * Called after each step of the write, with the step's name (`locked`, `recovered`, `staging-created`,
   * `file-written`, `staged`, `old-moved-aside`, `new-moved-in`, `old-removed`, `unlocked`). For tests that
   * interrupt the writer at every step.
   * @default - none
   * @internal
   */
  readonly onStep?: (step: string) => void;
}

/** What {@link writeTreeAtomically} did. */
export interface WriteTreeResult {
  /** The folder written, as an absolute path. */
  readonly outdir: string;
  /** The files written, relative to it (the marker not included). */
  readonly files: string[];
  /** What it noticed and could not tidy (e.g. a previous output it could not delete); nothing to stop for. */
  readonly warnings: string[];
}

/** What {@link recoverInterruptedWrite} found and did. */
export interface RecoveryReport {
  /** A previous output that a killed writer had moved aside, put back in place. */
  readonly restored?: string;
  /** Leftover folders of killed writers that were removed. */
  readonly removed: string[];
}

/**
 * Replaces `outdir` with exactly `files` (paths relative to it, `/`-separated), so that a reader sees either the
 * whole previous content or the whole new one, never a mix:
 *
 * 1. The target is guarded (see {@link guardOutputFolder}); a lock file next to it keeps two writers apart.
 * 2. Leftovers of writers that were killed (their process is gone) are tidied: a staging folder is deleted; a
 *    moved-aside previous output is put back if the target is missing, else deleted; one being deleted is deleted.
 * 3. Every file is written into a staging folder beside the target (`.<name>.staging-<pid>`), the marker first.
 *    Before anything is moved, every folder of the previous output is checked to be writable (it will be deleted).
 * 4. The previous output is renamed to `.<name>.backup-<pid>`, the staging folder to the target, and only then
 *    the backup is deleted (renamed to `.<name>.trash-<pid>` first, and its marker deleted last). Between the two renames — one instant — the target does not exist; a writer killed
 *    exactly there leaves the backup, which the next write (or {@link recoverInterruptedWrite}) puts back.
 *
 * On any error the staging folder is removed and the previous output is left (or put back) in place; the error
 * says which folder and why. Never follows a symbolic link at the target.
 */
export function writeTreeAtomically(outdir: string, files: ReadonlyMap<string, string | Uint8Array>, options: WriteTreeOptions = {}): WriteTreeResult {
  const step = options.onStep ?? (() => undefined);
  const target = guardOutputFolder(outdir);
  const paths = checkRelativePaths([...files.keys()]);
  const parent = dirname(target);
  mkdirSync(parent, { recursive: true });
  const unlock = lock(target);
  step('locked');
  const warnings: string[] = [];
  try {
    recover(target);
    step('recovered');
    guardOutputFolder(target); // what recovery put back is checked like any other target
    if (existsSync(target)) requireDeletable(target);

    const staging = siblingPath(target, 'staging', process.pid);
    const backup = siblingPath(target, 'backup', process.pid);
    try {
      mkdirSync(staging);
      writeFileSync(join(staging, OUTPUT_MARKER_FILE), MARKER_TEXT);
      step('staging-created');
      for (const path of paths) {
        const file = join(staging, ...path.split('/'));
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, files.get(path)!);
        step('file-written');
      }
      step('staged');
    } catch (error) {
      removeOwnedTree(staging);
      throw new OutputFolderError(`Could not write the new output next to ${target} (${(error as Error).message}); ${target} is unchanged.`);
    }

    const hadPrevious = existsSync(target);
    if (hadPrevious) {
      renameSync(target, backup);
      step('old-moved-aside');
    }
    try {
      renameSync(staging, target);
      step('new-moved-in');
    } catch (error) {
      if (hadPrevious) renameSync(backup, target);
      removeOwnedTree(staging);
      throw new OutputFolderError(`Could not move the new output into ${target} (${(error as Error).message}); the previous output is back in place.`);
    }
    if (hadPrevious) {
      // renamed first, so that a writer killed while deleting leaves something that is never restored
      const trash = siblingPath(target, 'trash', process.pid);
      try {
        renameSync(backup, trash);
        removeOwnedTree(trash);
        step('old-removed');
      } catch (error) {
        warnings.push(`The previous output, moved to ${existsSync(trash) ? trash : backup}, could not be deleted (${(error as Error).message}); delete it yourself.`);
      }
    }
  } finally {
    unlock();
  }
  step('unlocked');
  return { outdir: target, files: paths, warnings };
}

/**
 * Refuses an output folder that this library must never replace, and returns it as an absolute path: an empty
 * name, the current folder or any folder above it, the home folder or any folder above it, the file system root,
 * a symbolic link, something that is not a folder, and an existing folder that holds files but not the marker
 * {@link OUTPUT_MARKER_FILE} (so it was not written by this library). The message names the folder and the reason.
 */
export function guardOutputFolder(outdir: string): string {
  if (typeof outdir !== 'string' || outdir.trim() === '') {
    throw new OutputFolderError(`The output folder ${JSON.stringify(outdir)} is not valid: give a folder name such as "dist". An empty name would mean the current folder.`);
  }
  const target = resolve(outdir);
  const real = realPathOf(target);
  const refuse = (why: string) => new OutputFolderError(`Refusing to write the output to ${target}: ${why} Choose a folder of its own, such as "dist".`);
  if (parse(real).root === real) throw refuse('it is the root of the file system.');
  const cwd = realPathOf(process.cwd());
  if (isSameOrAncestor(real, cwd)) throw refuse(real === cwd ? 'it is the current folder, which would be replaced as a whole.' : 'it contains the current folder, which would be replaced with it.');
  const home = realPathOf(process.env.HOME || homedir());
  if (isSameOrAncestor(real, home)) throw refuse(real === home ? 'it is your home folder.' : 'it contains your home folder.');
  if (!existsSync(target) && !isSymlink(target)) return target;
  const stat = lstatSync(target);
  if (stat.isSymbolicLink()) throw refuse('it is a symbolic link; give the folder it points to, or remove the link.');
  if (!stat.isDirectory()) throw refuse('it exists and is not a folder.');
  const entries = readdirSync(target);
  if (entries.length > 0 && !isMarker(join(target, OUTPUT_MARKER_FILE))) {
    throw refuse(`it holds files (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', …' : ''}) and was not written by cdk8s-ossm (no ${OUTPUT_MARKER_FILE} in it), so replacing it could delete your data. Remove it yourself if it is an old output.`);
  }
  return target;
}

/**
 * Puts back what a killed writer left: if the output folder is missing and a moved-aside previous output of a
 * writer that no longer runs exists, it is renamed back; staging folders and moved-aside outputs of writers that
 * no longer run are deleted (only if they carry the marker). Runs at the start of every write; call it yourself to
 * repair a folder without writing.
 */
export function recoverInterruptedWrite(outdir: string): RecoveryReport {
  const target = guardOutputFolder(outdir);
  if (!existsSync(dirname(target))) return { removed: [] };
  const unlock = lock(target);
  try {
    return recover(target);
  } finally {
    unlock();
  }
}

function recover(target: string): RecoveryReport {
  const parent = dirname(target);
  const prefix = `.${basename(target)}.`;
  const leftovers = readdirSync(parent)
    .map((name) => /^(staging|backup|trash)-(\d+)$/.exec(name.startsWith(prefix) ? name.slice(prefix.length) : '')
      ?.slice(1).concat(name))
    .filter((m): m is string[] => m !== undefined && isStale(Number(m[1])))
    .map(([kind, , name]) => ({ kind, path: join(parent, name) }));
  let restored: string | undefined;
  const removed: string[] = [];
  for (const backup of leftovers.filter((l) => l.kind === 'backup')) {
    if (restored === undefined && !existsSync(target) && !isSymlink(target)) {
      renameSync(backup.path, target);
      restored = backup.path;
    } else if (ownedByUs(backup.path)) {
      removeOwnedTree(backup.path);
      removed.push(backup.path);
    }
  }
  for (const leftover of leftovers.filter((l) => l.kind !== 'backup')) {
    if (ownedByUs(leftover.path)) {
      removeOwnedTree(leftover.path);
      removed.push(leftover.path);
    }
  }
  return { restored, removed };
}

/** Takes the lock file `.<name>.lock` beside the target; a lock of a process that no longer runs is taken over. */
function lock(target: string): () => void {
  const path = siblingPath(target, 'lock');
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeFileSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new OutputFolderError(`Could not create the lock file ${path} (${(error as Error).message}); ${target} is unchanged.`);
      }
      const holder = Number(readText(path).trim());
      if (attempt === 0 && (!Number.isInteger(holder) || holder <= 0 || isStale(holder))) {
        unlinkSync(path);
        continue;
      }
      throw new OutputFolderError(`Another process (pid ${holder}) is writing ${target}; wait until it is done, or delete ${path} if no such process runs.`);
    }
  }
}

/** Every folder of an existing output must be writable, or deleting it after the swap would leave half of it. */
function requireDeletable(dir: string): void {
  const folders = [dir];
  for (let i = 0; i < folders.length; i++) {
    try {
      accessSync(folders[i], constants.W_OK | constants.X_OK);
    } catch {
      throw new OutputFolderError(`Cannot replace ${dir}: ${relative(dir, folders[i]) || '.'} in it is not writable, so the previous output could not be deleted. Make it writable (chmod u+w) and synthesize again; ${dir} is unchanged.`);
    }
    for (const entry of readdirSync(folders[i], { withFileTypes: true })) {
      if (entry.isDirectory()) folders.push(join(folders[i], entry.name));
    }
  }
}

function checkRelativePaths(paths: string[]): string[] {
  const dirs = new Set<string>();
  for (const path of paths) {
    const parts = path.split('/');
    if (path === '' || isAbsolute(path) || path.includes('\\') || path.includes('\0')
      || parts.some((p) => p === '' || p === '.' || p === '..') || path === OUTPUT_MARKER_FILE) {
      throw new OutputFolderError(`The output file path ${JSON.stringify(path)} is not valid: give a relative path of '/'-separated names, without '.', '..' or ${OUTPUT_MARKER_FILE}.`);
    }
    parts.slice(0, -1).forEach((_, i) => dirs.add(parts.slice(0, i + 1).join('/')));
  }
  const clash = paths.find((p) => dirs.has(p));
  if (clash !== undefined) throw new OutputFolderError(`The output file path ${JSON.stringify(clash)} is also a folder of another file.`);
  return [...paths].sort();
}

/**
 * Deletes a folder this library wrote, its marker last: a writer killed halfway leaves a folder that still carries
 * the marker, so the next run can tell it is ours and finish the job.
 */
function removeOwnedTree(dir: string): void {
  for (const entry of tryRead(() => readdirSync(dir)) ?? []) {
    if (entry !== OUTPUT_MARKER_FILE) rmSync(join(dir, entry), { recursive: true, force: true });
  }
  rmSync(dir, { recursive: true, force: true });
}

function siblingPath(target: string, kind: 'staging' | 'backup' | 'trash' | 'lock', pid?: number): string {
  return join(dirname(target), `.${basename(target)}.${kind}${pid === undefined ? '' : `-${pid}`}`);
}

/**
 * Whether a pid in a leftover's name belongs to a writer that is gone. Our own pid counts as gone: this process
 * holds the lock and writes synchronously, so a leftover with its pid is from an earlier process that had it.
 */
function isStale(pid: number): boolean {
  return pid === process.pid || !isAlive(pid);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** What `read` returns, or undefined when it throws (nothing there, no permission). */
function tryRead<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

function isMarker(path: string): boolean {
  return tryRead(() => lstatSync(path))?.isFile() ?? false;
}

function isSymlink(path: string): boolean {
  return tryRead(() => lstatSync(path))?.isSymbolicLink() ?? false;
}

/** A leftover is ours when it carries the marker, or is an empty folder (a staging folder killed before the marker). */
function ownedByUs(path: string): boolean {
  return tryRead(() => statSync(path).isDirectory() && (isMarker(join(path, OUTPUT_MARKER_FILE)) || readdirSync(path).length === 0)) ?? false;
}

function readText(path: string): string {
  return tryRead(() => readFileSync(path, 'utf8')) ?? '';
}

/** The real path of `path`, resolving symbolic links of the part that exists. */
function realPathOf(path: string): string {
  const missing: string[] = [];
  let existing = resolve(path);
  while (!existsSync(existing)) {
    missing.unshift(basename(existing));
    const up = dirname(existing);
    if (up === existing) break;
    existing = up;
  }
  return join(realpathSync(existing), ...missing);
}

function isSameOrAncestor(folder: string, of: string): boolean {
  const rel = relative(folder, of);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}
