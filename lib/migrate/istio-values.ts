import type * as ajvModule from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type * as istioSchemaModule from '../../imports/ossm3-istio-spec-schema';
import { lazyModule } from '../core/lazy-module';
import { applySchemaDefaults, describeAtMostOne, STRUCTURAL_SCHEMA_AJV_OPTIONS, toStrictSchema, withoutBranchErrors } from '../core/structural-schema';
import { formatValue, isSecretName } from '../core/validation';

type Json = Record<string, unknown>;

/** Problems named in one reason at most; the rest are counted. */
const MAX_PROBLEMS_SHOWN = 3;

/**
 * The schema of the OSSM 3 `Istio` resource's `spec.values`, compiled on first use: the schema module and ajv cost
 * a migration a few hundred milliseconds, and nothing else of the library needs them.
 */
const valuesSchema = lazyModule((): ValidateFunction => {
  const { ISTIO_SPEC_SCHEMA } = require('../../imports/ossm3-istio-spec-schema') as typeof istioSchemaModule;
  const Ajv = (require('ajv') as typeof ajvModule).default;
  const values = (ISTIO_SPEC_SCHEMA.properties as Json).values as Json;
  return new Ajv(STRUCTURAL_SCHEMA_AJV_OPTIONS).compile(toStrictSchema(values));
});

/**
 * The `spec.values` of one OSSM 3 `Istio` resource, built one value at a time: a value is set only when the values
 * with it still pass the Istio CRD's schema (types, enums, patterns, required and unknown fields, the "at most one
 * of" rules), so that what is written is what the API server accepts; else the reason is returned, in plain words.
 * @internal
 */
export class IstioValues {
  private readonly tree: Json = {};

  /** The value at `dotted` (a path under `spec.values`), if set. */
  public get(dotted: string): unknown {
    return dotted.split('.').reduce<unknown>((node, key) => (isJson(node) && Object.prototype.hasOwnProperty.call(node, key) ? node[key] : undefined), this.tree);
  }

  /**
   * Sets `value` at `dotted` (a path under `spec.values`) when the Istio resource accepts the values with it, and
   * returns undefined; else leaves the values as they were and returns why, e.g.
   * `spec.values.meshConfig.accessLogEncoding must be one of "TEXT", "JSON", not "XML"` (values under a key that
   * names a secret shown as `***`).
   */
  public set(dotted: string, value: unknown): string | undefined {
    let candidate: Json;
    try {
      candidate = structuredClone(this.tree);
      setPath(candidate, dotted, structuredClone(value));
    } catch {
      return `spec.values.${dotted}: ${formatValue(value)} is not plain data (YAML or JSON).`;
    }
    const problems = schemaProblems(candidate);
    if (problems.length > 0) {
      const more = problems.length > MAX_PROBLEMS_SHOWN ? `, and ${problems.length - MAX_PROBLEMS_SHOWN} more` : '';
      return `${problems.slice(0, MAX_PROBLEMS_SHOWN).join('; ')}${more}.`;
    }
    setPath(this.tree, dotted, value);
    return undefined;
  }

  /** The values set so far, or undefined when none is. */
  public toJson(): Json | undefined {
    return Object.keys(this.tree).length > 0 ? this.tree : undefined;
  }
}

const isJson = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function setPath(target: Json, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = Object.prototype.hasOwnProperty.call(node, key) ? node[key] : undefined;
    node = (isJson(next) ? next : (node[key] = {})) as Json;
  }
  node[keys[keys.length - 1]] = value;
}

/** What the schema refuses in `values` (with the API server's defaults applied to a copy first), in plain words. */
function schemaProblems(values: Json): string[] {
  const validate = valuesSchema();
  applySchemaDefaults(values, validate.schema as Json);
  if (validate(values)) return [];
  return withoutBranchErrors(validate.errors ?? []).map(describe);
}

/** A failed schema keyword in plain words: which field, which value (never a secret's), what the field allows. */
function describe(e: ErrorObject): string {
  const keys = e.instancePath.split('/').slice(1).map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
  const where = `spec.values${keys.map((k) => (/^\d+$/.test(k) ? `[${k}]` : /^[A-Za-z_][A-Za-z0-9_-]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`)).join('')}`;
  const shown = keys.some(isSecretName) ? '***' : formatValue(e.data);
  switch (e.keyword) {
    case 'type':
      return `${where} must be ${[e.params.type].flat().join(' or ')}, not ${shown}`;
    case 'enum':
      return `${where} must be one of ${(e.params.allowedValues as unknown[]).map(formatValue).join(', ')}, not ${shown}`;
    case 'additionalProperties':
      return `${where} has no field ${formatValue(e.params.additionalProperty)} in OSSM 3 (the API server would drop it)`;
    case 'required':
      return `${where} needs the field ${formatValue(e.params.missingProperty)}`;
    case 'pattern':
      return `${where} must match the pattern ${e.params.pattern}, which ${shown} does not`;
    case 'not': {
      const fields = describeAtMostOne(e.schema);
      if (fields) return `${where} may set at most one of the fields ${fields.join(', ')}`;
      break;
    }
    default:
      break;
  }
  return `${where} ${e.message ?? `fails the schema keyword ${e.keyword}`}, not ${shown}`;
}
