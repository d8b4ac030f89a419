/**
 * Test helper: validates custom resources (plain JSON manifests) against the openAPIV3Schema of their
 * CustomResourceDefinition, as found in the read-only CRD copies under ../shared/crds.
 *
 * Stricter than `kubectl apply` on purpose: the API server silently prunes unknown fields, so here an
 * unknown field is an error. Kubernetes vendor extensions are translated to plain JSON Schema first
 * (preserve-unknown-fields, int-or-string, nullable, embedded-resource) and schema defaults are applied
 * to a copy before validating, as the API server does. CEL rules (x-kubernetes-validations) and `format`
 * are not checked.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';

/** Folder with the CRD YAML files (repo root is /work/main, so this is /work/shared/crds). */
export const CRD_DIR = path.resolve(__dirname, '../../../shared/crds');

/** A Kubernetes manifest as produced by `chart.toJson()` (fields are unknown until checked). */
export interface KubeObject {
  readonly apiVersion?: unknown;
  readonly kind?: unknown;
  readonly metadata?: { readonly name?: unknown; readonly namespace?: unknown; readonly [k: string]: unknown };
  readonly [k: string]: unknown;
}

type Schema = { [keyword: string]: unknown };

interface CrdVersion {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly file: string;
  readonly served: boolean;
  readonly schema?: Schema;
  compiled?: { readonly schema: Schema; readonly validate: ValidateFunction };
}

interface Registry {
  /** key: `group/version|Kind`, every version listed in a CRD (served or not). */
  readonly byGvk: Map<string, CrdVersion>;
  /** key: `group|Kind` -> all versions of that kind. */
  readonly byGroupKind: Map<string, CrdVersion[]>;
  readonly groups: Set<string>;
  readonly ajv: Ajv;
}

let registry: Registry | undefined;

const isObject = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return yamlFiles(p);
    return /\.ya?ml$/.test(e.name) ? [p] : [];
  }).sort();
}

/** Loads and indexes every CRD under CRD_DIR once; schemas are compiled lazily, on first use. */
function load(): Registry {
  if (registry) return registry;
  const byGvk = new Map<string, CrdVersion>();
  const byGroupKind = new Map<string, CrdVersion[]>();
  const groups = new Set<string>();
  for (const file of yamlFiles(CRD_DIR)) {
    for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0].message}`);
      const crd: unknown = doc.toJS();
      if (!isObject(crd) || crd.kind !== 'CustomResourceDefinition' || !isObject(crd.spec)) continue;
      const spec = crd.spec;
      const group = String(spec.group);
      const kind = String(isObject(spec.names) ? spec.names.kind : '');
      // apiextensions.k8s.io/v1beta1 CRDs may have one top-level schema (and a single spec.version).
      const legacySchema = isObject(spec.validation) ? spec.validation.openAPIV3Schema : undefined;
      const versions: unknown[] = Array.isArray(spec.versions) ? spec.versions : [{ name: spec.version, served: true }];
      groups.add(group);
      for (const v of versions) {
        if (!isObject(v)) continue;
        const schema = (isObject(v.schema) ? v.schema.openAPIV3Schema : undefined) ?? legacySchema;
        const entry: CrdVersion = {
          group, version: String(v.name), kind, file: path.relative(CRD_DIR, file),
          served: v.served !== false, schema: isObject(schema) ? schema : undefined,
        };
        byGvk.set(`${group}/${entry.version}|${kind}`, entry);
        byGroupKind.set(`${group}|${kind}`, [...(byGroupKind.get(`${group}|${kind}`) ?? []), entry]);
      }
    }
  }
  const ajv = new Ajv({
    strict: false, // ignore x-kubernetes-* leftovers, `default`, etc.
    allErrors: true,
    allowUnionTypes: true,
    validateFormats: false, // int32, int64, byte, date-time, ...: not checked
    unicodeRegExp: false, // CRD patterns are Go RE2; some escapes are invalid in JS unicode mode
    verbose: true, // lets formatError() see the schema of a failed oneOf
  });
  registry = { byGvk, byGroupKind, groups, ajv };
  return registry;
}

const INT_OR_STRING_ANYOF = JSON.stringify([{ type: 'integer' }, { type: 'string' }]);
const EMBEDDED_RESOURCE_FIELDS: Schema = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' } };

/** Drops descriptions and Kubernetes extensions everywhere (used for anyOf/oneOf/allOf/not branches as-is). */
function stripExtensions(s: unknown): unknown {
  if (Array.isArray(s)) return s.map(stripExtensions);
  if (!isObject(s)) return s;
  const out: Schema = {};
  for (const [k, v] of Object.entries(s)) {
    if (k.startsWith('x-kubernetes-') || k === 'description' || k === 'nullable' || v === null) continue;
    // `properties` and `enum`/`default` values are data, not schemas with keywords: keep their keys.
    if (k === 'enum' || k === 'default' || k === 'example') out[k] = v;
    else if (k === 'properties' && isObject(v)) out[k] = Object.fromEntries(Object.entries(v).map(([p, ps]) => [p, stripExtensions(ps)]));
    else out[k] = stripExtensions(v);
  }
  return out;
}

/**
 * Turns a structural CRD schema node into a strict JSON Schema node: objects reject fields the API server
 * would prune, Kubernetes extensions become plain JSON Schema. Only the structural skeleton
 * (properties/items/additionalProperties) is tightened; logical junctors are copied unchanged, since
 * adding `additionalProperties: false` inside `not`/`anyOf` would change their meaning.
 */
function toStrictSchema(s: Schema, isRoot = false): Schema {
  const out: Schema = {};
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
  if (isRoot || s['x-kubernetes-embedded-resource'] === true) {
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
  return out;
}

/**
 * Applies schema defaults the way the API server does before validating: to absent fields of the structural
 * schema (properties/items/additionalProperties), never from inside anyOf/oneOf/allOf/not. Some value
 * validations depend on it, e.g. Route's spec anyOf needs the defaulted `wildcardPolicy: None`.
 */
function applyDefaults(value: unknown, schema: Schema): void {
  if (Array.isArray(value)) {
    if (isObject(schema.items)) for (const item of value) applyDefaults(item, schema.items);
    return;
  }
  if (!isObject(value)) return;
  if (isObject(schema.properties)) {
    for (const [name, sub] of Object.entries(schema.properties)) {
      if (!isObject(sub)) continue;
      if (value[name] === undefined && sub.default !== undefined) value[name] = structuredClone(sub.default);
      applyDefaults(value[name], sub);
    }
  }
  if (isObject(schema.additionalProperties)) {
    for (const [name, v] of Object.entries(value)) {
      if (!isObject(schema.properties) || !(name in schema.properties)) applyDefaults(v, schema.additionalProperties);
    }
  }
}

function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

function groupOf(obj: KubeObject): string {
  return typeof obj.apiVersion === 'string' ? parseApiVersion(obj.apiVersion).group : '';
}

/** Built into the Kubernetes API server: the core group, dot-less groups (apps, batch, ...), and *.k8s.io (unless a loaded CRD group). */
function isBuiltInGroup(group: string): boolean {
  if (load().groups.has(group)) return false;
  return group === '' || !group.includes('.') || group.endsWith('.k8s.io');
}

/** True when the object's API group is one defined by a loaded CRD (maistra.io, networking.istio.io, ...). */
export function isCustomResource(obj: KubeObject): boolean {
  return load().groups.has(groupOf(obj));
}

function label(obj: KubeObject): string {
  const md = isObject(obj.metadata) ? obj.metadata : {};
  const ns = typeof md.namespace === 'string' ? md.namespace : '-';
  const name = typeof md.name === 'string' ? md.name : '<no name>';
  return `${String(obj.kind)}/${ns}/${name}`;
}

function formatError(e: ErrorObject): string {
  const at = e.instancePath || '/';
  switch (e.keyword) {
    case 'additionalProperties':
      return `${at} has unknown field "${String(e.params.additionalProperty)}" (the API server would prune it)`;
    case 'enum':
      return `${at} must be one of ${JSON.stringify(e.params.allowedValues)}, got ${JSON.stringify(e.data)}`;
    case 'oneOf': {
      // Istio marks mutually exclusive fields as oneOf [not anyOf required..., required [a], required [b]].
      const branches: unknown[] = Array.isArray(e.schema) ? e.schema : [];
      const fields = branches.flatMap((b) => (isObject(b) && Array.isArray(b.required) ? b.required.map(String) : []));
      return fields.length > 0 ? `${at} may set only one of the mutually exclusive fields ${fields.join(', ')}` : `${at} ${e.message}`;
    }
    default:
      return `${at} ${e.message ?? e.keyword}`;
  }
}

/** Hides the per-branch errors of a failed anyOf/oneOf/not, keeping the summary error. */
function withoutBranchErrors(errors: ErrorObject[]): ErrorObject[] {
  const parents = errors.filter((e) => /\/(anyOf|oneOf|not)$/.test(e.schemaPath));
  return errors.filter((e) => !parents.some((p) => p !== e && e.schemaPath.startsWith(`${p.schemaPath}/`) && e.instancePath.startsWith(p.instancePath)));
}

function compiled(entry: CrdVersion): { readonly schema: Schema; readonly validate: ValidateFunction } {
  if (entry.compiled) return entry.compiled;
  if (!entry.schema) throw new Error(`${entry.file}: ${entry.group}/${entry.version} ${entry.kind} has no openAPIV3Schema`);
  const schema = toStrictSchema(entry.schema, true);
  try {
    entry.compiled = { schema, validate: load().ajv.compile(schema) };
  } catch (err) {
    throw new Error(`${entry.file}: cannot compile schema of ${entry.group}/${entry.version} ${entry.kind}: ${(err as Error).message}`);
  }
  return entry.compiled;
}

/**
 * Validates one custom resource against its CRD schema. Returns human-readable errors
 * (`<kind>/<namespace>/<name>: <path> <message>`), empty when valid. A custom resource whose
 * group/version/kind no loaded CRD serves yields an error too. Throws for built-in Kubernetes kinds
 * and for objects without apiVersion/kind.
 */
export function validateCustomResource(obj: KubeObject): string[] {
  if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') {
    throw new Error(`not a Kubernetes object (apiVersion/kind missing): ${JSON.stringify(obj).slice(0, 200)}`);
  }
  const { group, version } = parseApiVersion(obj.apiVersion);
  if (isBuiltInGroup(group)) throw new Error(`${label(obj)}: ${obj.apiVersion} ${obj.kind} is a built-in kind, not a custom resource`);
  const reg = load();
  const entry = reg.byGvk.get(`${group}/${version}|${obj.kind}`);
  if (!entry || !entry.served) {
    const known = reg.byGroupKind.get(`${group}|${obj.kind}`);
    const hint = !reg.groups.has(group) ? `no CRD of group ${group} in ${CRD_DIR}`
      : !known ? `group ${group} has no kind ${obj.kind}`
      : `served versions of ${obj.kind}: ${known.filter((v) => v.served).map((v) => v.version).join(', ')}`;
    return [`${label(obj)}: unknown custom resource ${obj.apiVersion} ${obj.kind} (${hint})`];
  }
  const { schema, validate } = compiled(entry);
  const defaulted = structuredClone(obj); // never mutate the caller's object
  applyDefaults(defaulted, schema);
  if (validate(defaulted)) return [];
  return withoutBranchErrors(validate.errors ?? []).map((e) => `${label(obj)}: ${formatError(e)}`);
}

/** Every (apiVersion, kind) served by the loaded CRDs, e.g. to check that all their schemas compile. */
export function servedKinds(): Array<{ apiVersion: string; kind: string }> {
  return [...load().byGvk.values()].filter((e) => e.served).map((e) => ({ apiVersion: `${e.group}/${e.version}`, kind: e.kind }));
}

/** Validates every custom resource in a list of manifests (e.g. `chart.toJson()`), skipping built-in kinds. */
export function validateAll(objects: readonly KubeObject[]): string[] {
  return objects
    .filter((o) => typeof o.apiVersion === 'string' && !isBuiltInGroup(groupOf(o)))
    .flatMap((o) => validateCustomResource(o));
}
