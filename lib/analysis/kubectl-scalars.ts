// How kubectl reads a plain (unquoted) YAML scalar. kubectl turns YAML into JSON with sigs.k8s.io/yaml, which decodes
// with go-yaml v2 (its `resolve`); the rules are listed in kubectl-yaml.ts, the js-yaml schema of the loader built on
// them. Kept apart from it (and from js-yaml) for the YAML writer, which quotes what would not come back as a string.

/** Plain scalars kubectl reads as null. @internal */
export const NULLS: ReadonlySet<string> = new Set(['', '~', 'null', 'Null', 'NULL']);
/** Plain scalars kubectl reads as true. @internal */
export const TRUES: ReadonlySet<string> = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
/** Plain scalars kubectl reads as false. @internal */
export const FALSES: ReadonlySet<string> = new Set(['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);
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

/** go-yaml v2 tries to read a plain scalar as a number only when it starts with one of these. @internal */
export const NUMBER_FIRST_CHARS = '+-.0123456789';

/** A plain scalar's number as go-yaml v2 reads it (`.inf`, `.nan`, integers and floats), or `undefined`. @internal */
export function kubectlNumber(source: string): number | undefined {
  return SPECIAL_FLOATS.get(source) ?? goNumber(source);
}

/**
 * What kubectl reads a plain (unquoted) scalar as: null, a boolean, a number, or the string itself. For writers that
 * must quote what would not come back as a string.
 * @internal
 */
export function kubectlPlainScalar(source: string): string | number | boolean | null {
  if (NULLS.has(source)) return null;
  if (TRUES.has(source)) return true;
  if (FALSES.has(source)) return false;
  const number = source !== '' && NUMBER_FIRST_CHARS.includes(source.charAt(0)) ? kubectlNumber(source) : undefined;
  return number ?? source;
}
