#!/usr/bin/env node
// Regenerates imports/ with `cdk8s import` from the CRD files in ../shared/crds (see its PROVENANCE.md).
// The CRD files themselves are never copied into this repository; they are read from ../shared/crds, and
// where a file must be changed before import, the changed copy lives in a temporary folder only.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, stringify } from 'yaml';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const crds = resolve(process.env.OSSM_CRDS_DIR ?? join(root, '..', 'shared', 'crds'));
const work = mkdtempSync(join(tmpdir(), 'cdk8s-ossm-import-'));

/** One multi-document YAML per API group: `cdk8s import` takes one spec per call and one module per group. */
const groups = [
  { module: 'maistra.io', files: ['maistra/servicemeshcontrolplanes.crd.yaml', 'maistra/servicemeshmemberrolls.crd.yaml', 'maistra/servicemeshmembers.crd.yaml'] },
  { module: 'istio', files: ['istio/crd-all.gen.yaml'] },
  { module: 'operators.coreos.com', files: ['olm/operators.coreos.com_subscriptions.yaml', 'olm/operators.coreos.com_operatorgroups.yaml'] },
  { module: 'route.openshift.io', files: ['openshift/routes.crd.yaml'] },
];

/**
 * The maistra SMCP schema has a property `3scale` (spec.addons.3scale). cdk8s import turns it into
 * `readonly 3Scale?:`, which is not valid TypeScript, so the copy we import drops that property.
 * The library does not configure the 3scale adapter (removed from OSSM 2.x control planes anyway).
 */
function dropInvalidIdentifiers(node) {
  if (Array.isArray(node)) { node.forEach(dropInvalidIdentifiers); return; }
  if (node === null || typeof node !== 'object') return;
  if (node.properties && typeof node.properties === 'object') {
    for (const key of Object.keys(node.properties)) if (/^[0-9]/.test(key)) delete node.properties[key];
  }
  Object.values(node).forEach(dropInvalidIdentifiers);
}

try {
  for (const group of groups) {
    const docs = group.files.flatMap((file) =>
      parseAllDocuments(readFileSync(join(crds, file), 'utf8')).map((d) => d.toJS()).filter((d) => d && d.kind === 'CustomResourceDefinition'));
    docs.forEach(dropInvalidIdentifiers);
    const spec = join(work, `${group.module}.yaml`);
    writeFileSync(spec, docs.map((d) => stringify(d)).join('---\n'));
    console.log(`importing ${group.files.join(', ')}`);
    execFileSync(join(root, 'node_modules', '.bin', 'cdk8s'), ['import', spec, '--no-check-upgrade', '--language', 'typescript', '--output', join(root, 'imports')], { stdio: 'inherit', cwd: root });
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
