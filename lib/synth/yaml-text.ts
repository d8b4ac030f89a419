import { Yaml } from 'cdk8s';
import type * as yamlPackage from 'yaml';
import { kubectlPlainScalar } from '../analysis/kubectl-scalars';
import { lazyModule } from '../core/lazy-module';

/**
 * The options cdk8s's `Yaml.stringify` gives the `yaml` package: YAML 1.1 (as kubectl reads it, so that `yes`, `on`
 * and `1:20` are quoted), undefined values written as `null`, and no line folding. Used where a string must be
 * quoted that cdk8s's writer leaves plain (see {@link notReadBack}); everything else the `yaml` package writes here
 * goes through `Yaml.stringify` itself.
 */
const CDK8S_YAML_OPTIONS = { keepUndefined: true, lineWidth: 0, version: '1.1' } as const;

/** The `yaml` package's document API (cdk8s loads its own copy, for `Yaml.stringify`): loaded when a string needs it. */
const yamlDocuments = lazyModule(() => require('yaml') as typeof yamlPackage);

/**
 * Strings the `yaml` package writes plain: a letter, then letters, digits and `._/@=+-`, single spaces and colons
 * not followed by a space; not ending in a space or colon. Starting with a letter, such a string resolves to
 * something else only as a {@link YAML_1_1_NOT_STRING}. Anything else is left to the `yaml` package.
 */
const PLAIN_STRING = /^[A-Za-z](?:[A-Za-z0-9._/@=+-]|[ :](?! |$))*$/;

/**
 * The strings starting with a letter that YAML 1.1 reads as something else (the `yaml` package's 1.1 schema), so
 * that it quotes them: booleans, null, and floats with an exponent and no digits before it (`e5`, `E-3`).
 */
const YAML_1_1_NOT_STRING = /^(?:[yY]|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON|[nN]|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF|[Nn]ull|NULL|[eE][-+]?[0-9]+)$/;

/** Longer keys are written as explicit (`? key`) keys by the `yaml` package; the plain path stays well below. */
const MAX_PLAIN_LENGTH = 1000;

/** Thrown inside {@link Writer} when a document is not plain JSON-shaped data: the `yaml` package writes it whole. */
const NOT_PLAIN = Symbol('not plain data');

/**
 * YAML text of documents as cdk8s's `Yaml.stringify` writes them (the `yaml` package with cdk8s's options: byte for
 * byte the same text), several times faster for the plain JSON-shaped objects that synthesis produces; except that
 * a key or string that kubectl or the `yaml` package would not read back as itself is double-quoted (see
 * {@link notReadBack}).
 *
 * Maps, sequences, numbers, booleans, null and the strings most manifests are made of are written directly. Every
 * other key or string (quoted, multi-line, looking like a number, date, boolean or null) is written by the `yaml`
 * package, at its place (remembered for the rest of the call); a document that is not plain data (a class instance,
 * a `Map`, a `Date`, an object referred to twice, which `yaml` writes as an anchor and aliases) is written by it as a
 * whole. Documents are separated by `---`; an `undefined` document is an empty line, as in cdk8s.
 * @internal
 */
export function stringifyYaml(...docs: readonly unknown[]): string {
  const cache = new Map<string, string | null>();
  return docs.map((doc) => (doc === undefined ? '\n' : stringifyDocument(doc, cache))).join('---\n');
}

function stringifyDocument(doc: unknown, cache: Map<string, string | null>): string {
  if (!isCollection(doc)) return yamlText(doc);
  try {
    const writer = new Writer(cache);
    const empty = writer.collection(doc, 0);
    return empty === undefined ? writer.lines.join('') : `${empty}\n`;
  } catch (error) {
    if (error !== NOT_PLAIN) throw error;
    return yamlText(doc);
  }
}

/** Writes one document's lines, each ending in a newline. */
class Writer {
  public readonly lines: string[] = [];
  /** Every collection of the document, to notice one written twice (which `yaml` writes as an anchor and aliases). */
  private readonly seen = new Set<object>();

  /** @param cache what the `yaml` package wrote for a key or scalar at an indentation, by `<kind><indent>\0<text>` */
  public constructor(private readonly cache: Map<string, string | null>) {}

  /** A map or sequence: `{}` or `[]` when empty (returned, for the line of its key or dash), else its lines at `indent`. */
  public collection(collection: object, indent: number): string | undefined {
    if (this.seen.has(collection)) throw NOT_PLAIN;
    this.seen.add(collection);
    if (Array.isArray(collection)) {
      if (collection.length === 0) return '[]';
      this.sequence(collection, indent);
    } else {
      const keys = Object.keys(collection);
      if (keys.length === 0) return '{}';
      this.map(collection as Record<string, unknown>, keys, indent);
    }
    return undefined;
  }

  private map(map: Record<string, unknown>, keys: readonly string[], indent: number): void {
    const pad = ' '.repeat(indent);
    for (const key of keys) {
      const value = map[key];
      const k = this.keyText(key, indent);
      if (isCollection(value)) {
        const line = this.lines.length;
        this.lines.push('');
        const empty = this.collection(value, indent + 2);
        this.lines[line] = empty === undefined ? `${pad}${k}:\n` : `${pad}${k}: ${empty}\n`;
        continue;
      }
      const scalar = this.scalarText(value, indent, 'm');
      if (scalar !== null) this.lines.push(`${pad}${k}: ${scalar}\n`);
      else this.lines.push(...withKey(yamlLinesAt(indent, { k: value }), indent, `${pad}${k}`)); // a block scalar
    }
  }

  private sequence(items: readonly unknown[], indent: number): void {
    const pad = ' '.repeat(indent);
    for (const item of items) {
      if (isCollection(item)) {
        // a non-empty item's first line follows the dash: its lines are written two further in, then the first
        // one's indentation becomes the dash
        const first = this.lines.length;
        const empty = this.collection(item, indent + 2);
        if (empty !== undefined) this.lines.push(`${pad}- ${empty}\n`);
        else this.lines[first] = `${pad}- ${this.lines[first].slice(indent + 2)}`;
        continue;
      }
      const scalar = this.scalarText(item, indent, 's');
      if (scalar !== null) this.lines.push(`${pad}- ${scalar}\n`);
      else this.lines.push(...yamlLinesAt(indent, [item])); // a block scalar
    }
  }

  /** A key as written before `:`; a key that the `yaml` package writes as an explicit `? ` key makes the document its own. */
  private keyText(key: string, indent: number): string {
    if (isPlainString(key)) return key;
    const text = this.remembered(`k${indent}\0${key}`, () => {
      const lines = yamlLinesAt(indent, { [key]: null });
      const line = lines[0];
      return lines.length === 1 && line[indent] !== '?' && line.endsWith(': null\n') ? line.slice(indent, -': null\n'.length) : null;
    });
    if (text === null) throw NOT_PLAIN;
    return text;
  }

  /**
   * A scalar as written after `key: ` (`kind` `m`) or `- ` (`s`), or null for a string the `yaml` package writes as a
   * block over several lines. Anything but a string, number, boolean, null or undefined makes the document its own.
   */
  private scalarText(value: unknown, indent: number, kind: 'm' | 's'): string | null {
    switch (typeof value) {
      case 'string':
        if (isPlainString(value)) return value;
        break;
      case 'number':
        // finite numbers are written as JSON writes them, except -0
        if (Number.isFinite(value) && !Object.is(value, -0)) return String(value);
        break;
      case 'boolean':
        return value ? 'true' : 'false';
      case 'undefined':
        return 'null';
      case 'object':
        if (value === null) return 'null';
        throw NOT_PLAIN;
      default:
        throw NOT_PLAIN;
    }
    return this.remembered(`${kind}${indent}\0${String(value)}${typeof value === 'number' ? '\0n' : ''}`, () => {
      const lines = yamlLinesAt(indent, kind === 'm' ? { k: value } : [value]);
      const start = kind === 'm' ? 'k: ' : '- ';
      return lines.length === 1 && lines[0].startsWith(start, indent) ? lines[0].slice(indent + start.length, -1) : null;
    });
  }

  private remembered(key: string, make: () => string | null): string | null {
    let text = this.cache.get(key);
    if (text === undefined) {
      text = make();
      this.cache.set(key, text);
    }
    return text;
  }
}

/** `lines` of a map entry written with the key `k`, with `start` (indentation and key) in place of its first line's. */
function withKey(lines: string[], indent: number, start: string): string[] {
  lines[0] = `${start}${lines[0].slice(indent + 1)}`;
  return lines;
}

/**
 * The text cdk8s's `Yaml.stringify` writes for `value`; where a key or string in it would not be read back as
 * itself (see {@link notReadBack}), the `yaml` package's with cdk8s's options and that string double-quoted.
 */
function yamlText(value: unknown): string {
  if (readBackAsWritten(value, false, new Set())) return Yaml.stringify(value);
  const { Document, Scalar, visit } = yamlDocuments();
  const doc = new Document(value, CDK8S_YAML_OPTIONS);
  visit(doc, {
    Scalar: (key, node) => {
      if (typeof node.value !== 'string' || !notReadBack(node.value, key === 'key')) return;
      node.type = Scalar.QUOTE_DOUBLE;
      // the `yaml` package writes the string `<<` as its YAML 1.1 merge key, plain, whatever the node's style
      if (node.value === MERGE_KEY) node.tag = 'tag:yaml.org,2002:str';
    },
  });
  const text = doc.toString(CDK8S_YAML_OPTIONS);
  // only double-quoted strings hold them (see notReadBack), where an escape means the same
  return NOT_PRINTABLE.test(text) ? text.replace(NOT_PRINTABLE_ALL, escapeCharacter) : text;
}

/**
 * Whether every key and string of `value` is read back as cdk8s's writer writes it ({@link notReadBack}); false
 * for anything but plain data, which is then written through the `yaml` package's document API.
 */
function readBackAsWritten(value: unknown, isKey: boolean, seen: Set<object>): boolean {
  if (typeof value === 'string') return !notReadBack(value, isKey);
  if (value === null || typeof value !== 'object') return true;
  if (!isCollection(value) || seen.has(value)) return false;
  seen.add(value);
  if (Array.isArray(value)) return value.every((item) => readBackAsWritten(item, false, seen));
  return Object.entries(value).every(([k, v]) => readBackAsWritten(k, true, seen) && readBackAsWritten(v, false, seen));
}

/**
 * Characters YAML does not allow in a stream, or kubectl's go-yaml refuses (the byte order mark inside a document),
 * that the `yaml` package writes as they are (it escapes the others, as JSON does).
 */
const NOT_PRINTABLE = /[\x7F-\x84\x86-\x9F\uFEFF\uFFFE\uFFFF]/;
const NOT_PRINTABLE_ALL = new RegExp(NOT_PRINTABLE.source, 'g');

/** A YAML double-quoted escape of one character. */
function escapeCharacter(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).toUpperCase()}`;
}

/**
 * Whether the string `s`, as cdk8s's writer (the `yaml` package) writes it, could be read back as something else, by
 * kubectl or by the `yaml` package itself:
 * - it leaves plain what YAML 1.1 reads as a string and kubectl's go-yaml as a number (`0o17`, `0X1F`);
 * - it leaves a `<<` key plain, which YAML 1.1 readers and kubectl take for a merge key (it is written `!!str "<<"`);
 * - it writes some characters as they are that YAML does not allow in a stream (U+FFFE, C1 controls) or that
 *   kubectl refuses (a byte order mark inside a document; read as the stream's where a document starts): such
 *   strings are double-quoted, with these characters escaped;
 * - it writes a string of only spaces, tabs and line breaks (with at least one of each kind) as a block whose
 *   spaces are read as indentation: `" \n"` comes back as `"\n"`.
 * Such strings are written double-quoted (where the `yaml` package quotes them anyway, the text is the same).
 */
function notReadBack(s: string, isKey: boolean): boolean {
  return (isKey && s === MERGE_KEY) || NOT_PRINTABLE.test(s) || BLANK_LINES.test(s)
    || (kubectlPlainScalar(s) !== s && Yaml.stringify(s) === `${s}\n`); // read as something else, and written plain
}

/** Spaces or tabs and line breaks, nothing else. */
const BLANK_LINES = /^(?=.*\n)(?=.*[\t ])[\t \n]+$/s;

/** YAML 1.1's merge key. */
const MERGE_KEY = '<<';

/**
 * The lines the `yaml` package writes for a one-entry map or one-item sequence at `indent`. It is written inside
 * maps nested that deep, because how the `yaml` package writes a string that holds a document marker (`---`,
 * `...`) at the start of a line depends on the indentation.
 */
function yamlLinesAt(indent: number, collection: object): string[] {
  let wrapped = collection;
  for (let i = 0; i < indent; i += 2) wrapped = { x: wrapped };
  return yamlText(wrapped).slice(0, -1).split('\n').slice(indent / 2).map((line) => `${line}\n`);
}

/** Whether the `yaml` package writes a string (key or value) as it is. */
function isPlainString(s: string): boolean {
  return s.length <= MAX_PLAIN_LENGTH && PLAIN_STRING.test(s) && !YAML_1_1_NOT_STRING.test(s);
}

function isCollection(value: unknown): value is object {
  if (Array.isArray(value)) return true;
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
