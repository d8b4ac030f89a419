/**
 * A CustomResourceDefinition's structural schema (openAPIV3Schema, or a part of it) as the plain JSON Schema that
 * `ajv` checks, with the API server's view of it: unknown fields are errors (the API server would prune them),
 * Kubernetes vendor extensions become plain JSON Schema (preserve-unknown-fields, int-or-string, nullable,
 * embedded-resource), and CEL rules of the form `(has(self.a)?1:0) + (has(self.b)?1:0) <= 1` (at most one of
 * these fields, the form Istio's CRDs use) become a `not`. Other CEL rules and `format` are not checked.
 *
 * Used by `cdk8s-ossm migrate` before it writes a value into an `Istio` resource, and by the tests' validator.
 * @internal
 */

import type { ErrorObject, Options } from 'ajv';

/** A JSON Schema node. @internal */
export type JsonSchema = { [keyword: string]: unknown };

/**
 * The `ajv` options for schemas made by {@link toStrictSchema}. @internal
 */
export const STRUCTURAL_SCHEMA_AJV_OPTIONS: Options = {
  strict: false, // ignore x-kubernetes-* leftovers, `default`, etc.
  allErrors: true,
  allowUnionTypes: true,
  validateFormats: false, // int32, int64, byte, date-time, ...: not checked
  unicodeRegExp: false, // CRD patterns are Go RE2; some escapes are invalid in JS unicode mode
  verbose: true, // lets messages see the schema and the value of a failed keyword
};

const isObject = (v: unknown): v is JsonSchema => typeof v === 'object' && v !== null && !Array.isArray(v);

const INT_OR_STRING_ANYOF = JSON.stringify([{ type: 'integer' }, { type: 'string' }]);
const EMBEDDED_RESOURCE_FIELDS: JsonSchema = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' } };
const AT_MOST_ONE_TERM = /\(has\(self\.([A-Za-z_][A-Za-z0-9_]*)\)\s*\?\s*1\s*:\s*0\)/g;
const AT_MOST_ONE_RULE = /^\s*\(has\(self\.[A-Za-z_][A-Za-z0-9_]*\)\s*\?\s*1\s*:\s*0\)(\s*\+\s*\(has\(self\.[A-Za-z_][A-Za-z0-9_]*\)\s*\?\s*1\s*:\s*0\))*\s*<=\s*1\s*$/;

/** Drops descriptions and Kubernetes extensions everywhere (used for anyOf/oneOf/allOf/not branches as-is). */
function stripExtensions(s: unknown): unknown {
  if (Array.isArray(s)) return s.map(stripExtensions);
  if (!isObject(s)) return s;
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(s)) {
    if (k.startsWith('x-kubernetes-') || k === 'description' || k === 'nullable' || v === null) continue;
    // `properties` and `enum`/`default` values are data, not schemas with keywords: keep their keys.
    if (k === 'enum' || k === 'default' || k === 'example') out[k] = v;
    else if (k === 'properties' && isObject(v)) out[k] = Object.fromEntries(Object.entries(v).map(([p, ps]) => [p, stripExtensions(ps)]));
    else out[k] = stripExtensions(v);
  }
  return out;
}

/** The fields of a CEL rule that allows at most one of them, or undefined for any other rule. */
function atMostOneOf(rule: unknown): string[] | undefined {
  if (typeof rule !== 'string' || !AT_MOST_ONE_RULE.test(rule)) return undefined;
  return [...rule.matchAll(AT_MOST_ONE_TERM)].map((m) => m[1]);
}

/**
 * The schema that fails when two of `fields` are set: `anyOf` of every pair as `required`. With `not` around it,
 * "at most one of `fields`". {@link describeAtMostOne} reads it back.
 */
function anyPairOf(fields: readonly string[]): JsonSchema {
  return { anyOf: fields.flatMap((a, i) => fields.slice(i + 1).map((b) => ({ required: [a, b] }))) };
}

/**
 * The fields of a failed `not` that {@link toStrictSchema} made from an at-most-one CEL rule (`schema` is the
 * `not`'s subschema), or undefined for another `not`. @internal
 */
export function describeAtMostOne(schema: unknown): string[] | undefined {
  if (!isObject(schema) || !Array.isArray(schema.anyOf) || Object.keys(schema).length !== 1) return undefined;
  const pairs = schema.anyOf.map((b) => (isObject(b) && Array.isArray(b.required) && b.required.length === 2 && Object.keys(b).length === 1 ? b.required as string[] : undefined));
  if (pairs.length === 0 || pairs.some((p) => p === undefined)) return undefined;
  return [...new Set(pairs.flatMap((p) => p!))];
}

/**
 * Turns a structural CRD schema node into a strict JSON Schema node: objects reject fields the API server
 * would prune, Kubernetes extensions become plain JSON Schema. Only the structural skeleton
 * (properties/items/additionalProperties) is tightened; logical junctors are copied unchanged, since
 * adding `additionalProperties: false` inside `not`/`anyOf` would change their meaning.
 * @param isResource - the node is a whole custom resource (its root schema): it has apiVersion, kind and metadata
 * @internal
 */
export function toStrictSchema(s: JsonSchema, isResource = false): JsonSchema {
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(s)) {
    // A null keyword counts as absent (routes.crd.yaml has `anyOf: null` on targetPort).
    if (k.startsWith('x-kubernetes-') || k === 'description' || k === 'nullable' || v === null) continue;
    if (k === 'properties' && isObject(v)) {
      out.properties = Object.fromEntries(Object.entries(v).map(([p, ps]) => [p, isObject(ps) ? toStrictSchema(ps) : ps]));
    } else if ((k === 'items' || k === 'additionalProperties') && isObject(v)) {
      out[k] = toStrictSchema(v);
    } else if (k === 'anyOf' || k === 'oneOf' || k === 'allOf' || k === 'not') {
      out[k] = stripExtensions(v);
    } else {
      out[k] = v;
    }
  }
  if (s['x-kubernetes-int-or-string'] === true) {
    out.type = ['integer', 'string'];
    if (JSON.stringify(out.anyOf) === INT_OR_STRING_ANYOF) delete out.anyOf;
  }
  if (isResource || s['x-kubernetes-embedded-resource'] === true) {
    out.type = 'object';
    out.properties = { ...(isObject(out.properties) ? out.properties : {}), ...EMBEDDED_RESOURCE_FIELDS };
  }
  const isObjectNode = out.type === 'object' || out.properties !== undefined;
  if (isObjectNode && out.additionalProperties === undefined && s['x-kubernetes-preserve-unknown-fields'] !== true) {
    // Also for `type: object` without properties: the API server prunes every field of such an object.
    out.additionalProperties = false;
  }
  if (s.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else if (Array.isArray(out.type)) out.type = [...out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }
  const atMostOne = (Array.isArray(s['x-kubernetes-validations']) ? s['x-kubernetes-validations'] : [])
    .map((v) => atMostOneOf(isObject(v) ? v.rule : undefined)).filter((f): f is string[] => f !== undefined && f.length > 1);
  if (atMostOne.length > 0) {
    out.allOf = [...(Array.isArray(out.allOf) ? out.allOf : []), ...atMostOne.map((fields) => ({ not: anyPairOf(fields) }))];
  }
  return out;
}

/**
 * Applies schema defaults the way the API server does before validating: to absent fields of the structural
 * schema (properties/items/additionalProperties), never from inside anyOf/oneOf/allOf/not. Some value
 * validations depend on it, e.g. Route's spec anyOf needs the defaulted `wildcardPolicy: None`. Changes `value`.
 * @internal
 */
export function applySchemaDefaults(value: unknown, schema: JsonSchema): void {
  if (Array.isArray(value)) {
    if (isObject(schema.items)) for (const item of value) applySchemaDefaults(item, schema.items);
    return;
  }
  if (!isObject(value)) return;
  if (isObject(schema.properties)) {
    for (const [name, sub] of Object.entries(schema.properties)) {
      if (!isObject(sub)) continue;
      if (value[name] === undefined && sub.default !== undefined) value[name] = structuredClone(sub.default);
      applySchemaDefaults(value[name], sub);
    }
  }
  if (isObject(schema.additionalProperties)) {
    for (const [name, v] of Object.entries(value)) {
      if (!isObject(schema.properties) || !(name in schema.properties)) applySchemaDefaults(v, schema.additionalProperties);
    }
  }
}

/** Hides the per-branch errors of a failed anyOf/oneOf/not, keeping the summary error. @internal */
export function withoutBranchErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const parents = errors.filter((e) => /\/(anyOf|oneOf|not)$/.test(e.schemaPath));
  return errors.filter((e) => !parents.some((p) => p !== e && e.schemaPath.startsWith(`${p.schemaPath}/`) && e.instancePath.startsWith(p.instancePath)));
}
