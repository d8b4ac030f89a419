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
import { FALSES, kubectlNumber, NULLS, NUMBER_FIRST_CHARS, TRUES } from './kubectl-scalars';

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
  return kubectlNumber(source) ?? NOT_RESOLVED;
}

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
 * Schema for js-yaml's loaders: what kubectl reads from a manifest (see this file's header).
 * @internal
 */
export const KUBECTL_SCHEMA: Schema = new Schema([
  strTag, sequenceTag, mapTag,
  nullTag, boolTag, numberTag, intTag,
  mergeTag, binaryTag,
  anyScalarTag, anySequenceTag, anyMappingTag,
]);
