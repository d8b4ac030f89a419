import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadManifests, parseManifests } from '../../lib/analysis';

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
