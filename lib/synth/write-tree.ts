import { createHash, randomBytes } from 'node:crypto';
import {
  accessSync, constants, existsSync, linkSync, lstatSync, mkdirSync, readdirSync,
  readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync,
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

/**
 * Seams for tests: a pause between reading a stale lock and taking it over (to make two writers race), and a
 * replacement for `fs.rmSync` when deleting the previous output (to inject EPERM, as an immutable file gives).
 * @internal
 */
export const WRITE_TREE_SEAMS: {
  beforeLockTakeover?: () => void;
  rm?: (path: string) => void;
} = {};

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
  /** Leftovers that could not be deleted (an immutable file in them, a folder without permission), and why; they stop nothing. */
  readonly notRemoved: ReadonlyArray<{ readonly path: string; readonly reason: string }>;
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
 * (always an {@link OutputFolderError}, a raw errno said in words) names the folder and why. Never follows a symbolic
 * link at the target. A mount point (which cannot be renamed) is refused before anything is staged; leftovers that
 * cannot be deleted are reported in `warnings` on every write and never stop one; the lock is taken over atomically
 * from a writer that is gone and checked to be still this writer's before the output is replaced.
 */
export function writeTreeAtomically(outdir: string, files: ReadonlyMap<string, string | Uint8Array>, options: WriteTreeOptions = {}): WriteTreeResult {
  return withClearErrors(outdir, () => writeTree(outdir, files, options));
}

function writeTree(outdir: string, files: ReadonlyMap<string, string | Uint8Array>, options: WriteTreeOptions): WriteTreeResult {
  const step = options.onStep ?? (() => undefined);
  const target = guardOutputFolder(outdir);
  const paths = checkRelativePaths([...files.keys()]);
  const parent = dirname(target);
  mkdirSync(parent, { recursive: true });
  const held = lock(target);
  step('locked');
  const warnings: string[] = [];
  try {
    const recovery = recover(target);
    warnings.push(...recovery.notRemoved.map((left) => `${left.path} is left over from an earlier write and could not be deleted (${left.reason}); delete it yourself. It does not stop the next synth.`));
    step('recovered');
    guardOutputFolder(target); // what recovery put back is checked like any other target
    requireNotMountPoint(target);
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
      tryRemove(staging);
      throw new OutputFolderError(`Could not write the new output next to ${target} (${errnoText(error)}); ${target} is unchanged.`);
    }

    held.verify(); // nobody took the lock over while this writer was staging
    const hadPrevious = existsSync(target);
    if (hadPrevious) {
      try {
        renameSync(target, backup);
      } catch (error) {
        tryRemove(staging);
        throw new OutputFolderError(`Could not move the previous output ${target} aside (${errnoText(error)}); ${target} is unchanged.`);
      }
      step('old-moved-aside');
    }
    try {
      renameSync(staging, target);
      step('new-moved-in');
    } catch (error) {
      if (hadPrevious) renameSync(backup, target);
      tryRemove(staging);
      throw new OutputFolderError(`Could not move the new output into ${target} (${errnoText(error)}); the previous output is back in place.`);
    }
    if (hadPrevious) {
      // renamed first, so that a writer killed while deleting leaves something that is never restored
      const trash = freeSiblingPath(target, 'trash');
      try {
        renameSync(backup, trash);
        removeOwnedTree(trash);
        step('old-removed');
      } catch (error) {
        warnings.push(`The previous output, moved to ${existsSync(trash) ? trash : backup}, could not be deleted completely (${errnoText(error)}); delete it yourself. It does not stop the next synth.`);
      }
    }
  } finally {
    held.release();
  }
  step('unlocked');
  return { outdir: target, files: paths, warnings };
}

/** What an errno means for an output folder, in words; the code and the path stay in the message. */
const ERRNO_MEANING: Readonly<Record<string, string>> = {
  ENOTDIR: 'a part of the path is a file, not a folder',
  ENAMETOOLONG: 'the path, or a name in it, is longer than the file system allows',
  EACCES: 'permission denied',
  EPERM: 'the operation is not permitted (an immutable or append-only file, or a folder of another user)',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EBUSY: 'it is in use (a mount point, or open elsewhere)',
  EXDEV: 'it is on another file system',
  EISDIR: 'a folder is where a file was expected',
  EEXIST: 'something already exists there',
  ENOTEMPTY: 'a folder that should be empty is not',
  ELOOP: 'too many symbolic links',
  EMFILE: 'too many open files',
  EIO: 'an input/output error of the device',
  ENOENT: 'a part of the path does not exist (or vanished while writing)',
};

/** A Node file system error as text: its meaning, then the raw message (code, call and path). */
function errnoText(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  const raw = (error as Error)?.message ?? String(error);
  const message = raw.length > 500 ? `${raw.slice(0, 300)}…${raw.slice(-100)}` : raw; // a path of thousands of characters
  return code && ERRNO_MEANING[code] ? `${ERRNO_MEANING[code]}: ${message}` : message;
}

/** Runs `fn`; any error that is not already an {@link OutputFolderError} becomes one that names the folder and the cause. */
function withClearErrors<T>(outdir: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof OutputFolderError) throw error;
    const shown = typeof outdir === 'string' && outdir.length > 300 ? `${outdir.slice(0, 200)}… (${outdir.length} characters)` : String(outdir);
    throw new OutputFolderError(`Could not write the output folder ${shown}: ${errnoText(error)}. Nothing was replaced.`);
  }
}

/** Mount points in this process's view (Linux: /proc/self/mountinfo), as real paths; empty elsewhere. */
function mountPoints(): Set<string> {
  const text = tryRead(() => readFileSync('/proc/self/mountinfo', 'utf8')) ?? '';
  // field 5 is the mount point, with space, tab, newline and backslash escaped as octal
  return new Set(text.split('\n').map((line) => line.split(' ')[4]).filter((p): p is string => p !== undefined)
    .map((p) => p.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)))));
}

/**
 * A mount point cannot be renamed (EBUSY), so it cannot be replaced as a whole: refused before anything is written,
 * with the way out. Detected by a device that differs from its parent's, or by the mount table.
 */
function requireNotMountPoint(target: string): void {
  const stat = tryRead(() => statSync(target));
  if (stat === undefined || !stat.isDirectory()) return;
  const parentStat = tryRead(() => statSync(dirname(target)));
  if ((parentStat !== undefined && parentStat.dev !== stat.dev) || mountPoints().has(realPathOf(target))) {
    throw new OutputFolderError(`Refusing to write the output to ${target}: it is a mount point, which cannot be replaced as a whole (renaming it fails with EBUSY). `
      + `Write to a folder inside it instead, e.g. ${join(target, 'dist')}; ${target} is unchanged.`);
  }
}

/**
 * Refuses an output folder that this library must never replace, and returns it as an absolute path: an empty
 * name, the current folder or any folder above it, the home folder or any folder above it, the file system root,
 * a symbolic link, something that is not a folder, and an existing folder that holds files but not the marker
 * {@link OUTPUT_MARKER_FILE} (so it was not written by this library). The message names the folder and the reason.
 */
export function guardOutputFolder(outdir: string): string {
  return withClearErrors(outdir, () => guardFolder(outdir));
}

function guardFolder(outdir: string): string {
  if (typeof outdir !== 'string' || outdir.trim() === '') {
    throw new OutputFolderError(`The output folder ${JSON.stringify(outdir)} is not valid: give a folder name such as "dist". An empty name would mean the current folder.`);
  }
  if (outdir === '~' || outdir.startsWith('~/') || outdir.startsWith(`~${sep}`)) {
    throw new OutputFolderError(`Refusing to write the output to ${JSON.stringify(outdir)}: "~" is expanded by a shell, not here (it would make a folder named "~"). Give the path without it, e.g. "$HOME/dist" expanded by your shell, or "dist".`);
  }
  const target = resolve(outdir);
  const ancestorFile = firstExistingAncestor(target);
  if (ancestorFile !== target && tryRead(() => statSync(ancestorFile).isDirectory()) === false) {
    throw new OutputFolderError(`Refusing to write the output to ${target}: ${ancestorFile} is a file, not a folder, so nothing can be written below it.`);
  }
  const real = realPathOf(target);
  const refuse = (why: string) => new OutputFolderError(`Refusing to write the output to ${target}: ${why} Choose a folder of its own, such as "dist".`);
  if (real.split(sep).includes('.git') || target.split(sep).includes('.git')) throw refuse('it is inside a .git folder, which Git owns.');
  if (/^\.(.*)\.(lock|staging-\d+|backup-\d+|trash-\d+(\.\d+)?)$/.test(basename(target))) {
    throw refuse('its name is that of a lock or leftover folder of another output folder.');
  }
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
  return withClearErrors(outdir, () => {
    const target = guardOutputFolder(outdir);
    if (!existsSync(dirname(target))) return { removed: [], notRemoved: [] };
    const held = lock(target);
    try {
      return recover(target);
    } finally {
      held.release();
    }
  });
}

function recover(target: string): RecoveryReport {
  const parent = dirname(target);
  const prefix = `.${siblingStem(target)}.`;
  const leftovers = readdirSync(parent)
    .map((name) => /^(staging|backup|trash)-(\d+)(?:\.\d+)?$/.exec(name.startsWith(prefix) ? name.slice(prefix.length) : '')
      ?.slice(1).concat(name))
    .filter((m): m is string[] => m !== undefined && isStale(Number(m[1])))
    .map(([kind, , name]) => ({ kind, path: join(parent, name) }));
  let restored: string | undefined;
  const removed: string[] = [];
  const notRemoved: Array<{ path: string; reason: string }> = [];
  const remove = (path: string) => {
    try {
      removeOwnedTree(path);
      removed.push(path);
    } catch (error) {
      notRemoved.push({ path, reason: errnoText(error) }); // e.g. an immutable file: reported, never in the way
    }
  };
  for (const backup of leftovers.filter((l) => l.kind === 'backup')) {
    if (restored === undefined && !existsSync(target) && !isSymlink(target)) {
      renameSync(backup.path, target);
      restored = backup.path;
    } else if (ownedByUs(backup.path)) {
      remove(backup.path);
    }
  }
  for (const leftover of leftovers.filter((l) => l.kind !== 'backup')) {
    if (ownedByUs(leftover.path)) remove(leftover.path);
  }
  // the lock's own files of writers killed while taking it (`.<name>.lock.<pid>-<hex>`, `.<name>.lock.stale-<pid>-<hex>`)
  for (const name of readdirSync(parent)) {
    const m = name.startsWith(`${prefix}lock.`) ? /^(?:stale-)?(\d+)-[0-9a-f]+$/.exec(name.slice(prefix.length + 5)) : null;
    if (m && isStale(Number(m[1])) && tryRead(() => lstatSync(join(parent, name)).isFile())) rmSync(join(parent, name), { force: true });
  }
  return { restored, removed, notRemoved };
}

/** A held lock: `verify` throws if another writer has taken it since; `release` deletes it if it is still ours. */
interface HeldLock {
  verify(): void;
  release(): void;
}

/**
 * Takes the lock file `.<name>.lock` beside the target: created whole (written under a name of its own, then
 * hard-linked into place, which fails if a lock exists), holding this process's pid and a random token. A lock of a
 * process that no longer runs is taken over atomically: it is renamed to a name of this writer's own, and only if
 * the file so taken is the very one found stale (same inode) is it deleted; a fresh lock taken by mistake (another
 * writer took the stale one over in between) is linked back. Before it replaces the output, the writer checks that
 * the lock is still its own. So two writers never both replace the output.
 */
function lock(target: string): HeldLock {
  const path = siblingPath(target, 'lock');
  const token = `${process.pid} ${randomBytes(8).toString('hex')}`;
  const own = `${path}.${process.pid}-${randomBytes(4).toString('hex')}`;
  let ino: number;
  try {
    writeFileSync(own, `${token}\n`, { flag: 'wx' });
    ino = lstatSync(own).ino;
  } catch (error) {
    tryRead(() => rmSync(own, { force: true }));
    throw new OutputFolderError(`Could not create the lock file ${path} (${errnoText(error)}); ${target} is unchanged.`);
  }
  const busy = (holder: string) => new OutputFolderError(`Another process (pid ${holder}) is writing ${target}; wait until it is done, or delete ${path} if no such process runs.`);
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(own, path);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
          throw new OutputFolderError(`Could not create the lock file ${path} (${errnoText(error)}); ${target} is unchanged.`);
        }
      }
      const found = tryRead(() => lstatSync(path));
      if (found !== undefined && !found.isFile()) {
        throw new OutputFolderError(`Could not create the lock file ${path}: something that is not a file is in its place; remove it; ${target} is unchanged.`);
      }
      const text = readText(path).trim();
      const holder = Number(text.split(' ')[0]);
      if (found === undefined) continue; // the holder just released it
      if (attempt >= 3 || (Number.isInteger(holder) && holder > 0 && !isStale(holder))) throw busy(text.split(' ')[0] || '?');
      WRITE_TREE_SEAMS.beforeLockTakeover?.();
      const taken = `${path}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
      try {
        renameSync(path, taken);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue; // another writer took it over first
        throw new OutputFolderError(`Could not take over the stale lock ${path} (${errnoText(error)}); ${target} is unchanged.`);
      }
      const takenStat = lstatSync(taken);
      // the very file found stale: same inode (numbers are reused, so also same birth time and same text)
      if (takenStat.ino !== found.ino || takenStat.birthtimeMs !== found.birthtimeMs || readText(taken).trim() !== text) {
        // not the stale lock any more: another writer's fresh one. Put it back (a link fails rather than replace).
        try {
          linkSync(taken, path);
        } finally {
          rmSync(taken, { force: true });
        }
        throw busy(readText(path).trim().split(' ')[0] || '?');
      }
      rmSync(taken, { force: true });
    }
  } finally {
    rmSync(own, { force: true });
  }
  const ours = () => tryRead(() => lstatSync(path))?.ino === ino;
  return {
    verify() {
      if (!ours()) throw new OutputFolderError(`The lock ${path} was taken over by another writer while this one was working; ${target} is unchanged. Synthesize again.`);
    },
    release() {
      if (ours()) rmSync(path, { force: true });
    },
  };
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
  const rm = WRITE_TREE_SEAMS.rm ?? ((path: string) => rmSync(path, { recursive: true, force: true }));
  for (const entry of tryRead(() => readdirSync(dir)) ?? []) {
    if (entry !== OUTPUT_MARKER_FILE) rm(join(dir, entry));
  }
  rm(dir);
}

/**
 * The name the lock and leftovers of `target` start with (after a `.`): the folder's name, or, for a name too long to
 * leave room for `.lock` and the rest within the 255 bytes a file name may have, its first 64 characters and a hash.
 */
function siblingStem(target: string): string {
  const name = basename(target);
  if (Buffer.byteLength(name) <= 180) return name;
  return `${[...name].slice(0, 64).join('')}~${createHash('sha256').update(name).digest('hex').slice(0, 16)}`;
}

function siblingPath(target: string, kind: 'staging' | 'backup' | 'trash' | 'lock', pid?: number): string {
  return join(dirname(target), `.${siblingStem(target)}.${kind}${pid === undefined ? '' : `-${pid}`}`);
}

/** A `.<name>.<kind>-<pid>` path that does not exist yet (`-<pid>.<n>` when one is left over, e.g. undeletable). */
function freeSiblingPath(target: string, kind: 'trash'): string {
  const first = siblingPath(target, kind, process.pid);
  for (let n = 1; ; n++) {
    const path = n === 1 ? first : `${first}.${n}`;
    if (!existsSync(path) && !isSymlink(path)) return path;
  }
}

/** Deletes a leftover of this writer, ignoring failure (the error being reported is the one that matters). */
function tryRemove(path: string): void {
  tryRead(() => removeOwnedTree(path));
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

/** `path` itself if it exists, else its closest ancestor that does. */
function firstExistingAncestor(path: string): string {
  let existing = resolve(path);
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  return existing;
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
