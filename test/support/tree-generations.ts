// The trees the atomic writer's tests write: generations of files (test/support/write-tree-child.js), what a reader
// sees of one in a folder, and a writer in a child process that kills itself after a given step.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { OUTPUT_MARKER_FILE } from '../../lib';

const ROOT = resolve(__dirname, '..', '..');
export const WRITER = join(ROOT, 'build/lib/synth/write-tree.js');
export const CHILD = join(__dirname, 'write-tree-child.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const { generationFiles } = require(CHILD) as { generationFiles: (generation: string, count: number) => Map<string, string> };

/** Every file of a folder by relative path, the marker left out; undefined when the folder does not exist. */
export function readTree(dir: string): Map<string, string> | undefined {
  if (!existsSync(dir)) return undefined;
  const files = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (relative(dir, p) !== OUTPUT_MARKER_FILE) files.set(relative(dir, p), readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return files;
}

/**
 * What a reader sees: `A` or `B` when the folder holds exactly every file of that generation with that
 * generation's content (and the marker), `absent` when there is no folder, `mixed` otherwise.
 */
export function generationIn(dir: string, count: number): string {
  const tree = readTree(dir);
  if (tree === undefined) return 'absent';
  for (const generation of ['A', 'B', 'C']) {
    const expected = generationFiles(generation, count);
    if (tree.size === expected.size && [...expected].every(([p, text]) => tree.get(p) === text) && existsSync(join(dir, OUTPUT_MARKER_FILE))) {
      return generation;
    }
  }
  return 'mixed';
}

export function runChild(outdir: string, generation: string, count: number, killAt: number, options: { uid?: number; gid?: number } = {}) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((done) => {
    const child = spawn(process.execPath, [CHILD, WRITER, outdir, generation, String(count), String(killAt)], { ...options });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('close', (code, signal) => done({ code, signal, stdout, stderr }));
  });
}
