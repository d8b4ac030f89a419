// Issue 23: input is bounded (bytes, documents, document size) and must be UTF-8 without NUL; endless streams stop at once.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadManifests, parseManifests } from '../../lib/analysis/load';
import { invalidUtf8Offset, readTextChunks } from '../../lib/analysis/yaml-stream';
import { CLI_SHIM, runCli, tempFolderPerTest } from '../support/cli';

const temp = tempFolderPerTest('ossm-bounded-');
const CM = (i: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${i}, namespace: ns}\n`;

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

describe('the loader', () => {
  test('invalid UTF-8 is an error naming the file and the byte offset, also across read chunks', () => {
    const bytes = Buffer.concat([Buffer.from(CM(1)), Buffer.from('data: {a: "'), Buffer.from([0xc3, 0x28]), Buffer.from('"}\n')]);
    const file = join(temp.path, 'latin1.yaml');
    writeFileSync(file, bytes);
    expect(messageOf(() => loadManifests([file]))).toBe(`${file}: not valid UTF-8 at byte offset ${CM(1).length + 11}; manifests must be UTF-8 text (convert it, e.g. with iconv -t UTF-8)`);
    // a character cut off at the end of the file, and a bad byte after the first 1 MiB chunk
    writeFileSync(file, Buffer.concat([Buffer.from(CM(1)), Buffer.from([0xe2, 0x82])]));
    expect(messageOf(() => loadManifests([file]))).toMatch(new RegExp(`not valid UTF-8 at byte offset ${CM(1).length};`));
    const padding = `# ${'é'.repeat(600_000)}\n`; // 1.2 MB of two-byte characters, some cut between chunks
    writeFileSync(file, Buffer.concat([Buffer.from(padding), Buffer.from(CM(1)), Buffer.from([0xff])]));
    expect(messageOf(() => loadManifests([file]))).toMatch(new RegExp(`not valid UTF-8 at byte offset ${Buffer.byteLength(padding) + CM(1).length};`));
    writeFileSync(file, Buffer.concat([Buffer.from(padding), Buffer.from(CM(1))]));
    expect(loadManifests([file])).toHaveLength(1); // characters cut between chunks are fine
  });

  test('a NUL byte is refused with its offset', () => {
    const file = temp.write('nul.yaml', `${CM(1)}\0`);
    expect(messageOf(() => loadManifests([file]))).toBe(`${file}: a NUL byte at byte offset ${CM(1).length}; manifests are text (YAML and JSON hold no NUL), this is not a manifest`);
  });

  test('maxBytes and maxDocuments count every input together; just enough passes', () => {
    const a = temp.write('a.yaml', CM(1));
    const b = temp.write('b.yaml', `${CM(2)}---\n${CM(3)}`);
    const total = CM(1).length + CM(2).length + 4 + CM(3).length;
    expect(loadManifests([a, b], { maxBytes: total, maxDocuments: 3 })).toHaveLength(3);
    expect(messageOf(() => loadManifests([a, b], { maxBytes: total - 1 }))).toMatch(/b\.yaml: the input is larger than \d+ bytes in all/);
    expect(messageOf(() => loadManifests([a, b], { maxDocuments: 2 }))).toMatch(/b\.yaml: the input holds more than 2 YAML documents in all/);
    expect(messageOf(() => parseManifests('---\n'.repeat(20), 'x', { maxDocuments: 10 }))).toMatch(/more than 10 YAML documents/);
    expect(messageOf(() => loadManifests([a], { maxBytes: 0 }))).toMatch(/maxBytes 0 is not valid/);
  });

  test('a read that fails (a closed descriptor, a folder) is an error naming the input, not a raw errno', () => {
    const { openSync, closeSync } = require('node:fs') as typeof import('node:fs');
    const fd = openSync(temp.path, 'r'); // a folder: read gives EISDIR
    try {
      expect(() => [...readTextChunks(fd, '<stdin>')]).toThrow(/^<stdin>: cannot read: EISDIR/);
    } finally {
      closeSync(fd);
    }
    const closed = openSync(temp.write('x.yaml', 'a: 1\n'), 'r');
    closeSync(closed);
    expect(() => [...readTextChunks(closed, '<stdin>')]).toThrow(/^<stdin>: cannot read: EBADF/);
  });

  test('invalidUtf8Offset follows RFC 3629 (no overlong forms, no surrogates, nothing over U+10FFFF)', () => {
    expect(invalidUtf8Offset(Buffer.from('aé€😀'), true)).toBe(-1);
    expect(invalidUtf8Offset(Buffer.from([0x61, 0xc0, 0x80]), true)).toBe(1); // overlong
    expect(invalidUtf8Offset(Buffer.from([0xed, 0xa0, 0x80]), true)).toBe(0); // a surrogate
    expect(invalidUtf8Offset(Buffer.from([0xf4, 0x90, 0x80, 0x80]), true)).toBe(0); // over U+10FFFF
    expect(invalidUtf8Offset(Buffer.from([0x61, 0xe2, 0x82]), false)).toBe(-1); // may go on in the next chunk
    expect(invalidUtf8Offset(Buffer.from([0x61, 0xe2, 0x82]), true)).toBe(1);
  });
});

describe('the command line', () => {
  const cli = (args: string[], input?: string | Buffer, stdin: 'pipe' | number = 'pipe') => spawnSync(process.execPath, [CLI_SHIM, ...args], {
    input, encoding: 'utf8', timeout: 20_000, stdio: [stdin, 'pipe', 'pipe'],
  });

  test.each(['/dev/zero', '/dev/urandom'])('analyze - < %s stops at once with exit 2 and a message, without running out of memory', (device) => {
    const { openSync, closeSync } = require('node:fs') as typeof import('node:fs');
    const fd = openSync(device, 'r');
    try {
      const started = Date.now();
      const result = cli(['analyze', '-'], undefined, fd);
      expect(result.status).toBe(2);
      expect(result.signal).toBeNull();
      expect(result.stderr).toMatch(/^cdk8s-ossm: <stdin>: (a NUL byte|not valid UTF-8) at byte offset \d+;/);
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      closeSync(fd);
    }
  });

  test('--max-bytes and --max-documents: documented, checked, and exit 2 when exceeded', () => {
    const file = temp.write('many.yaml', Array.from({ length: 50 }, (_, i) => CM(i)).join('---\n'));
    expect(runCli('analyze', file).code).toBe(0);
    const bytes = runCli('analyze', '--max-bytes', '1K', file);
    expect(bytes.code).toBe(2);
    expect(bytes.stderr).toMatch(/the input is larger than 1024 bytes in all, the most one run reads; split it, or allow more with --max-bytes/);
    const docs = runCli('migrate', '--max-documents', '10', file);
    expect(docs.code).toBe(2);
    expect(docs.stderr).toMatch(/more than 10 YAML documents/);
    const explain = runCli('explain', '--max-documents', '10', file, '--host', 'x');
    expect(explain.code).toBe(2);
    expect(explain.stderr).toMatch(/more than 10 YAML documents/);
    for (const bad of ['0', '1.5', '1T', 'lots', ' ']) {
      const result = runCli('analyze', '--max-bytes', bad, file);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`--max-bytes ${JSON.stringify(bad)} is not valid; allowed: a whole number of at least 1, optionally with K, M or G`);
    }
    expect(runCli('analyze', '--max-documents', '1K', file).stderr).toContain('--max-documents "1K" is not valid');
    expect(runCli('analyze', '--help').stdout).toMatch(/--max-bytes N .*default: 1G/);
    expect(runCli('explain', '--help').stdout).toMatch(/--max-documents N .*default: 1000000/);
  });

  test('invalid UTF-8 on stdin names <stdin> and the offset', () => {
    const result = cli(['analyze', '-'], Buffer.concat([Buffer.from(CM(1)), Buffer.from([0xfe])]));
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`cdk8s-ossm: <stdin>: not valid UTF-8 at byte offset ${CM(1).length}; manifests must be UTF-8 text (convert it, e.g. with iconv -t UTF-8)\n`);
  });
});
