import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { loadManifests, manifestSource, parseManifests } from '../../lib/analysis';

let dir: string;
beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ossm-load-')); });
afterEach(() => { fs.rmSync(dir, { recursive: true, force: true }); });

function write(rel: string, text: string): string {
  const file = path.join(dir, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

const names = (objects: { metadata?: { name?: string } }[]): (string | undefined)[] => objects.map((o) => o.metadata?.name);

test('reads folders recursively in sorted order, only .yaml/.yml/.json', () => {
  write('b.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n');
  write('a/z.yml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: az}\n');
  write('c.json', JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }));
  write('notes.txt', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: txt}\n');
  expect(names(loadManifests([dir]))).toEqual(['az', 'b', 'c']);
});

test('splits multi-document YAML, skips empty documents and expands kind: List', () => {
  const file = write('m.yaml', [
    '# comment only',
    '---',
    'apiVersion: v1\nkind: Service\nmetadata: {name: one}',
    '---',
    '---',
    'apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: two}}\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: three}}',
    '---',
    '',
  ].join('\n'));
  expect(names(loadManifests([file]))).toEqual(['one', 'two', 'three']);
});

test('gives --namespace only to namespaced objects without one', () => {
  const file = write('ns.yaml', [
    'apiVersion: v1\nkind: Service\nmetadata: {name: a}',
    'apiVersion: v1\nkind: Service\nmetadata: {name: b, namespace: kept}',
    'apiVersion: v1\nkind: Namespace\nmetadata: {name: c}',
    'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: d}',
    'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: e}',
    'apiVersion: v1\nkind: ConfigMap',
  ].join('\n---\n'));
  const objects = loadManifests([file], { namespace: 'travel-agency' });
  expect(objects.map((o) => o.metadata?.namespace)).toEqual(['travel-agency', 'kept', undefined, undefined, undefined, 'travel-agency']);
  expect(loadManifests([file]).map((o) => o.metadata?.namespace)).toEqual([undefined, 'kept', undefined, undefined, undefined, undefined]);
});

test('does not crash on null fields such as emptyDir:', () => {
  const objects = parseManifests('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: db}\nspec:\n  template:\n    spec:\n      volumes:\n        - name: data\n          emptyDir:\n', 'x.yaml');
  expect(objects[0].spec.template.spec.volumes[0]).toEqual({ name: 'data', emptyDir: null });
});

test('names the file for unreadable paths, parse errors and non-objects', () => {
  expect(() => loadManifests([path.join(dir, 'missing.yaml')])).toThrow(/missing\.yaml: cannot read/);
  const bad = write('bad.yaml', 'apiVersion: v1\nkind: Service\n---\nmetadata: {name: [unclosed\n');
  expect(() => loadManifests([bad])).toThrow(/bad\.yaml \(document 2\): YAML parse error/);
  const scalar = write('scalar.yaml', 'just text\n');
  expect(() => loadManifests([scalar])).toThrow(/scalar\.yaml \(document 1\): expected a Kubernetes object/);
  const noKind = write('nokind.yaml', 'metadata: {name: x}\n');
  expect(() => loadManifests([noKind])).toThrow(/nokind\.yaml \(document 1\): not a Kubernetes object/);
  const dup = write('dup.yaml', 'apiVersion: v1\nkind: Service\nkind: ConfigMap\n');
  expect(() => loadManifests([dup])).toThrow(/dup\.yaml \(document 1\): YAML parse error/);
});

test('names the file when YAML cannot be turned into data (alias bomb)', () => {
  const aliases = Array.from({ length: 150 }, (_, i) => `  k${i}: *a`).join('\n');
  const bomb = write('bomb.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\nanchor: &a [1, 2]\ndata:\n${aliases}\n`);
  expect(() => loadManifests([bomb])).toThrow(/bomb\.yaml \(document 1\): .*alias/i);
});

describe('file and line of every object', () => {
  test('each object knows the line of its first key, across documents, comments, markers and CRLF', () => {
    const text = [
      '# a comment before the first document', // 1
      '---', // 2
      'apiVersion: v1', // 3
      'kind: Service', // 4
      'metadata: {name: one}', // 5
      '--- # a comment on the marker', // 6
      '', // 7
      '# a comment', // 8
      'apiVersion: v1', // 9
      'kind: ConfigMap', // 10
      'metadata:', // 11
      '  name: two', // 12
      '---', // 13
      '--- {apiVersion: v1, kind: Secret, metadata: {name: three}}', // 14
      '...', // 15
      'apiVersion: v1', // 16
      'kind: Namespace', // 17
      'metadata: {name: four}', // 18
      '',
    ].join('\n');
    for (const eol of ['\n', '\r\n']) {
      const objects = parseManifests(text.replace(/\n/g, eol), 'm.yaml');
      expect(objects.map((o) => [o.metadata?.name, manifestSource(o)])).toEqual([
        ['one', { file: 'm.yaml', line: 3 }],
        ['two', { file: 'm.yaml', line: 9 }],
        ['three', { file: 'm.yaml', line: 14 }],
        ['four', { file: 'm.yaml', line: 16 }],
      ]);
    }
  });

  test('items of a kind: List have their own lines; JSON files have lines too', () => {
    const list = parseManifests([
      'apiVersion: v1',
      'kind: List',
      'metadata: {}',
      'items:',
      '- apiVersion: v1',
      '  kind: ConfigMap',
      '  metadata: {name: a}',
      '-   apiVersion: v1',
      '    kind: ConfigMap',
      '    metadata: {name: b}',
      '- {apiVersion: v1, kind: ConfigMap, metadata: {name: c}}',
    ].join('\n'), 'list.yaml');
    expect(list.map((o) => manifestSource(o)?.line)).toEqual([5, 8, 11]);
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }] }, null, 2);
    expect(parseManifests(json, 'list.json').map((o) => manifestSource(o))).toEqual([{ file: 'list.json', line: 5 }]);
  });

  test('objects from folders carry the path they were found at; other objects have no source', () => {
    write('a/z.yml', '\n\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: az}\n');
    const [obj] = loadManifests([dir]);
    expect(manifestSource(obj)).toEqual({ file: path.join(dir, 'a', 'z.yml'), line: 3 });
    expect(manifestSource({ apiVersion: 'v1', kind: 'ConfigMap' })).toBeUndefined();
    // the source is not data: it does not show in JSON, keys or copies
    expect(Object.keys(obj)).toEqual(['apiVersion', 'kind', 'metadata']);
    expect(manifestSource({ ...obj })).toBeUndefined();
  });

  test('lines stay right across the chunks a large file is read in, with multi-byte characters cut between chunks', () => {
    // about 3 MiB: several reads; Korean comments put 3-byte characters at every chunk boundary sooner or later
    const doc = (i: number) => `# 설명 ${'한'.repeat(i % 97)}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\ndata:\n  note: "${'글'.repeat(i % 89)}"\n`;
    const count = 12000;
    const file = write('big.yaml', Array.from({ length: count }, (_, i) => doc(i)).join('---\n'));
    expect(fs.statSync(file).size).toBeGreaterThan(3 << 20);
    const objects = loadManifests([file]);
    expect(objects).toHaveLength(count);
      // each document is seven lines and a '---'; the first key is on its second line
    expect(objects.map((o) => [o.metadata?.name, o.data.note, manifestSource(o)?.line]))
      .toEqual(Array.from({ length: count }, (_, i) => [`cm-${i}`, '글'.repeat(i % 89), 8 * i + 2]));
  });
});

describe('YAML is read as kubectl reads it (go-yaml v2 via sigs.k8s.io/yaml), not as YAML 1.2', () => {
  const value = (yaml: string): unknown => parseManifests(`apiVersion: v1\nkind: ConfigMap\ndata:\n${yaml}\n`, 'x.yaml')[0].data;

  test.each([
    ['yes, Yes, YES, y, Y, on, On, ON, true, True, TRUE are true', 'yes Yes YES y Y on On ON true True TRUE', true],
    ['no, No, NO, n, N, off, Off, OFF, false, False, FALSE are false', 'no No NO n N off Off OFF false False FALSE', false],
    ['~, null, Null, NULL and nothing are null', '~ null Null NULL', null],
  ])('%s', (_title, words, expected) => {
    for (const w of words.split(' ')) expect({ w, v: value(`  k: ${w}`) }).toEqual({ w, v: { k: expected } });
    expect(value('  k:')).toEqual({ k: null });
  });

  test('only those spellings: others and quoted ones stay strings', () => {
    expect(value('  a: yEs\n  b: "yes"\n  c: \'on\'\n  d: tRUE\n  e: nil')).toEqual({ a: 'yEs', b: 'yes', c: 'on', d: 'tRUE', e: 'nil' });
  });

  test('numbers: octal with a leading 0 or 0o, hex, binary, underscores, signs, floats', () => {
    expect(value([
      '  octal: 0777', '  octal12: 0o777', '  hex: 0x1F', '  binary: 0b101', '  negbinary: -0b11', '  under: 1_000',
      '  plus: +12', '  float: 1.5', '  exp: 1e3', '  dot: .5', '  inf: .inf', '  neginf: -.Inf', '  nine: 08',
    ].join('\n'))).toEqual({
      octal: 511, octal12: 511, hex: 31, binary: 5, negbinary: -3, under: 1000, plus: 12, float: 1.5, exp: 1000, dot: 0.5,
      inf: Infinity, neginf: -Infinity, nine: 8,
    });
    expect(Number.isNaN((value('  nan: .nan') as { nan: number }).nan)).toBe(true);
  });

  test('what go-yaml leaves as strings: base 60, timestamps, out-of-range numbers, versions', () => {
    expect(value([
      '  time: 1:20', '  date: 2001-12-14', '  stamp: 2001-12-14T21:59:43.10-05:00', '  huge: 1e400', '  big: 0xFFFFFFFFFFFFFFFFFF',
      '  version: 1.20.3', '  ip: 10.0.0.1', '  dash: -x', '  under: _1',
    ].join('\n'))).toEqual({
      time: '1:20', date: '2001-12-14', stamp: '2001-12-14T21:59:43.10-05:00', huge: '1e400', big: '0xFFFFFFFFFFFFFFFFFF',
      version: '1.20.3', ip: '10.0.0.1', dash: '-x', under: '_1',
    });
  });

  test('keys are read like values and then stringified, as kubectl does (an `on:` key is "true")', () => {
    expect(value('  on: 1\n  1: one')).toEqual({ true: 1, 1: 'one' });
    // so `y` and `on` are the same key: an error, which YAML 1.2 readers would not see
    expect(() => value('  on: 1\n  y: 2')).toThrow(/x\.yaml \(document 1\): YAML parse error: duplicated mapping key at line 5, column 3/);
  });

  test('anchors, aliases and << merge keys (explicit keys win, as in go-yaml)', () => {
    expect(value('  base: &b {x: 1, y2: 2}\n  merged:\n    <<: *b\n    y2: 3\n  copy: *b\n  list:\n    <<: [{z: 1}, *b]')).toEqual({
      base: { x: 1, y2: 2 }, merged: { x: 1, y2: 3 }, copy: { x: 1, y2: 2 }, list: { z: 1, x: 1, y2: 2 },
    });
  });

  test('tags kubectl does not interpret keep the value; !!binary is decoded; !!str keeps text', () => {
    expect(value('  local: !foo 12\n  ts: !!timestamp 2001-12-14\n  set: !!set {a, b}\n  bin: !!binary aGVsbG8=\n  str: !!str 0777')).toEqual({
      local: '12', ts: '2001-12-14', set: { a: null, b: null }, bin: 'hello', str: '0777',
    });
  });

  test('duplicate keys are an error, as in kubectl (and in earlier versions)', () => {
    expect(() => value('  a: 1\n  a: 2')).toThrow(/x\.yaml \(document 1\): YAML parse error: Map keys must be unique/);
  });

  test('a key named __proto__ is an ordinary key', () => {
    const data = value('  __proto__: {polluted: true}') as Record<string, unknown>;
    expect(Object.keys(data)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('inputs: folders, links, special files, files that are not manifests', () => {
  const CM = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\n`;
  const warnings = (): { onWarning: (m: string) => void; messages: string[] } => {
    const messages: string[] = [];
    return { onWarning: (m) => void messages.push(m), messages };
  };

  test('follows symbolic links to files and folders; a link back into the folder is a loop, reported and not followed', () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'ossm-load-outside-'));
    try {
      fs.writeFileSync(path.join(outside, 'linked-file.yaml'), CM('linked-file'));
      fs.mkdirSync(path.join(outside, 'folder'));
      fs.writeFileSync(path.join(outside, 'folder', 'in-linked-folder.yaml'), CM('in-linked-folder'));
      write('a.yaml', CM('a'));
      fs.symlinkSync(path.join(outside, 'linked-file.yaml'), path.join(dir, 'b.yaml'));
      fs.symlinkSync(path.join(outside, 'folder'), path.join(dir, 'c'));
      fs.mkdirSync(path.join(dir, 'd'));
      fs.symlinkSync('..', path.join(dir, 'd', 'loop')); // d/loop → dir: a loop
      fs.symlinkSync(path.join(dir, 'd'), path.join(dir, 'e')); // e → d: d again, read once
      const w = warnings();
      expect(names(loadManifests([dir], w))).toEqual(['a', 'linked-file', 'in-linked-folder']);
      expect(w.messages).toEqual([`${path.join(dir, 'd', 'loop')}: symbolic link loop (it leads back to a folder being read); not followed`]);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  test('a file reached twice (named twice, or through a link) is read once', () => {
    const a = write('a.yaml', CM('a'));
    fs.symlinkSync(a, path.join(dir, 'z.yaml'));
    expect(names(loadManifests([a, dir, path.join(dir, 'z.yaml')]))).toEqual(['a']);
  });

  test('a dangling link named like a manifest is an error; one named otherwise is ignored', () => {
    write('ok.yaml', CM('ok'));
    fs.symlinkSync(path.join(dir, 'nowhere.txt'), path.join(dir, 'notes'));
    expect(names(loadManifests([dir]))).toEqual(['ok']);
    fs.symlinkSync(path.join(dir, 'nowhere.yaml'), path.join(dir, 'gone.yaml'));
    expect(() => loadManifests([dir])).toThrow(/gone\.yaml: cannot read: ENOENT/);
  });

  test('a named pipe is refused at once, named or in a folder, instead of waiting for a writer', () => {
    const fifo = path.join(dir, 'pipe.yaml');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    expect(() => loadManifests([fifo])).toThrow(`${fifo}: is a named pipe (FIFO), not a file or folder; refusing to read it`);
    expect(() => loadManifests([dir])).toThrow(`${fifo}: is a named pipe (FIFO)`);
    fs.renameSync(fifo, path.join(dir, 'pipe.txt')); // not a manifest name: not looked at
    write('ok.yaml', CM('ok'));
    expect(names(loadManifests([dir]))).toEqual(['ok']);
  }, 10_000);

  test('sockets and devices are refused', async () => {
    const socket = path.join(dir, 'sock.yaml');
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    try {
      expect(() => loadManifests([socket])).toThrow(`${socket}: is a socket, not a file or folder`);
      expect(() => loadManifests([dir])).toThrow(`${socket}: is a socket`);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(() => loadManifests(['/dev/null'])).toThrow('/dev/null: is a device, not a file or folder');
  });

  test('in a folder, YAML that is not a Kubernetes manifest is skipped with a warning; named explicitly it is an error', () => {
    write('deploy.yaml', CM('kept'));
    write('values.yaml', 'replicas: 3\nimage: {tag: v1}\n');
    write('package.json', JSON.stringify({ name: 'x', version: '1.0.0' }));
    write('list-of-names.yml', '- a\n- b\n');
    write('empty.yaml', '# nothing here\n---\n');
    const w = warnings();
    expect(names(loadManifests([dir], w))).toEqual(['kept']);
    expect(w.messages).toEqual([
      `${path.join(dir, 'list-of-names.yml')} (document 1): expected a Kubernetes object (a mapping), got a sequence; the file holds no Kubernetes object, skipped`,
      `${path.join(dir, 'package.json')} (document 1): not a Kubernetes object (apiVersion and kind must be strings); the file holds no Kubernetes object, skipped`,
      `${path.join(dir, 'values.yaml')} (document 1): not a Kubernetes object (apiVersion and kind must be strings); the file holds no Kubernetes object, skipped`,
    ]);
    expect(() => loadManifests([path.join(dir, 'values.yaml')], w)).toThrow(/values\.yaml \(document 1\): not a Kubernetes object/);
  });

  test('in a folder, a manifest with one document that is not an object, or YAML that does not parse, is still an error', () => {
    write('mixed.yaml', `${CM('a')}---\nreplicas: 3\n`);
    expect(() => loadManifests([dir])).toThrow(/mixed\.yaml \(document 2\): not a Kubernetes object/);
    fs.writeFileSync(path.join(dir, 'mixed.yaml'), `replicas: 3\n---\n${CM('a')}`);
    expect(() => loadManifests([dir])).toThrow(/mixed\.yaml \(document 1\): not a Kubernetes object/);
    fs.rmSync(path.join(dir, 'mixed.yaml'));
    write('broken.yaml', 'replicas: [3\n');
    expect(() => loadManifests([dir])).toThrow(/broken\.yaml \(document 1\): YAML parse error/);
  });

  test('empty inputs give no objects (the CLI refuses that)', () => {
    expect(loadManifests([dir])).toEqual([]);
    write('empty.yaml', '');
    write('markers.yaml', '---\n---\n...\n');
    write('notes.txt', CM('ignored'));
    expect(loadManifests([dir])).toEqual([]);
  });
});

describe('bad YAML: the same messages as before streaming', () => {
  /** The loader before streaming: the `yaml` package over the whole text, the first document with an error. */
  function previousMessage(text: string, file: string): string | undefined {
    const documents = parseAllDocuments(text);
    for (let i = 0; i < documents.length; i++) {
      const where = `${file} (document ${i + 1})`;
      if (documents[i].errors.length > 0) return `${where}: YAML parse error: ${documents[i].errors[0].message}`;
      try {
        documents[i].toJS();
      } catch (e) {
        return `${where}: ${(e as Error).message}`;
      }
    }
    return undefined;
  }

  const OK = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n';
  const BAD = [
    'metadata: {name: [unclosed\n', 'kind: [\n', 'a: 1\na: 2\n', 'a:\n\t- b\n', 'a: b: c\n', '- a\nb: 1\n', 'a: *nope\n', '{a: 1\n',
    'a: |\n b\n  c\nd\n', 'a:\n  - b\n c: d\n', '[a, b\n', '? a\n? a\n', 'a: "\\q"\n', 'key: value\n  other: 1\n', 'a: 1\n b: 2\n',
    'a: @x\n', 'a: `x\n', 'apiVersion: v1\nkind: ConfigMap\nkind: Secret\n', 'a: {b: 1, b: 2}\n', 'a: >\n x\n\ty\n',
    'x: &a [1, 2]\ny: *a\nz: *b\n', 'a: 1\r---\rb: 2\r' /* a lone CR is no line break for yaml */, `${OK}anchor: &a [1, 2]\ndata:\n${Array.from({ length: 150 }, (_, i) => `  k${i}: *a`).join('\n')}\n`,
  ];
  const contexts: Array<[string, (bad: string) => string]> = [
    ['alone', (bad) => bad],
    ['after a good document', (bad) => `${OK}---\n${bad}`],
    ['between good documents', (bad) => `${OK}---\n${bad}---\n${OK}`],
    ['after a comment, ended by ...', (bad) => `# c\n${bad}...\n${OK}`],
    ['with CRLF line breaks', (bad) => `${OK}---\n${bad}`.replace(/\n/g, '\r\n')],
  ];

  test.each(contexts)('%s', (_title, place) => {
    for (const bad of BAD) {
      const text = place(bad);
      const expected = previousMessage(text, 'f.yaml');
      expect({ text, expected: expected !== undefined }).toEqual({ text, expected: true });
      expect({ text, message: errorOf(() => parseManifests(text, 'f.yaml')) }).toEqual({ text, message: expected });
    }
  });

  test('an unclosed quote ends with its document, where YAML ends it (earlier versions read on to the end of the file)', () => {
    const text = `${OK}---\na: "x\n---\n${OK}`;
    expect(previousMessage(text, 'f.yaml')).toMatch(/^f\.yaml \(document 2\): YAML parse error: Missing closing "quote at line 10, column 1/);
    expect(errorOf(() => parseManifests(text, 'f.yaml'))).toMatch(/^f\.yaml \(document 2\): YAML parse error: Missing closing "quote at line 7, column 1/);
  });

  test('what kubectl refuses and the yaml package let through is an error, with js-yaml\'s reason and the place', () => {
    expect(errorOf(() => parseManifests(`${OK}---\na: !!int abc\n`, 'f.yaml')))
      .toBe('f.yaml (document 2): YAML parse error: cannot resolve a node with !<tag:yaml.org,2002:int> explicit tag at line 5, column 4');
    expect(errorOf(() => parseManifests('- [a, b]: c\n', 'f.yaml')))
      .toBe('f.yaml (document 1): YAML parse error: object-based map does not support complex keys at line 1, column 1');
  });
});

function errorOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return undefined;
}

test('an item repeated in a kind: List by an alias is listed twice, placed at its last entry', () => {
  const objects = parseManifests('apiVersion: v1\nkind: List\nitems:\n- &a {apiVersion: v1, kind: ConfigMap, metadata: {name: x}}\n- *a\n', 'l.yaml');
  expect(objects.map((o) => [o.metadata?.name, manifestSource(o)?.line])).toEqual([['x', 5], ['x', 5]]);
});

test('one document larger than a read (a JSON List, as kubectl get -o json writes it) keeps every item and its line', () => {
  const count = 20000;
  const items = Array.from({ length: count }, (_, i) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}` }, data: { k: 'v'.repeat(100) } }));
  const file = write('list.json', JSON.stringify({ apiVersion: 'v1', kind: 'List', items }, null, 2));
  expect(fs.statSync(file).size).toBeGreaterThan(3 << 20);
  const objects = loadManifests([file]);
  // '{', apiVersion, kind, '"items": [', then each item in as many lines as JSON.stringify gives it alone
  const perItem = JSON.stringify(items[0], null, 2).split('\n').length;
  expect(objects.map((o) => [o.metadata?.name, manifestSource(o)?.line])).toEqual(items.map((item, i) => [item.metadata.name, 5 + perItem * i]));
  const minified = write('min.json', JSON.stringify({ apiVersion: 'v1', kind: 'List', items })); // one line of 3 MB
  expect(loadManifests([minified]).map((o) => manifestSource(o)?.line)).toEqual(items.map(() => 1));
});
