import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { buildTravelsWorkshop, OssmVersion, renderDist } from '../../lib';
import { analyze } from '../../lib/analysis/analyze';
import { KubeObject } from '../../lib/analysis/types';
import { runCli } from '../support/cli';

const FIXTURES = join(__dirname, '..', 'migrate', 'fixtures');
const fixture = (name: string) => join(FIXTURES, `${name}.yaml`);
const objectsOf = (text: string): KubeObject[] => parseAllDocuments(text).map((d) => d.toJS()).filter(Boolean);

/** The workshop's OSSM 2.6 control plane, member roll and apps, as npm run synth writes them (no steps). */
function workshop26(): KubeObject[] {
  const { files } = renderDist(buildTravelsWorkshop({ clusterBaseDomain: 'apps.example.com', ossmVersion: OssmVersion.V2_6 }), { analyze: false });
  return [...files].filter(([f]) => f.startsWith('01-') || f.startsWith('02-')).flatMap(([, text]) => objectsOf(text));
}

describe('cdk8s-ossm migrate', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'cdk8s-ossm-migrate-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('YAML on standard output, the report on standard error; exit 0 when everything migrated, 1 when a field in use did not', () => {
    const clean = runCli('migrate', fixture('cluster-wide'));
    expect(clean.code).toBe(0);
    expect(objectsOf(clean.stdout).map((o) => o.kind)).toEqual(['IstioCNI', 'Istio', 'Namespace', 'Namespace']);
    expect(clean.stderr).toMatch(/^ServiceMeshControlPlane istio-system\/prod \(ClusterWide; members: payments, orders\) → Istio istio-system$/m);
    expect(clean.stderr).toMatch(/Every field in use was migrated\.\n$/);
    const lossy = runCli('migrate', fixture('security'));
    expect(lossy.code).toBe(1);
    expect(lossy.stderr).toMatch(/^ {2}NOT MIGRATABLE {2}security\.controlPlane\.tls\.maxProtocolVersion "TLSv1_3": OSSM 3 sets no maximum TLS version\.$/m);
    expect(objectsOf(lossy.stdout).map((o) => o.kind)).toContain('PeerAuthentication'); // the rest is still written
  });

  test('--out writes the files in apply order, as a whole; a folder it did not write is refused', () => {
    const out = join(dir, 'ossm3');
    const result = runCli('migrate', fixture('gateways'), '--out', out);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(readdirSync(out).filter((f) => !f.startsWith('.'))).toEqual(['01-control-plane.yaml', '02-member-namespaces.yaml', '03-routes.yaml']);
    expect(objectsOf(readFileSync(join(out, '03-routes.yaml'), 'utf8'))).toHaveLength(4);
    const foreign = join(dir, 'mine');
    require('node:fs').mkdirSync(foreign);
    require('node:fs').writeFileSync(join(foreign, 'keep.txt'), 'mine');
    const refused = runCli('migrate', fixture('gateways'), '--out', foreign);
    expect(refused.code).toBe(2);
    expect(readdirSync(foreign)).toEqual(['keep.txt']);
  });

  test('usage and input errors: exit 2', () => {
    expect(runCli('migrate').code).toBe(2);
    expect(runCli('migrate', fixture('cluster-wide'), '--istio-version', 'v1.20.8')).toMatchObject({ code: 2, stderr: expect.stringContaining('Istio version "v1.20.8" is not valid') });
    const noSmcp = join(dir, 'app.yaml');
    require('node:fs').writeFileSync(noSmcp, 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n');
    expect(runCli('migrate', noSmcp)).toMatchObject({ code: 2, stderr: expect.stringContaining('no ServiceMeshControlPlane (maistra.io) in the input') });
    expect(runCli('--help').stdout).toContain('cdk8s-ossm migrate <file, folder or ->...');
  });
});
