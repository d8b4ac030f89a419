#!/usr/bin/env node
// Regenerates, from the CRD files in ../shared/crds, ../shared/crds-ossm3 and the sets of ../shared/crds-platform that the
// library emits (gateway-api-v1.2.1/, monitoring/, tracing/; see ../shared/crds/PROVENANCE.md):
//   imports/       typed constructs, one module per API group, by `cdk8s import`
//   crd-schemas/   the compact schemas the tests validate custom resources against (one file per CRD folder)
//   imports/ossm3-istio-spec-schema.ts   the `spec` schema of the OSSM 3 `Istio` resource (compact, as in crd-schemas/),
//                  which `cdk8s-ossm migrate` checks each value against before it writes it (shipped with the package)
// The CRD files themselves are never copied into this repository; where a file must be changed before import, the
// changed copy lives in a temporary folder only.
//
//   node scripts/import-crds.mjs                  regenerate both (npm run import)
//   node scripts/import-crds.mjs --check          regenerate into a temporary folder and compare with the committed
//                                                 files; exit 1 and name the stale files when they differ
//   node scripts/import-crds.mjs --check --schemas-only   the same for the schemas alone (crd-schemas/ and
//                                                 imports/ossm3-istio-spec-schema.ts; no cdk8s import)
//
// OSSM_CRDS_DIR, OSSM3_CRDS_DIR and PLATFORM_CRDS_DIR point at other copies of the CRD folders.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, stringify } from 'yaml';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const unknownArgs = [...args].filter((a) => a !== '--check' && a !== '--schemas-only');
if (unknownArgs.length > 0) {
  console.error(`unknown argument ${unknownArgs.join(' ')}; usage: node scripts/import-crds.mjs [--check] [--schemas-only]`);
  process.exit(2);
}
const check = args.has('--check');
const schemasOnly = args.has('--schemas-only');

/**
 * The CRD folders, kept apart on purpose: the Istio groups (and gateway.networking.k8s.io) exist in more than one with
 * different schemas, and each crds-platform set is what OpenShift serves beside OSSM 3.
 * `modulePrefix` names the generated modules of a set (`cdk8s import NAME:=FILE` writes `NAME-<group>.ts`), so the
 * OSSM 3 modules never overwrite the OSSM 2.6 ones. `source` is the folder below ../shared (default: `name`); `name`
 * also names the set's compact schema file in crd-schemas/.
 */
const platformDir = (set) => resolve(process.env.PLATFORM_CRDS_DIR ?? join(root, '..', 'shared', 'crds-platform'), set);
const SETS = [
  { name: 'crds', dir: resolve(process.env.OSSM_CRDS_DIR ?? join(root, '..', 'shared', 'crds')) },
  { name: 'crds-ossm3', dir: resolve(process.env.OSSM3_CRDS_DIR ?? join(root, '..', 'shared', 'crds-ossm3')), modulePrefix: 'ossm3' },
  // OpenShift user-workload monitoring (ServiceMonitor, PodMonitor) and the Red Hat builds of Tempo and OpenTelemetry
  { name: 'crds-platform-monitoring', source: 'crds-platform/monitoring', dir: platformDir('monitoring'), modulePrefix: 'monitoring' },
  { name: 'crds-platform-tracing', source: 'crds-platform/tracing', dir: platformDir('tracing'), modulePrefix: 'tracing' },
  // Gateway API v1.2.1 (standard channel), what OpenShift 4.19+ serves and OSSM 3 routes by; crds/gateway-api holds
  // v1.0.0, the OSSM 2.6 set, under the same group: hence a prefix of its own.
  { name: 'crds-platform-gateway-api-v1.2.1', source: 'crds-platform/gateway-api-v1.2.1', dir: platformDir('gateway-api-v1.2.1'), modulePrefix: 'gwapi121' },
];

const IMPORTS_DIR = 'imports';
const SCHEMAS_DIR = 'crd-schemas';
/** The module with the OSSM 3 Istio resource's `spec` schema, in IMPORTS_DIR; from the set with `istioSpecSchema`. */
const ISTIO_SPEC_SCHEMA_MODULE = 'ossm3-istio-spec-schema.ts';
/** The CRD whose `spec` schema that module holds: what `cdk8s-ossm migrate` writes. */
const ISTIO_CRD = { set: 'crds-ossm3', group: 'sailoperator.io', version: 'v1', kind: 'Istio' };

const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

function yamlFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return yamlFiles(p);
    return /\.ya?ml$/.test(e.name) ? [p] : [];
  }).sort();
}

/** Every CustomResourceDefinition of a set, with the file it came from (relative to the set's folder). */
function readCrds(set) {
  if (!existsSync(set.dir)) throw new Error(`${set.dir} does not exist: the CRD folders sit beside the repository as ../shared (or set OSSM_CRDS_DIR / OSSM3_CRDS_DIR / PLATFORM_CRDS_DIR)`);
  return yamlFiles(set.dir).flatMap((file) => parseAllDocuments(readFileSync(file, 'utf8')).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0].message}`);
    return { file: relative(set.dir, file), crd: doc.toJS() };
  })).filter(({ crd }) => isObject(crd) && crd.kind === 'CustomResourceDefinition');
}

/**
 * `cdk8s import` turns a property whose name starts with a digit into an invalid TypeScript identifier: the maistra
 * SMCP schema's `spec.addons.3scale` becomes `readonly 3Scale?:`. The copy we import drops such properties; the
 * library does not configure the 3scale adapter (removed from OSSM 2.x control planes anyway). Of the CRDs imported
 * today that is the only such property. Collects the dropped paths in `dropped`, so that the import prints them.
 * The compact schemas keep these properties: validation sees the real CRD.
 */
function dropInvalidIdentifiers(node, path, dropped) {
  if (Array.isArray(node)) { node.forEach((n) => dropInvalidIdentifiers(n, path, dropped)); return; }
  if (!isObject(node)) return;
  for (const [k, v] of Object.entries(node)) {
    if (k !== 'properties' || !isObject(v)) { dropInvalidIdentifiers(v, k === 'items' ? `${path}[]` : path, dropped); continue; }
    for (const [name, schema] of Object.entries(v)) {
      if (/^[0-9]/.test(name)) { delete v[name]; dropped.push(`${path}.${name}`); } else dropInvalidIdentifiers(schema, `${path}.${name}`, dropped);
    }
  }
}

/** Runs `cdk8s import` once for a whole set (it writes one module per API group) into `outdir`. */
function importSet(set, crds, outdir, work) {
  const dropped = [];
  const docs = crds.map(({ file, crd }) => {
    const copy = structuredClone(crd);
    dropInvalidIdentifiers(copy.spec, `${file} ${crd.spec.names.kind}`, dropped);
    return copy;
  });
  for (const d of dropped) console.log(`  dropped before import (not a valid identifier): ${d}`);
  const spec = join(work, `${set.name}.yaml`);
  writeFileSync(spec, docs.map((d) => stringify(d)).join('---\n'));
  const source = set.modulePrefix ? `${set.modulePrefix}:=${spec}` : spec;
  console.log(`importing ${set.dir} (${crds.length} CRDs)${set.modulePrefix ? ` as ${set.modulePrefix}-<group>` : ''}`);
  // cwd is the temporary folder: `cdk8s import` would otherwise record the import in our cdk8s.yaml
  const cdk8s = join(root, 'node_modules', '.bin', 'cdk8s');
  const result = spawnSync(cdk8s, ['import', source, '--no-save', '--no-check-upgrade', '--language', 'typescript', '--output', outdir], { cwd: work, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`cdk8s import of ${set.dir} failed:\n${result.stderr || result.error?.message}`);
}

/** A schema without its descriptions (`properties` keys are field names, not keywords: kept, with their schemas stripped). */
function withoutDescriptions(schema) {
  if (Array.isArray(schema)) return schema.map(withoutDescriptions);
  if (!isObject(schema)) return schema;
  const out = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'description') continue;
    if (k === 'enum' || k === 'default' || k === 'example') out[k] = v; // data, not schemas
    else if (k === 'properties' && isObject(v)) out[k] = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, withoutDescriptions(s)]));
    else out[k] = withoutDescriptions(v);
  }
  return out;
}

/**
 * The compact form of a set: per served group/version/kind, its openAPIV3Schema without descriptions, one kind per
 * line (so a diff names the kind that changed). apiextensions.k8s.io/v1beta1 CRDs may have one schema for all versions.
 */
function compactSchemas(set, crds) {
  const kinds = crds.flatMap(({ file, crd }) => {
    const spec = crd.spec;
    const legacy = isObject(spec.validation) ? spec.validation.openAPIV3Schema : undefined;
    const versions = Array.isArray(spec.versions) ? spec.versions : [{ name: spec.version, served: true }];
    return versions.filter((v) => v.served !== false).map((v) => ({
      apiVersion: `${spec.group}/${v.name}`,
      kind: spec.names.kind,
      file,
      schema: withoutDescriptions((isObject(v.schema) ? v.schema.openAPIV3Schema : undefined) ?? legacy ?? null),
    }));
  }).sort((a, b) => `${a.apiVersion} ${a.kind}`.localeCompare(`${b.apiVersion} ${b.kind}`));
  const header = JSON.stringify({
    about: `Generated by \`npm run import\` (scripts/import-crds.mjs) from ../shared/${set.source ?? set.name}: the served versions' openAPIV3Schema without descriptions. Do not edit.`,
  }).slice(0, -1);
  return `${header},"kinds":[\n${kinds.map((k) => JSON.stringify(k)).join(',\n')}\n]}\n`;
}

/**
 * The TypeScript module that holds the `spec` schema of ISTIO_CRD, compact (without descriptions) and as JSON text
 * (a literal the compiler need not type), so that the library can load it on first use.
 */
function istioSpecSchemaModule(set, crds) {
  const found = crds.find(({ crd }) => crd.spec?.group === ISTIO_CRD.group && crd.spec?.names?.kind === ISTIO_CRD.kind);
  const version = (found?.crd.spec.versions ?? []).find((v) => v.name === ISTIO_CRD.version && v.served !== false);
  const spec = version?.schema?.openAPIV3Schema?.properties?.spec;
  if (!isObject(spec)) throw new Error(`${set.dir}: no served ${ISTIO_CRD.group}/${ISTIO_CRD.version} ${ISTIO_CRD.kind} CRD with a spec schema`);
  return `// Generated by \`npm run import\` (scripts/import-crds.mjs) from ../shared/${set.name}/${found.file}. Do not edit.

/**
 * The \`spec\` schema of the OSSM 3 \`${ISTIO_CRD.group}/${ISTIO_CRD.version}\` \`${ISTIO_CRD.kind}\` resource: its CRD's openAPIV3Schema, without
 * descriptions. \`cdk8s-ossm migrate\` checks each value against it before it writes it.
 * @internal
 */
export const ISTIO_SPEC_SCHEMA: { readonly [keyword: string]: unknown } = JSON.parse(${JSON.stringify(JSON.stringify(withoutDescriptions(spec)))});
`;
}

/** Generates everything into `outRoot` (imports/ and crd-schemas/ below it). */
function generate(outRoot, work) {
  mkdirSync(join(outRoot, SCHEMAS_DIR), { recursive: true });
  mkdirSync(join(outRoot, IMPORTS_DIR), { recursive: true });
  for (const set of SETS) {
    const crds = readCrds(set);
    writeFileSync(join(outRoot, SCHEMAS_DIR, `${set.name}.json`), compactSchemas(set, crds));
    if (set.name === ISTIO_CRD.set) writeFileSync(join(outRoot, IMPORTS_DIR, ISTIO_SPEC_SCHEMA_MODULE), istioSpecSchemaModule(set, crds));
    if (!schemasOnly) importSet(set, crds, join(outRoot, IMPORTS_DIR), work);
  }
}

const listing = (dir) => (existsSync(dir) ? readdirSync(dir).sort() : []);

/**
 * The files of `dir` in `fresh` that differ from (or are missing in, or only exist in) the committed folder;
 * only those named `only` when given.
 */
function staleFiles(fresh, dir, only) {
  const chosen = (files) => (only ? files.filter((f) => only.includes(f)) : files);
  const generated = chosen(listing(join(fresh, dir)));
  const committed = chosen(listing(join(root, dir)));
  const changed = generated.filter((f) => !committed.includes(f)
    || readFileSync(join(fresh, dir, f), 'utf8') !== readFileSync(join(root, dir, f), 'utf8'));
  return [...changed, ...committed.filter((f) => !generated.includes(f))].map((f) => `${dir}/${f}`);
}

const work = mkdtempSync(join(tmpdir(), 'cdk8s-ossm-import-'));
try {
  const fresh = join(work, 'out');
  generate(fresh, work);
  const dirs = [SCHEMAS_DIR, IMPORTS_DIR];
  /** With --schemas-only, of imports/ only the schema module is generated. */
  const onlyIn = (dir) => (schemasOnly && dir === IMPORTS_DIR ? [ISTIO_SPEC_SCHEMA_MODULE] : undefined);
  const written = dirs.map((dir) => (onlyIn(dir) ? onlyIn(dir).map((f) => `${dir}/${f}`).join(', ') : dir)).join(' and ');
  if (check) {
    const stale = dirs.flatMap((dir) => staleFiles(fresh, dir, onlyIn(dir)));
    if (stale.length > 0) {
      console.error(`not current with the CRD files (run \`npm run import\` and commit the result): ${stale.join(', ')}`);
      process.exitCode = 1;
    } else {
      console.log(`${written} are current`);
    }
  } else {
    // Replace each folder as a whole, so that a module no longer generated does not linger.
    // (copied beside the target first: the temporary folder may be on another file system)
    for (const dir of dirs) {
      if (onlyIn(dir)) {
        for (const file of onlyIn(dir)) {
          cpSync(join(fresh, dir, file), join(root, dir, `${file}.next`));
          renameSync(join(root, dir, `${file}.next`), join(root, dir, file));
        }
        continue;
      }
      const next = join(root, `${dir}.next`);
      cpSync(join(fresh, dir), next, { recursive: true });
      rmSync(join(root, dir), { recursive: true, force: true });
      renameSync(next, join(root, dir));
    }
    console.log(`wrote ${written}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
