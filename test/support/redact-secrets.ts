/**
 * Jest snapshot serializer: Secret values never reach a snapshot file. A Secret object (or a YAML text holding
 * Secret documents) is written with every value of `data` and `stringData` as `***`, keys kept.
 */
import { parseAllDocuments } from 'yaml';

type Json = Record<string, any>;
const REDACTED = '***';

const isSecret = (v: unknown): v is Json => typeof v === 'object' && v !== null && (v as Json).kind === 'Secret'
  && ['data', 'stringData'].some((f) => typeof (v as Json)[f] === 'object' && Object.values((v as Json)[f] ?? {}).some((x) => x !== REDACTED));

const redactedSecret = (secret: Json): Json => {
  const out: Json = { ...secret };
  for (const f of ['data', 'stringData']) {
    if (out[f]) out[f] = Object.fromEntries(Object.keys(out[f]).map((k) => [k, REDACTED]));
  }
  return out;
};

const holdsSecretYaml = (v: unknown): v is string => typeof v === 'string' && /^kind: Secret$/m.test(v)
  && parseAllDocuments(v).some((d) => isSecret(d.toJS()));

function redactYaml(text: string): string {
  return parseAllDocuments(text).map((doc) => {
    const obj = doc.toJS();
    if (!isSecret(obj)) return String(doc);
    for (const f of ['data', 'stringData']) {
      for (const key of Object.keys(obj[f] ?? {})) doc.setIn([f, key], REDACTED);
    }
    return String(doc);
  }).join('');
}

export function test(value: unknown): boolean {
  return isSecret(value) || holdsSecretYaml(value);
}

export function serialize(value: unknown, config: unknown, indentation: string, depth: number, refs: unknown, printer: Function): string {
  return printer(typeof value === 'string' ? redactYaml(value) : redactedSecret(value as Json), config, indentation, depth, refs);
}
