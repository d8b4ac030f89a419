/**
 * The js-yaml schema that reads scalars the way kubectl does.
 *
 * kubectl turns YAML into JSON with sigs.k8s.io/yaml, which decodes with go-yaml v2: YAML 1.1 in spirit, with its own
 * rules. This schema follows those rules (go-yaml v2's `resolve`), not js-yaml's YAML 1.1 schema, where they differ:
 * - booleans: `y`, `yes`, `on`, `true` and `n`, `no`, `off`, `false` in lower, Capitalized and UPPER case;
 * - null: empty, `~`, `null`, `Null`, `NULL`;
 * - integers as Go's `strconv.ParseInt` with base 0 after removing `_`: `0777` and `0o777` are octal, `0x1F` hex,
 *   `0b101` binary, with an optional sign; sexagesimal `1:20` stays a string (go-yaml dropped base 60);
 * - floats `1.5`, `1e3`, `.5`, `.inf`, `-.Inf`, `.nan`; an out-of-range float such as `1e400` stays a string;
 * - timestamps stay strings (go-yaml keeps them as written when decoding into untyped data);
 * - `<<` merge keys are merged; duplicate keys are an error (kubectl's strict decoding refuses them too);
 * - tags kubectl does not know (`!foo`, `!!set`, `!!timestamp`) do not change the value; `!!binary` is decoded.
 * @internal
 */
import {
  defineMappingTag,
  defineScalarTag,
  defineSequenceTag,
  mapTag,
  mergeTag,
  NOT_RESOLVED,
  Schema,
  strTag,
} from 'js-yaml';

const NULLS: ReadonlySet<string> = new Set(['', '~', 'null', 'Null', 'NULL']);
const TRUES: ReadonlySet<string> = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
const FALSES: ReadonlySet<string> = new Set(['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);
const SPECIAL_FLOATS: ReadonlyMap<string, number> = new Map([
  ...['.nan', '.NaN', '.NAN'].map((s): [string, number] => [s, NaN]),
  ...['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].map((s): [string, number] => [s, Infinity]),
  ...['-.inf', '-.Inf', '-.INF'].map((s): [string, number] => [s, -Infinity]),
]);

/** Go's integer literal syntax for `strconv.ParseInt(s, 0, 64)` (underscores already removed). */
const GO_INT = /^([+-]?)(?:0[xX]([0-9a-fA-F]+)|0[oO]([0-7]+)|0[bB]([01]+)|0([0-7]+)|([1-9][0-9]*|0))$/;
/** go-yaml v2's `yamlStyleFloat`. */
const GO_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
/** What Go's `strconv.ParseFloat` accepts after a leading dot (go-yaml tries it for scalars that start with `.`). */
const GO_DOT_FLOAT = /^\.[0-9]+(?:[eE][-+]?[0-9]+)?$/;
const UINT64_MAX = (BigInt(1) << BigInt(64)) - BigInt(1);

function goInteger(plain: string): number | undefined {
  const m = GO_INT.exec(plain);
  if (!m) return undefined;
  const [, sign, hex, oct, bin, legacyOct, dec] = m;
  if (dec !== undefined) return Number(sign + dec);
  const digits = hex ?? oct ?? bin ?? legacyOct;
  const radix = hex !== undefined ? 16 : bin !== undefined ? 2 : 8;
  const value = parseInt(digits, radix);
  // Beyond 64 bits Go's ParseInt and ParseUint both fail, and only decimal forms are retried as floats.
  if (value > Number.MAX_SAFE_INTEGER && BigInt(`0${radix === 16 ? 'x' : radix === 2 ? 'b' : 'o'}${digits}`) > UINT64_MAX) return undefined;
  return sign === '-' ? -value : value;
}

/** A plain scalar's number as go-yaml v2 reads it, or `undefined` when go-yaml reads it as a string. */
function goNumber(source: string): number | undefined {
  const first = source.charAt(0);
  if (first === '.') return GO_DOT_FLOAT.test(source) ? Number(source) : undefined;
  const plain = source.includes('_') ? source.replace(/_/g, '') : source;
  const int = goInteger(plain);
  if (int !== undefined) return int;
  if (!GO_FLOAT.test(plain)) return undefined;
  const float = Number(plain);
  return Number.isFinite(float) ? float : undefined; // Go's ParseFloat reports a range error; go-yaml keeps the string
}

const nullTag = defineScalarTag<null>('tag:yaml.org,2002:null', {
  implicit: true,
  implicitFirstChars: ['', '~', 'n', 'N'],
  resolve: (source) => (NULLS.has(source) ? null : NOT_RESOLVED),
  identify: (data) => data === null,
});

const boolTag = defineScalarTag<boolean>('tag:yaml.org,2002:bool', {
  implicit: true,
  implicitFirstChars: [...'yYnNtTfFoO'],
  resolve: (source) => (TRUES.has(source) ? true : FALSES.has(source) ? false : NOT_RESOLVED),
  identify: (data) => typeof data === 'boolean',
});

function resolveNumber(source: string): number | typeof NOT_RESOLVED {
  const value = SPECIAL_FLOATS.get(source) ?? goNumber(source);
  return value === undefined ? NOT_RESOLVED : value;
}

/** go-yaml v2 tries to read a plain scalar as a number only when it starts with one of these. */
const NUMBER_FIRST_CHARS = '+-.0123456789';

/** Every implicit number (go-yaml's ints and floats are one JavaScript type); also `!!float`. */
const numberTag = defineScalarTag<number>('tag:yaml.org,2002:float', {
  implicit: true,
  implicitFirstChars: [...NUMBER_FIRST_CHARS],
  resolve: resolveNumber,
  identify: (data) => typeof data === 'number',
});

/** `!!int`, explicit only. */
const intTag = defineScalarTag<number>('tag:yaml.org,2002:int', {
  resolve: (source) => {
    const value = resolveNumber(source);
    return typeof value === 'number' && Number.isInteger(value) ? value : NOT_RESOLVED;
  },
  identify: () => false,
});

/** `!!binary`: go-yaml decodes the base64 text into a string. */
const binaryTag = defineScalarTag<string>('tag:yaml.org,2002:binary', {
  resolve: (source) => {
    const text = source.replace(/\s/g, '');
    return /^[A-Za-z0-9+/]*={0,2}$/.test(text) && text.length % 4 === 0 ? Buffer.from(text, 'base64').toString('utf8') : NOT_RESOLVED;
  },
  identify: () => false,
});

/**
 * Sequences as arrays of their exact length: an array filled by `push` keeps room for 17 elements or more, which
 * for the short lists of manifests is most of their memory at hundreds of thousands of objects.
 */
const sequenceTag = defineSequenceTag<unknown[]>('tag:yaml.org,2002:seq', {
  create: () => [],
  addItem: (items, item) => void items.push(item),
  finalize: (items) => items.slice(),
  identify: Array.isArray,
});

/** Any other tag (local `!foo`, or `!!timestamp`, `!!set`, `!!omap`): the node's value as if it had none. */
const anyScalarTag = defineScalarTag<string>('', { matchByTagPrefix: true, resolve: (source) => source, identify: () => false });
const anySequenceTag = defineSequenceTag<unknown[]>('', { ...sequenceTag, matchByTagPrefix: true, identify: () => false });
const anyMappingTag = defineMappingTag<Record<string, unknown>>('', { ...mapTag, matchByTagPrefix: true, identify: () => false });

/**
 * What kubectl reads a plain (unquoted) scalar as: null, a boolean, a number, or the string itself. For writers that
 * must quote what would not come back as a string.
 * @internal
 */
export function kubectlPlainScalar(source: string): string | number | boolean | null {
  if (NULLS.has(source)) return null;
  if (TRUES.has(source)) return true;
  if (FALSES.has(source)) return false;
  const number = source !== '' && NUMBER_FIRST_CHARS.includes(source.charAt(0)) ? resolveNumber(source) : NOT_RESOLVED;
  return number === NOT_RESOLVED ? source : number;
}

/**
 * Schema for js-yaml's loaders: what kubectl reads from a manifest (see this file's header).
 * @internal
 */
export const KUBECTL_SCHEMA: Schema = new Schema([
  strTag, sequenceTag, mapTag,
  nullTag, boolTag, numberTag, intTag,
  mergeTag, binaryTag,
  anyScalarTag, anySequenceTag, anyMappingTag,
]);
