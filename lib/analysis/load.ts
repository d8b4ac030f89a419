import * as fs from 'node:fs';
import * as path from 'node:path';
import { constructFromEvents, EVENT_ID, Event, getScalarValue, parseEvents, YAMLException } from 'js-yaml';
import { parseAllDocuments } from 'yaml';
import { isNamespaced, rec } from './kube';
import { KUBECTL_SCHEMA } from './kubectl-yaml';
import { setManifestSource } from './manifest-source';
import { countLines, ReadBudget, readTextChunks, YamlBatch, yamlDocuments, YamlDocumentText } from './yaml-stream';
import { KubeObject } from '../core/kube-object';
import { redactSourceLine } from '../core/validation';

/** Options of {@link loadManifests} and {@link parseManifests}. */
export interface LoadOptions {
  /**
   * Namespace given to namespaced objects that have none, like `oc apply -n`. Objects that name a namespace keep it;
   * cluster-scoped kinds never get one.
   * @default none: such objects stay without a namespace (the analyzer's `defaultNamespace` then applies)
   */
  readonly namespace?: string;
  /**
   * Receives a message for each file of a folder that is skipped because it is YAML but not a Kubernetes manifest,
   * and for each symbolic link that leads back into a folder being read.
   * @default writes the message to standard error
   */
  readonly onWarning?: (message: string) => void;
  /**
   * The most bytes read in all (every file and standard input together); more is refused with an error before it
   * is held in memory, so that an endless stream (`/dev/zero`, `/dev/urandom`) stops at once.
   * @default DEFAULT_MAX_INPUT_BYTES (1 GiB)
   */
  readonly maxBytes?: number;
  /**
   * The most YAML documents read in all (empty ones included: a stream of `---` lines is as costly as one of
   * objects); more is refused with an error.
   * @default DEFAULT_MAX_INPUT_DOCUMENTS (1,000,000)
   */
  readonly maxDocuments?: number;
}

/** The most bytes {@link loadManifests} reads by default: 1 GiB. */
export const DEFAULT_MAX_INPUT_BYTES = 1024 ** 3;
/** The most YAML documents {@link loadManifests} reads by default. */
export const DEFAULT_MAX_INPUT_DOCUMENTS = 1_000_000;
/**
 * The longest single YAML document, in characters: far more than any Kubernetes object (the API server takes at most
 * 3 MiB per request) or `kind: List` export, and below the longest string JavaScript can hold.
 */
const MAX_DOCUMENT_CHARS = 256 * 1024 * 1024;

/** What one load may still read. */
interface LoadBudget extends ReadBudget {
  documentsLeft: number;
  readonly maxDocuments: number;
}

function budgetOf(options: LoadOptions): LoadBudget {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_INPUT_BYTES;
  const maxDocuments = options.maxDocuments ?? DEFAULT_MAX_INPUT_DOCUMENTS;
  for (const [what, value] of [['maxBytes', maxBytes], ['maxDocuments', maxDocuments]] as const) {
    if (!Number.isSafeInteger(value) || value < 1) throw new Error(`loadManifests: ${what} ${String(value)} is not valid. Allowed: a whole number of at least 1.`);
  }
  return { bytesLeft: maxBytes, maxBytes, documentsLeft: maxDocuments, maxDocuments };
}

export { manifestSource } from './manifest-source';

/** The name {@link loadManifests} reads standard input for, as most command-line tools do. */
export const STDIN_PATH = '-';
/** The file name of objects read from standard input. */
export const STDIN_NAME = '<stdin>';

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
/** js-yaml's parser options: nesting as deep as any manifest needs (its default of 100 is not). */
const PARSER_OPTIONS = { maxDepth: 1000 };
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function defaultWarning(message: string): void {
  process.stderr.write(`warning: ${message}\n`);
}

/** A document that holds no Kubernetes object: in a folder, its file may be skipped rather than refused. */
class NotAManifestError extends Error {}

/** One parsed document: its value and, for locating objects, js-yaml's events over the text it was parsed in. */
interface ParsedDocument {
  readonly doc: YamlDocumentText;
  readonly value: unknown;
  /** The events of the batch the document was parsed in. */
  readonly events: readonly Event[];
  /** Index in {@link events} of the document's root node. */
  readonly root: number;
  /** The batch's text, which the events' offsets point into. */
  readonly source: string;
  /** Offset of the document's text in {@link source}. */
  readonly offset: number;
}

/**
 * The `yaml` package's message for a document that does not parse (the message the loader gave before it parsed
 * with js-yaml), or `undefined` when `yaml` reads the document without error. The document is parsed at its line in
 * the stream, followed by the line that ends it, so that the message's line, column and quoted source are those
 * `yaml` gives for the whole stream.
 */
function yamlPackageError(doc: YamlDocumentText, where: string): string | undefined {
  // logLevel 'error': its warnings (such as "keys with collection values will be stringified") are not ours to print
  const documents = parseAllDocuments('\n'.repeat(doc.line - 1) + doc.text + (doc.nextLine ?? ''), { logLevel: 'error' });
  const first = documents[0];
  if (first === undefined) return undefined;
  if (first.errors.length > 0) return `${where}: YAML parse error: ${redactCodeFrame(first.errors[0].message, doc.text)}`;
  try {
    first.toJS();
  } catch (e) {
    return `${where}: ${(e as Error).message}`;
  }
  return undefined;
}

/** A document that declares `kind: Secret`: every value shown from it is hidden. */
const SECRET_KIND = /^kind:\s*["']?Secret["']?\s*(#.*)?$/m;

/**
 * A parser's message with the source lines of its code frame (the lines after the first) shown only as far as they
 * carry no secret: on a line with a value named like a secret, a URL with credentials, or any line of a Secret, the
 * location and the key stay and the value is `***` ({@link redactSourceLine}).
 */
function redactCodeFrame(message: string, documentText: string): string {
  const inSecret = SECRET_KIND.test(documentText);
  const [first, ...frame] = message.split('\n');
  return [first, ...frame.map((line) => redactSourceLine(line, inSecret))].join('\n');
}

/** Documents are parsed in batches of about this many characters: js-yaml's set-up per call costs as much as a small document. */
const BATCH_CHARS = 1 << 18;

function where(file: string, doc: YamlDocumentText): string {
  return `${file} (document ${doc.number})`;
}

const { DOCUMENT, SEQUENCE, MAPPING, SCALAR, ALIAS, POP } = EVENT_ID;

/**
 * Parses a batch of documents with js-yaml and {@link KUBECTL_SCHEMA}. A document that js-yaml refuses, and one with
 * aliases (which `yaml` limits against alias bombs), is checked with `yaml` as well, whose message is reported, so
 * that messages stay those of earlier versions; what only js-yaml refuses is reported with its reason and place.
 */
function* parseBatch(batch: YamlBatch, file: string): Generator<ParsedDocument> {
  const { text: source, documents } = batch;
  let events: Event[];
  let values: unknown[];
  try {
    events = parseEvents(source, PARSER_OPTIONS);
    values = constructFromEvents(events, { source, schema: KUBECTL_SCHEMA });
  } catch (e) {
    if (documents.length > 1) {
      yield* parseEach(batch, file); // find the document that fails
      return;
    }
    const mark = e instanceof YAMLException ? e.mark : undefined;
    const reason = e instanceof YAMLException ? e.reason : (e as Error).message;
    const doc = documents[0];
    throw new Error(yamlPackageError(doc, where(file, doc))
      ?? `${where(file, doc)}: YAML parse error: ${reason}${mark ? ` at line ${doc.line + countLines(source, 0, mark.position)}, column ${mark.column + 1}` : ''}`);
  }
  // Each document of the batch starts with a DOCUMENT event; note where, and whether it holds an alias.
  const roots: number[] = [];
  const aliased: boolean[] = [];
  for (let i = 0; i < events.length; i++) {
    const type = events[i].type;
    if (type === DOCUMENT) {
      roots.push(i + 1);
      aliased.push(false);
    } else if (type === ALIAS) {
      aliased[aliased.length - 1] = true;
    }
  }
  if (roots.length !== documents.length) {
    // The stream holds something that the `yaml` package counts as a document and js-yaml does not (a lone `...`).
    if (documents.length > 1) {
      yield* parseEach(batch, file);
      return;
    }
    if (roots.length > 1) {
      const doc = documents[0];
      throw new Error(yamlPackageError(doc, where(file, doc)) ?? `${where(file, doc)}: YAML parse error: more than one document where one was expected`);
    }
  }
  for (let d = 0; d < documents.length; d++) {
    const doc = documents[d];
    if (aliased[d]) {
      const error = yamlPackageError(doc, where(file, doc));
      if (error !== undefined) throw new Error(error);
    }
    yield { doc, value: values[d] ?? null, events, root: roots[d] ?? 0, source, offset: doc.offset };
  }
}

/** The documents of a YAML stream, parsed; counted against the budget, when there is one. */
function* parsedDocuments(chunks: Iterable<string>, file: string, budget?: LoadBudget): Generator<ParsedDocument> {
  for (const batch of yamlDocuments(chunks, BATCH_CHARS, MAX_DOCUMENT_CHARS, file)) {
    if (budget !== undefined) {
      budget.documentsLeft -= batch.documents.length;
      if (budget.documentsLeft < 0) {
        throw new Error(`${file}: the input holds more than ${budget.maxDocuments} YAML documents in all, the most one run reads; `
          + 'split it, or allow more with --max-documents (LoadOptions.maxDocuments)');
      }
    }
    yield* parseBatch(batch, file);
  }
}

/** Parses the documents of a batch one by one. */
function* parseEach(batch: YamlBatch, file: string): Generator<ParsedDocument> {
  for (const doc of batch.documents) yield* parseBatch({ text: doc.text, documents: [{ ...doc, offset: 0 }] }, file);
}

/** Index of the event after the node that starts at event `i`. */
function skipNode(events: readonly Event[], i: number): number {
  const type = events[i].type;
  if (type !== SEQUENCE && type !== MAPPING) return i + 1;
  let depth = 0;
  do {
    const t = events[i++].type;
    if (t === SEQUENCE || t === MAPPING) depth++;
    else if (t === POP) depth--;
  } while (depth > 0);
  return i;
}

/** Offset in the batch's text where the node of event `i` starts. */
function nodeStart(parsed: ParsedDocument, i: number): number {
  const e = parsed.events[i];
  return e.type === SCALAR ? e.valueStart
    : e.type === ALIAS ? e.anchorStart
      : e.type === SEQUENCE || e.type === MAPPING ? e.start : parsed.offset;
}

/** Line in the stream of the node that starts at event `i`. */
function lineOfNode(parsed: ParsedDocument, i: number): number {
  return parsed.doc.line + countLines(parsed.source, parsed.offset, nodeStart(parsed, i));
}

/** Lines of the entries of the root mapping's `items` sequence (a `kind: List`), in order. */
function listItemLines(parsed: ParsedDocument): number[] {
  const { events, source, root } = parsed;
  if (events[root].type !== MAPPING) return [];
  for (let i = root + 1; events[i].type !== POP;) {
    const key = events[i];
    const value = skipNode(events, i);
    if (key.type === SCALAR && getScalarValue(source, key) === 'items' && events[value].type === SEQUENCE) {
      // Counted on from one entry to the next, each line break found once: a List of 100k items is one document,
      // and `kubectl get -o json | jq -c` writes it on one line.
      const lines: number[] = [];
      let line = parsed.doc.line;
      let nextBreak = source.indexOf('\n', parsed.offset);
      for (let j = value + 1; events[j].type !== POP; j = skipNode(events, j)) {
        const start = nodeStart(parsed, j);
        while (nextBreak !== -1 && nextBreak < start) {
          line++;
          nextBreak = source.indexOf('\n', nextBreak + 1);
        }
        lines.push(line);
      }
      return lines;
    }
    i = skipNode(events, value);
  }
  return [];
}

function isList(obj: Record<string, unknown>): obj is Record<string, unknown> & { items: unknown[] } {
  return typeof obj.kind === 'string' && obj.kind.endsWith('List') && Array.isArray(obj.items) && obj.spec === undefined;
}

/** Checks that `value` is a Kubernetes object (a mapping with string apiVersion and kind). */
function asKubeObject(value: unknown, where: string): KubeObject | Record<string, unknown> & { items: unknown[] } {
  const obj = rec(value);
  if (!obj) {
    throw new NotAManifestError(`${where}: expected a Kubernetes object (a mapping), got ${Array.isArray(value) ? 'a sequence' : typeof value}`);
  }
  if (isList(obj)) return obj;
  if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') {
    throw new NotAManifestError(`${where}: not a Kubernetes object (apiVersion and kind must be strings)`);
  }
  return obj as KubeObject;
}

/** The objects of a document with their lines: the object itself, or the items of a `kind: List` (recursively). */
function objectsOf(value: unknown, where: string, line: number, itemLines: () => readonly number[], out: Array<[KubeObject, number]>): void {
  const obj = asKubeObject(value, where);
  if (!isList(obj)) {
    out.push([obj, line]);
    return;
  }
  const lines = itemLines();
  obj.items.forEach((item, i) => {
    const itemLine = lines[i] ?? line;
    try {
      objectsOf(item, `${where} items[${i}]`, itemLine, () => [], out);
    } catch (e) {
      throw new Error((e as Error).message); // a broken List is an error even in a folder
    }
  });
}

function setNamespace(obj: KubeObject, namespace: string | undefined): void {
  if (namespace === undefined || !isNamespaced(obj.kind)) return;
  const meta = rec(obj.metadata);
  if (!meta) (obj as { metadata?: unknown }).metadata = { namespace };
  else if (typeof meta.namespace !== 'string' || meta.namespace === '') meta.namespace = namespace;
}

/**
 * Reads the Kubernetes objects of one YAML stream into `out`, document by document. A file named explicitly must hold
 * only Kubernetes objects; a file found in a folder that holds none (but parses) is skipped with a warning.
 */
function readStream(chunks: Iterable<string>, file: string, explicit: boolean, out: KubeObject[], options: LoadOptions, budget?: LoadBudget): void {
  let found = 0;
  let notAManifest: string | undefined;
  const located: Array<[KubeObject, number]> = [];
  for (const parsed of parsedDocuments(chunks, file, budget)) {
    if (parsed.value === null || parsed.value === undefined) continue; // empty document, e.g. a trailing '---'
    located.length = 0;
    try {
      objectsOf(parsed.value, where(file, parsed.doc), lineOfNode(parsed, parsed.root), () => listItemLines(parsed), located);
    } catch (e) {
      if (!(e instanceof NotAManifestError) || explicit || found > 0) throw e;
      notAManifest ??= e.message;
      continue;
    }
    if (notAManifest !== undefined) throw new Error(notAManifest);
    for (const [obj, line] of located) {
      setNamespace(obj, options.namespace);
      setManifestSource(obj, { file, line });
      out.push(obj);
      found++;
    }
  }
  if (found === 0 && notAManifest !== undefined) {
    (options.onWarning ?? defaultWarning)(`${notAManifest}; the file holds no Kubernetes object, skipped`);
  }
}

/** Parses one file's text (multi-document YAML or JSON) into Kubernetes objects; `file` names it in errors. */
export function parseManifests(text: string, file: string, options: LoadOptions = {}): KubeObject[] {
  const out: KubeObject[] = [];
  const budget = budgetOf(options);
  budget.bytesLeft -= Buffer.byteLength(text);
  if (budget.bytesLeft < 0) throw new Error(`${file}: the input is larger than ${budget.maxBytes} bytes, the most one run reads`);
  readStream([text], file, true, out, options, budget);
  return out;
}

/** Why a path that is neither a regular file nor a folder is not read. */
function notAFile(stat: fs.Stats): string {
  const what = stat.isFIFO() ? 'a named pipe (FIFO)' : stat.isSocket() ? 'a socket' : 'a device';
  return `is ${what}, not a file or folder; refusing to read it (to read a stream, pipe it to standard input and name the file "${STDIN_PATH}")`;
}

/** The identity of a file or folder across the paths that lead to it. */
function fileId(stat: fs.Stats): string {
  return `${stat.dev}:${stat.ino}`;
}

/** Reads one regular file, unless it was read already (through another path or link). */
function readFile(file: string, explicit: boolean, seen: Set<string>, out: KubeObject[], options: LoadOptions, budget: LoadBudget): void {
  let fd: number;
  try {
    // Non-blocking, so that a FIFO that took the file's place since it was listed cannot hang the open.
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw new Error(`${file}: cannot read: ${(e as Error).message}`);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new Error(`${file}: ${notAFile(stat)}`);
    if (seen.has(fileId(stat))) return;
    seen.add(fileId(stat));
    readStream(readTextChunks(fd, file, budget), file, explicit, out, options, budget);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Manifest files under a folder, recursively, in sorted order. Symbolic links are followed; a folder already read
 * (through another link) is not read again, and a link back into a folder being read is reported as a loop.
 */
function listFolder(dir: string, ancestors: Set<string>, visited: Set<string>, files: string[], warn: (message: string) => void): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => cmp(a.name, b.name));
  } catch (e) {
    throw new Error(`${dir}: cannot read folder: ${(e as Error).message}`);
  }
  for (const e of entries) {
    const full = path.join(dir, e.name);
    const manifest = MANIFEST_EXTENSIONS.has(path.extname(e.name).toLowerCase());
    if (!manifest && (e.isFile() || e.isFIFO() || e.isSocket() || e.isCharacterDevice() || e.isBlockDevice())) continue;
    let stat: fs.Stats;
    try {
      stat = fs.statSync(full); // follows symbolic links
    } catch (err) {
      if (manifest) throw new Error(`${full}: cannot read: ${(err as Error).message}`);
      continue; // a dangling link to something that would not be read anyway
    }
    if (stat.isDirectory()) {
      const id = fileId(stat);
      if (ancestors.has(id)) warn(`${full}: symbolic link loop (it leads back to a folder being read); not followed`);
      if (visited.has(id)) continue;
      visited.add(id);
      ancestors.add(id);
      listFolder(full, ancestors, visited, files, warn);
      ancestors.delete(id);
    } else if (manifest) {
      if (!stat.isFile()) throw new Error(`${full}: ${notAFile(stat)}`);
      files.push(full);
    }
  }
}

/**
 * Loads Kubernetes objects from files, folders and standard input (`-`). A folder is read recursively for `.yaml`,
 * `.yml` and `.json` files in sorted order, following symbolic links (a link back into a folder being read is not
 * followed, with a warning); a file in a folder that is YAML but holds no Kubernetes object is skipped with a warning.
 * A file named explicitly is read whatever its extension and must hold Kubernetes objects only. A file reached twice
 * (named twice, or through a link) is read once. Named pipes, sockets and devices are refused. Multi-document YAML
 * is split, empty documents are skipped and `kind: List` is expanded. Scalars are read as kubectl reads them (YAML 1.1
 * booleans such as `yes`, `0777` octal, `<<` merge keys). Namespaced objects without a namespace get
 * `options.namespace`. {@link manifestSource} tells each object's file and line.
 *
 * Files are read in chunks and parsed a few hundred kilobytes of documents at a time: memory holds the objects (and
 * the text their strings point into), never a whole file next to its parse tree. Input is bounded: at most
 * `options.maxBytes` (1 GiB) and `options.maxDocuments` (1,000,000 documents) in all, and 256 MiB per document; text
 * that is not UTF-8, or holds a NUL byte, is an error naming the file and the byte offset.
 *
 * @throws Error naming the path for a missing or unreadable path, and the file and document for a parse error
 */
export function loadManifests(paths: readonly string[], options: LoadOptions = {}): KubeObject[] {
  const warn = options.onWarning ?? defaultWarning;
  const out: KubeObject[] = [];
  const seen = new Set<string>();
  const budget = budgetOf(options);
  for (const p of paths) {
    if (p === STDIN_PATH) {
      readStream(readTextChunks(0, STDIN_NAME, budget), STDIN_NAME, true, out, options, budget);
      continue;
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch (e) {
      throw new Error(`${p}: cannot read: ${(e as Error).message}`);
    }
    if (!stat.isDirectory()) {
      if (!stat.isFile()) throw new Error(`${p}: ${notAFile(stat)}`);
      readFile(p, true, seen, out, options, budget);
      continue;
    }
    const files: string[] = [];
    listFolder(p, new Set([fileId(stat)]), new Set([fileId(stat)]), files, warn);
    for (const file of files) readFile(file, false, seen, out, options, budget);
  }
  return out;
}
