/**
 * Test helper: validates custom resources (plain JSON manifests) against the openAPIV3Schema of their
 * CustomResourceDefinition, read from the compact schemas that `npm run import` derives from the CRD folders and
 * commits under crd-schemas/ (so the tests need no ../shared).
 *
 * Two sets: `'2.6'` is every CRD of ../shared/crds (OSSM 2.6 with Istio 1.20, OLM, Route, Kiali, Argo CD, Gateway API);
 * `'3'` is what an OSSM 3.4 cluster on OpenShift 4.19+ serves: ../shared/crds-ossm3 (sailoperator.io and the Istio 1.30
 * groups), the platform's Gateway API v1.2.1 (../shared/crds-platform/gateway-api-v1.2.1, standard channel), the
 * crds-platform sets monitoring/ and tracing/ (user-workload monitoring, Tempo, OpenTelemetry), plus the groups of
 * ../shared/crds that none of them replaces (every one but maistra.io, the Istio groups and Gateway API v1.0.0).
 *
 * Stricter than `kubectl apply` on purpose: the API server silently prunes unknown fields, so here an
 * unknown field is an error. The schemas are read as lib/core/structural-schema.ts reads them (Kubernetes vendor
 * extensions as plain JSON Schema, CEL rules of the "at most one of these fields" form as `not`; other CEL rules and
 * `format` are not checked) and schema defaults are applied to a copy before validating, as the API server does.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import { splitApiVersion } from '../../lib/core/kube-object';
import {
  applySchemaDefaults, describeAtMostOne, JsonSchema, STRUCTURAL_SCHEMA_AJV_OPTIONS, toStrictSchema, withoutBranchErrors,
} from '../../lib/core/structural-schema';

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

type Schema = JsonSchema;

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

/** Groups of ../shared/crds that an OSSM 3 cluster does not have (maistra.io) or gets from crds-ossm3 or the platform instead. */
function replacedByOssm3(group: string, ossm3Groups: ReadonlySet<string>): boolean {
  return group === 'maistra.io' || ossm3Groups.has(group);
}

const isObject = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

const schemaFiles = new Map<string, CrdVersion[]>();

/** The crds-platform sets an OSSM 3 cluster serves besides the mesh, as far as the library emits them. */
const PLATFORM_SCHEMA_FILES = ['crds-platform-gateway-api-v1.2.1.json', 'crds-platform-monitoring.json', 'crds-platform-tracing.json'];

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
    const ossm3 = [...readSchemaFile('crds-ossm3.json'), ...PLATFORM_SCHEMA_FILES.flatMap(readSchemaFile)];
    const ossm3Groups = new Set(ossm3.map((e) => e.group));
    entries = [...ossm3, ...ossm2.filter((e) => !replacedByOssm3(e.group, ossm3Groups))];
    description = `the OSSM 3 set (crd-schemas/crds-ossm3.json, ${PLATFORM_SCHEMA_FILES.join(', ')}, and crds.json without `
      + 'maistra.io, the Istio groups and Gateway API v1.0.0)';
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

// `code.source` lets ajv write a compiled validator as a module of its own (its "standalone code"), cached below.
const ajv = new Ajv({ ...STRUCTURAL_SCHEMA_AJV_OPTIONS, code: { source: true } });

/**
 * Compiled validators, one module per schema, named by a hash of the schema, ajv's version and options: compiling
 * the larger CRD schemas takes seconds each (Argo CD's ApplicationSet over ten), loading the compiled module a fraction
 * of one, and every test file (each in a module registry of its own) and every worker needs them again. Inside the
 * repository so that the modules find ajv's runtime helpers; build/ is not committed, and a changed schema gets a
 * new name.
 */
export const VALIDATOR_CACHE_DIR = path.resolve(__dirname, '../../build/.cache/crd-validators');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AJV_VERSION: string = require('ajv/package.json').version;

function cachedValidator(schema: Schema): ValidateFunction {
  const key = createHash('sha256').update(JSON.stringify([AJV_VERSION, STRUCTURAL_SCHEMA_AJV_OPTIONS, schema])).digest('hex').slice(0, 32);
  const file = path.join(VALIDATOR_CACHE_DIR, `${key}.js`);
  if (fs.existsSync(file)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(file) as ValidateFunction;
  }
  const validate = ajv.compile(schema);
  // written aside and renamed: parallel workers that compile the same schema never read half a module
  fs.mkdirSync(VALIDATOR_CACHE_DIR, { recursive: true });
  const partial = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(partial, standaloneCode(ajv, validate));
  fs.renameSync(partial, file);
  return validate;
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
    case 'not': {
      const fields = describeAtMostOne(e.schema);
      return fields ? `${at} may set at most one of the fields ${fields.join(', ')}` : `${at} ${e.message}`;
    }
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

/**
 * The schema without the `pattern`s JavaScript cannot read: CRD patterns are Go RE2, and a few use RE2-only syntax
 * such as the inline flag `(?i)` (prometheus-operator's PrometheusRule). Those are not checked, like `format`.
 */
function withoutGoOnlyPatterns(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutGoOnlyPatterns);
  if (!isObject(node)) return node;
  const out: Schema = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'pattern' && typeof v === 'string' && !compilesInJs(v)) continue;
    // `properties` keys and `enum`/`default` values are data, not schemas
    out[k] = k === 'enum' || k === 'default' || k === 'example' ? v
      : k === 'properties' && isObject(v) ? Object.fromEntries(Object.entries(v).map(([p, ps]) => [p, withoutGoOnlyPatterns(ps)]))
        : withoutGoOnlyPatterns(v);
  }
  return out;
}

function compilesInJs(pattern: string): boolean {
  try {
    new RegExp(pattern); // eslint-disable-line no-new
    return true;
  } catch {
    return false;
  }
}

function compiled(entry: CrdVersion): { readonly schema: Schema; readonly validate: ValidateFunction } {
  if (entry.compiled) return entry.compiled;
  if (!entry.schema) throw new Error(`${entry.file}: ${entry.group}/${entry.version} ${entry.kind} has no openAPIV3Schema`);
  const schema = toStrictSchema(withoutGoOnlyPatterns(entry.schema) as Schema, true);
  try {
    entry.compiled = { schema, validate: cachedValidator(schema) };
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
  applySchemaDefaults(defaulted, schema);
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
