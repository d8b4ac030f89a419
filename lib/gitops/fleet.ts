import { readFileSync, statSync } from 'node:fs';
import { IConstruct } from 'constructs';
import type * as yamlPackage from 'yaml';
import { lazyModule } from '../core/lazy-module';
import { OssmVersion } from '../core/mesh-control-plane';
import { RESERVED_MAP_KEYS } from '../core/safe-map';
import { invalidInput, requireArray, requireDnsLabel, requireDnsSubdomain, requireObject, requireOneOf, ValidationScope } from '../core/validation';

/** The YAML parser, loaded when a fleet file is read. */
const yaml = lazyModule(() => require('yaml') as typeof yamlPackage);

/** One cluster of a {@link Fleet}. */
export interface FleetCluster {
  /**
   * The cluster's name: a DNS label. It names the cluster's folder (`clusters/<name>/`) and the cluster in Argo CD
   * (`argocd cluster add <context> --name <name>`; `in-cluster` is the one Argo CD runs in).
   */
  readonly name: string;
  /** The cluster's base domain, what `oc get dns cluster -o jsonpath='{.spec.baseDomain}'` prints. */
  readonly baseDomain: string;
  /** The OpenShift Service Mesh version the cluster runs. @default - the fleet's shared setting */
  readonly ossmVersion?: OssmVersion;
  /** The step the cluster's step Application deploys. @default - the fleet's shared step */
  readonly step?: string;
}

/** Many clusters, each with its own base domain, mesh version and chosen step: one output tree per cluster. */
export interface Fleet {
  /** The clusters; at least one, names unique. */
  readonly clusters: readonly FleetCluster[];
}

/** Options of {@link requireFleet}, {@link fleetFromYaml} and {@link readFleetFile}: what a fleet is checked against. */
export interface FleetValidationOptions {
  /** The steps a cluster may choose. @default - any DNS label */
  readonly steps?: readonly string[];
}

/**
 * Options of {@link requireFleet}.
 * @deprecated Use {@link FleetValidationOptions}, the same options under the `*Options` name every other function's
 * options have.
 */
export type FleetRules = FleetValidationOptions;

const CLUSTER_KEYS = ['name', 'baseDomain', 'ossmVersion', 'step'];
const FLEET_KEYS = ['clusters'];
const OSSM_VERSIONS = Object.values(OssmVersion) as string[];
/** A fleet file larger than this is refused before it is parsed. */
const MAX_FLEET_FILE_BYTES = 4 * 1024 * 1024;

/**
 * Checks a fleet and returns it as plain data with only the known fields: every cluster has a DNS-label name (unique),
 * a base domain that is a DNS subdomain, an OSSM version of {@link OssmVersion} (YAML's numbers 2.6 and 3 count) and a
 * step that is a DNS label (one of `rules.steps`, when given). Unknown fields are refused, so a misspelt
 * `baseDomian` is never ignored. Throws a {@link ValidationError} naming `scope` (the file, or your entry point),
 * the field (`clusters[2].baseDomain`), the value and what is allowed.
 */
export function requireFleet(scope: IConstruct | string, fleet: Fleet, rules: FleetValidationOptions = {}): Fleet {
  requireKnownKeys(scope, 'fleet', requireObject(scope, 'fleet', fleet), FLEET_KEYS);
  const clusters = requireArray(scope, 'clusters', fleet.clusters);
  if (clusters.length === 0) throw invalidInput(scope, 'clusters', clusters, 'Allowed: a list of at least one cluster, e.g. [{ name: "east", baseDomain: "east.example.com" }].');
  const names = new Set<string>();
  return {
    clusters: clusters.map((cluster, i) => {
      const at = `clusters[${i}]`;
      requireKnownKeys(scope, at, requireObject(scope, at, cluster), CLUSTER_KEYS);
      const name = requireDnsLabel(scope, `${at}.name`, cluster.name);
      if (names.has(name)) throw invalidInput(scope, `${at}.name`, name, 'Allowed: a name no other cluster of the fleet has.');
      names.add(name);
      const baseDomain = requireDnsSubdomain(scope, `${at}.baseDomain`, cluster.baseDomain);
      const version = cluster.ossmVersion;
      const ossmVersion = version === undefined ? undefined : requireOneOf(scope, `${at}.ossmVersion`,
        (typeof version === 'number' && OSSM_VERSIONS.includes(String(version)) ? String(version) : version) as OssmVersion, Object.values(OssmVersion));
      const step = cluster.step === undefined ? undefined
        : rules.steps === undefined ? requireDnsLabel(scope, `${at}.step`, cluster.step) : requireOneOf(scope, `${at}.step`, cluster.step, rules.steps);
      return { name, baseDomain, ...(ossmVersion && { ossmVersion }), ...(step && { step }) };
    }),
  };
}

/**
 * Reads a fleet from YAML (`clusters: [{name, baseDomain, ossmVersion?, step?}]`) and checks it like
 * {@link requireFleet}; `source` names the file in messages. Duplicate keys, several documents and YAML errors are
 * refused too.
 */
export function fleetFromYaml(text: string, source: string, rules: FleetValidationOptions = {}): Fleet {
  const allowed = 'Allowed: one YAML document of the form "clusters: [{name, baseDomain, ossmVersion?, step?}]".';
  if (typeof text !== 'string') throw invalidInput(source, 'content', text, allowed);
  const docs = yaml().parseAllDocuments(text, { uniqueKeys: true, prettyErrors: false });
  if (!Array.isArray(docs)) throw invalidInput(source, 'content', 'an empty stream', allowed);
  if (docs.length !== 1) throw invalidInput(source, 'content', `${docs.length} YAML documents`, allowed);
  const error = docs[0].errors[0];
  if (error) throw invalidInput(source, 'YAML', error.message.split('\n')[0], allowed);
  const fleet = docs[0].toJS({ maxAliasCount: 100 });
  if (fleet === null || typeof fleet !== 'object' || Array.isArray(fleet)) throw invalidInput(source, 'content', fleet, allowed);
  return requireFleet(source, fleet as Fleet, rules);
}

/** Reads and checks a fleet file (see {@link fleetFromYaml}); messages name the file as given. At most 4 MiB. */
export function readFleetFile(path: string, rules: FleetValidationOptions = {}): Fleet {
  let text: string;
  try {
    if (statSync(path).size > MAX_FLEET_FILE_BYTES) throw new Error(`larger than ${MAX_FLEET_FILE_BYTES} bytes`);
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`The fleet file ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Give the path of a YAML file with "clusters: [{name, baseDomain, ossmVersion?, step?}]".`);
  }
  return fleetFromYaml(text, path, rules);
}

function requireKnownKeys(scope: ValidationScope, what: string, value: object, known: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key) || RESERVED_MAP_KEYS.includes(key)) {
      throw invalidInput(scope, `${what} field`, key, `Allowed: ${known.map((k) => `"${k}"`).join(', ')}.`);
    }
  }
}
