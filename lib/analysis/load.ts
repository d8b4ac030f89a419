import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { isNamespaced, rec } from './kube';
import { KubeObject } from '../core/kube-object';

/** Options of {@link loadManifests}. */
export interface LoadOptions {
  /**
   * Namespace given to namespaced objects that have none, like `oc apply -n`. Objects that name a namespace keep it;
   * cluster-scoped kinds never get one.
   * @default none: such objects stay without a namespace (the analyzer's `defaultNamespace` then applies)
   */
  readonly namespace?: string;
}

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Manifest files under a folder, recursively, in sorted order. */
function listFolder(dir: string): string[] {
  const out: string[] = [];
  const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => cmp(a.name, b.name));
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listFolder(full));
    else if (e.isFile() && MANIFEST_EXTENSIONS.has(path.extname(e.name).toLowerCase())) out.push(full);
  }
  return out;
}

/** Kubernetes objects of a parsed document: the object itself, or the items of a `kind: List` (recursively). */
function objectsOf(doc: unknown, where: string): KubeObject[] {
  const obj = rec(doc);
  if (!obj) throw new Error(`${where}: expected a Kubernetes object (a mapping), got ${Array.isArray(doc) ? 'a sequence' : typeof doc}`);
  if (typeof obj.kind === 'string' && obj.kind.endsWith('List') && Array.isArray(obj.items) && obj.spec === undefined) {
    return obj.items.flatMap((item, i) => objectsOf(item, `${where} items[${i}]`));
  }
  if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') {
    throw new Error(`${where}: not a Kubernetes object (apiVersion and kind must be strings)`);
  }
  return [obj as KubeObject];
}

function withNamespace(obj: KubeObject, namespace: string | undefined): KubeObject {
  const meta = rec(obj.metadata) ?? {};
  if (namespace === undefined || !isNamespaced(obj.kind) || (typeof meta.namespace === 'string' && meta.namespace !== '')) return obj;
  return { ...obj, metadata: { ...meta, namespace } };
}

/** Parses one file's text (multi-document YAML or JSON) into Kubernetes objects; `file` names it in errors. */
export function parseManifests(text: string, file: string, options: LoadOptions = {}): KubeObject[] {
  const out: KubeObject[] = [];
  parseAllDocuments(text).forEach((doc, i) => {
    const where = `${file} (document ${i + 1})`;
    if (doc.errors.length > 0) {
      throw new Error(`${where}: YAML parse error: ${doc.errors[0].message}`);
    }
    let value: unknown;
    try {
      value = doc.toJS();
    } catch (e) {
      throw new Error(`${where}: ${(e as Error).message}`);
    }
    if (value === null || value === undefined) return; // empty document, e.g. a trailing '---'
    for (const obj of objectsOf(value, where)) out.push(withNamespace(obj, options.namespace));
  });
  return out;
}

/**
 * Loads Kubernetes objects from files and folders: a folder is read recursively for `.yaml`, `.yml` and `.json`
 * files in sorted order; a file is read whatever its extension. Multi-document YAML is split, empty documents are
 * skipped and `kind: List` is expanded. Namespaced objects without a namespace get `options.namespace`.
 *
 * @throws Error naming the path for a missing or unreadable path, and the file and document for a parse error
 */
export function loadManifests(paths: readonly string[], options: LoadOptions = {}): KubeObject[] {
  const files: string[] = [];
  for (const p of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch (e) {
      throw new Error(`${p}: cannot read: ${(e as Error).message}`);
    }
    if (stat.isDirectory()) {
      try {
        files.push(...listFolder(p));
      } catch (e) {
        throw new Error(`${p}: cannot read folder: ${(e as Error).message}`);
      }
    } else {
      files.push(p);
    }
  }
  const out: KubeObject[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      throw new Error(`${file}: cannot read: ${(e as Error).message}`);
    }
    out.push(...parseManifests(text, file, options));
  }
  return out;
}
