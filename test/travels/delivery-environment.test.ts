import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { gitOpsSourceFromEnv, travelsDeliveryFromEnv } from '../../lib';
import { KubeObject } from '../../lib/analysis/types';

const ROOT = resolve(__dirname, '..', '..');
const REPO = 'https://git.example.com/platform/mesh.git';
const objectsOf = (text: string): KubeObject[] => parseAllDocuments(text).map((d) => d.toJS()).filter(Boolean);
const gitOps = { source: { repoUrl: REPO, revision: 'main', path: 'deploy/dist' } };

describe('npm run synth with GitOps and fleet settings', () => {
  const run = (env: Record<string, string | undefined>, cwd: string) => spawnSync(process.execPath, [join(ROOT, 'build/main.js')], {
    cwd, encoding: 'utf8', env: { ...process.env, CLUSTER_BASE_DOMAIN: undefined, GITOPS_REPO_URL: undefined, GITOPS_REVISION: undefined, GITOPS_PATH: undefined, CLUSTERS_FILE: undefined, WORKSHOP_STEP: undefined, CDK8S_OUTDIR: undefined, ...env },
  });
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'cdk8s-ossm-gitops-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('GITOPS_REPO_URL, GITOPS_REVISION and CLUSTERS_FILE: argocd/, the fleet\'s trees, and the repository path taken from the output folder', () => {
    writeFileSync(join(dir, 'clusters.yaml'), 'clusters:\n  - name: east\n    baseDomain: east.example.com\n    ossmVersion: 2.6\n  - name: west\n    baseDomain: west.example.com\n    step: circuit-breaker\n');
    const result = run({ GITOPS_REPO_URL: REPO, GITOPS_REVISION: 'v1.0', CLUSTERS_FILE: 'clusters.yaml', WORKSHOP_STEP: 'fault-injection', CDK8S_OUTDIR: 'out/dist' }, dir);
    expect(result.stderr).not.toMatch(/no argocd\/ folder/);
    expect(result.status).toBe(0);
    const set = objectsOf(readFileSync(join(dir, 'out/dist/argocd/travels-fleet.yaml'), 'utf8'))[0];
    expect(set.spec.template.spec.source).toEqual({ repoURL: REPO, targetRevision: 'v1.0', path: '{{path}}' });
    expect(set.spec.generators[0].list.elements[0].path).toBe('out/dist/clusters/east/argocd/apps');
    expect(objectsOf(readFileSync(join(dir, 'out/dist/clusters/west/argocd/apps/step.yaml'), 'utf8'))[0].spec.source.path).toBe('out/dist/clusters/west/steps/circuit-breaker');
    expect(objectsOf(readFileSync(join(dir, 'out/dist/clusters/east/argocd/apps/step.yaml'), 'utf8'))[0].spec.source.path).toBe('out/dist/clusters/east/steps/fault-injection');
    expect(result.stdout).toMatch(/^\d+ objects in \d+ files written to out\/dist\/$/m);
  });

  test('without GITOPS_REPO_URL: dist/ as before, and a warning that says why there is no argocd/', () => {
    const result = run({ CLUSTER_BASE_DOMAIN: 'example.com' }, dir);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/^WARNING gitOps: no argocd\/ folder was written: no Git repository was given \(GITOPS_REPO_URL/m);
    expect(result.stdout).toMatch(/ in 10 files written to dist\/$/m); // the OSSM 3 layout, the default: 02-apps/ holds the mesh base's gateway
  });

  test('bad settings are all reported at once, the fleet file\'s with its path, field and value; nothing is written', () => {
    writeFileSync(join(dir, 'clusters.yaml'), 'clusters:\n  - name: East\n    baseDomain: east.example.com\n');
    const result = run({ CLUSTERS_FILE: 'clusters.yaml', GITOPS_REPO_URL: 'https://user:hunter2@git.example.com/x.git', WORKSHOP_STEP: 'canary' }, dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('clusters.yaml: clusters[0].name "East" is not valid. Allowed: a DNS-1123 label');
    expect(result.stderr).toContain('WORKSHOP_STEP="canary" is not valid. Allowed: header-routing (4-1, routing by the portal header), ');
    expect(result.stderr).toContain('GITOPS_REPO_URL="***" is not valid. Allowed: a repository URL without credentials, query or fragment.');
    expect(result.stderr).not.toContain('hunter2');
    expect(result.stderr).not.toContain('CLUSTER_BASE_DOMAIN'); // a fleet needs no single base domain
    expect(spawnSync('ls', [dir], { encoding: 'utf8' }).stdout.trim()).toBe('clusters.yaml');
  });
});

describe('gitOpsSourceFromEnv and travelsDeliveryFromEnv', () => {
  test('GITOPS_PATH defaults to the output folder relative to the current one; outside it, GITOPS_PATH is required', () => {
    expect(gitOpsSourceFromEnv({ GITOPS_REPO_URL: REPO }, 'dist')).toEqual({ repoUrl: REPO, revision: undefined, path: 'dist' });
    expect(gitOpsSourceFromEnv({ GITOPS_REPO_URL: REPO, GITOPS_PATH: 'clusters/prod' }, '/elsewhere/out')).toMatchObject({ path: 'clusters/prod' });
    expect(() => gitOpsSourceFromEnv({ GITOPS_REPO_URL: REPO }, '/elsewhere/out')).toThrow(/GITOPS_PATH is not set, and the output folder \/elsewhere\/out is not inside the current folder/);
    expect(gitOpsSourceFromEnv({}, 'dist')).toBeUndefined();
    expect(() => gitOpsSourceFromEnv({ GITOPS_REVISION: 'main' }, 'dist')).toThrow(/^GITOPS_REVISION is set, but GITOPS_REPO_URL is not/);
  });

  test('a fleet without CLUSTER_BASE_DOMAIN writes only the clusters; with it, the single tree too; the other settings apply to every cluster', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdk8s-ossm-fleet-'));
    try {
      const file = join(dir, 'clusters.yaml');
      writeFileSync(file, 'clusters: [{ name: east, baseDomain: east.example.com }]\n');
      const onlyFleet = travelsDeliveryFromEnv({ CLUSTERS_FILE: file, MESH_TRACING: 'none' }, 'dist');
      expect(onlyFleet.workshop).toBeUndefined();
      expect(onlyFleet.fleet).toEqual({ clusters: [{ name: 'east', baseDomain: 'east.example.com' }] });
      expect(onlyFleet.fleetSettings?.controlPlane).toEqual({ tracing: 'None' });
      expect(travelsDeliveryFromEnv({ CLUSTERS_FILE: file, CLUSTER_BASE_DOMAIN: 'hub.example.com' }, 'dist').workshop?.clusterBaseDomain).toBe('hub.example.com');
      expect(() => travelsDeliveryFromEnv({ CLUSTERS_FILE: join(dir, 'missing.yaml') }, 'dist')).toThrow(/The fleet file .*missing\.yaml cannot be read \(ENOENT\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
