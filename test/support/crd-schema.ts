/**
 * Test helper: validates custom resources (plain JSON manifests) against the openAPIV3Schema of their
 * CustomResourceDefinition, read from the compact schemas that `npm run import` derives from the CRD folders and
 * commits under crd-schemas/ (so the tests need no ../shared).
 *
 * Two sets: `'2.6'` is every CRD of ../shared/crds (OSSM 2.6 with Istio 1.20, OLM, Route, Kiali, Argo CD, Gateway API);
 * `'3'` is what an OSSM 3.4 cluster serves: ../shared/crds-ossm3 (sailoperator.io and the Istio 1.30 groups) plus the
 * groups of ../shared/crds that OSSM 3 does not replace (every one but maistra.io and the Istio groups).
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
import { splitApiVersion } from '../../lib/core/kube-object';

/** Folder with the compact schemas (one JSON file per CRD folder, written by `npm run import`). */
export const CRD_SCHEMAS_DIR = path.resolve(__dirname, '../../crd-schemas');

/** Which cluster's CRDs to validate against: OSSM 2.6 (the default) or OSSM 3. */
export type CrdSet = '2.6' | '3';

/** A Kubernetes manifest as produced by `chart.toJson()` (fields are unknown until checked). */
export interface KubeObject {
  readonly apiVersion?: unknown;
  readonly kind?: unknown;
  readonly metadata?: { readonly name?: unknown; readonly namespace?: unknown; readonly [k: string]: unknown };
  readonly [k: string]: unknown;
}

type Schema = { [keyword: string]: unknown };

/** One served group/version/kind of a compact schema file. */
interface CrdVersion {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** The CRD file it was derived from, relative to its CRD folder. */
  readonly file: string;
  readonly schema: Schema | null;
  compiled?: { readonly schema: Schema; readonly validate: ValidateFunction };
}

interface Registry {
  readonly description: string;
  /** key: `group/version|Kind`, every served version. */
  readonly byGvk: Map<string, CrdVersion>;
  /** key: `group|Kind` -> all served versions of that kind. */
  readonly byGroupKind: Map<string, CrdVersion[]>;
  readonly groups: Set<string>;
}

/** Groups of ../shared/crds that an OSSM 3 cluster does not have (maistra.io) or gets from crds-ossm3 instead. */
function replacedByOssm3(group: string, ossm3Groups: ReadonlySet<string>): boolean {
  return group === 'maistra.io' || ossm3Groups.has(group);
}

const isObject = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

const schemaFiles = new Map<string, CrdVersion[]>();

/** The entries of one compact schema file (read once). */
function readSchemaFile(name: string): CrdVersion[] {
  const cached = schemaFiles.get(name);
  if (cached) return cached;
  const file = path.join(CRD_SCHEMAS_DIR, name);
  const { kinds } = JSON.parse(fs.readFileSync(file, 'utf8')) as { kinds: Array<{ apiVersion: string; kind: string; file: string; schema: Schema | null }> };
  const entries = kinds.map(({ apiVersion, kind, file: source, schema }) => ({ ...splitApiVersion(apiVersion), kind, file: source, schema }));
  schemaFiles.set(name, entries);
  return entries;
}

const registries = new Map<CrdSet, Registry>();

/** Indexes a set's entries once; schemas are compiled lazily, on first use (and shared between the sets). */
function load(set: CrdSet): Registry {
  const cached = registries.get(set);
  if (cached) return cached;
  const ossm2 = readSchemaFile('crds.json');
  let entries = ossm2;
  let description = 'crd-schemas/crds.json (../shared/crds)';
  if (set === '3') {
    const ossm3 = readSchemaFile('crds-ossm3.json');
    const ossm3Groups = new Set(ossm3.map((e) => e.group));
    entries = [...ossm3, ...ossm2.filter((e) => !replacedByOssm3(e.group, ossm3Groups))];
    description = 'the OSSM 3 set (crd-schemas/crds-ossm3.json, and crds.json without maistra.io and the Istio groups)';
  }
  const registry: Registry = { description, byGvk: new Map(), byGroupKind: new Map(), groups: new Set() };
  for (const entry of entries) {
    registry.groups.add(entry.group);
    registry.byGvk.set(`${entry.group}/${entry.version}|${entry.kind}`, entry);
    const key = `${entry.group}|${entry.kind}`;
    registry.byGroupKind.set(key, [...(registry.byGroupKind.get(key) ?? []), entry]);
  }
  registries.set(set, registry);
  return registry;
}

const ajv = new Ajv({
  strict: false, // ignore x-kubernetes-* leftovers, `default`, etc.
  allErrors: true,
  allowUnionTypes: true,
  validateFormats: false, // int32, int64, byte, date-time, ...: not checked
  unicodeRegExp: false, // CRD patterns are Go RE2; some escapes are invalid in JS unicode mode
  verbose: true, // lets formatError() see the schema of a failed oneOf
});

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

function groupOf(obj: KubeObject): string {
  return splitApiVersion(obj.apiVersion).group;
}

/** Built into the Kubernetes API server: the core group, dot-less groups (apps, batch, ...), and *.k8s.io (unless a CRD group of the set). */
function isBuiltInGroup(group: string, set: CrdSet): boolean {
  if (load(set).groups.has(group)) return false;
  return group === '' || !group.includes('.') || group.endsWith('.k8s.io');
}

/** True when the object's API group is one defined by a CRD of the set (maistra.io, networking.istio.io, ...). */
export function isCustomResource(obj: KubeObject, set: CrdSet = '2.6'): boolean {
  return load(set).groups.has(groupOf(obj));
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
    entry.compiled = { schema, validate: ajv.compile(schema) };
  } catch (err) {
    throw new Error(`${entry.file}: cannot compile schema of ${entry.group}/${entry.version} ${entry.kind}: ${(err as Error).message}`);
  }
  return entry.compiled;
}

/**
 * Validates one custom resource against its CRD schema. Returns human-readable errors
 * (`<kind>/<namespace>/<name>: <path> <message>`), empty when valid. A custom resource whose
 * group/version/kind no CRD of the set serves yields an error too. Throws for built-in Kubernetes kinds
 * and for objects without apiVersion/kind.
 */
export function validateCustomResource(obj: KubeObject, set: CrdSet = '2.6'): string[] {
  if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') {
    throw new Error(`not a Kubernetes object (apiVersion/kind missing): ${JSON.stringify(obj).slice(0, 200)}`);
  }
  const { group, version } = splitApiVersion(obj.apiVersion);
  if (isBuiltInGroup(group, set)) throw new Error(`${label(obj)}: ${obj.apiVersion} ${obj.kind} is a built-in kind, not a custom resource`);
  const reg = load(set);
  const entry = reg.byGvk.get(`${group}/${version}|${obj.kind}`);
  if (!entry) {
    const known = reg.byGroupKind.get(`${group}|${obj.kind}`);
    const hint = !reg.groups.has(group) ? `no CRD of group ${group} in ${reg.description}`
      : !known ? `group ${group} has no kind ${obj.kind}`
      : `served versions of ${obj.kind}: ${known.map((v) => v.version).join(', ')}`;
    return [`${label(obj)}: unknown custom resource ${obj.apiVersion} ${obj.kind} (${hint})`];
  }
  const { schema, validate } = compiled(entry);
  const defaulted = structuredClone(obj); // never mutate the caller's object
  applyDefaults(defaulted, schema);
  if (validate(defaulted)) return [];
  return withoutBranchErrors(validate.errors ?? []).map((e) => `${label(obj)}: ${formatError(e)}`);
}

/** Every (apiVersion, kind) served by the CRDs of the set, e.g. to check that all their schemas compile. */
export function servedKinds(set: CrdSet = '2.6'): Array<{ apiVersion: string; kind: string }> {
  return [...load(set).byGvk.values()].map((e) => ({ apiVersion: `${e.group}/${e.version}`, kind: e.kind }));
}

/** Validates every custom resource in a list of manifests (e.g. `chart.toJson()`), skipping built-in kinds. */
export function validateAll(objects: readonly KubeObject[], set: CrdSet = '2.6'): string[] {
  return objects
    .filter((o) => typeof o.apiVersion === 'string' && !isBuiltInGroup(groupOf(o), set))
    .flatMap((o) => validateCustomResource(o, set));
}
