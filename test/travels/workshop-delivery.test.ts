import { parseAllDocuments } from 'yaml';
import {
  buildTravelsWorkshop, OssmVersion, renderDist, renderTravelsDelivery, SYNC_WAVE_ANNOTATION, TracingType, TravelsDeliveryOptions, ValidationError,
} from '../../lib';
import { KubeObject } from '../../lib/analysis/types';
import { validateAll } from '../support/crd-schema';

const REPO = 'https://git.example.com/platform/mesh.git';
const objectsOf = (text: string): KubeObject[] => parseAllDocuments(text).map((d) => d.toJS()).filter(Boolean);
const workshop = { clusterBaseDomain: 'apps-test.example.com', ossmVersion: OssmVersion.V2_6 };
const gitOps = { source: { repoUrl: REPO, revision: 'main', path: 'deploy/dist' } };
const render = (options: TravelsDeliveryOptions) => renderTravelsDelivery(options).files;
const all = (files: ReadonlyMap<string, string>, prefix: string) => [...files].filter(([f]) => f.startsWith(prefix)).flatMap(([, t]) => objectsOf(t));

describe('the workshop delivered by Argo CD', () => {
  const files = render({ workshop, gitOps });
  const children = all(files, 'argocd/apps/');
  const plain = renderDist(buildTravelsWorkshop(workshop));

  test('argocd/: the root Application, one child per stage and one for the step, and the health checks in both forms', () => {
    expect([...files.keys()].filter((f) => f.startsWith('argocd/'))).toEqual([
      'argocd/apps/00-operators.yaml', 'argocd/apps/01-control-plane.yaml', 'argocd/apps/02-apps.yaml', 'argocd/apps/step.yaml', 'argocd/app-of-apps.yaml',
      'argocd/health-checks/openshift-gitops.yaml', 'argocd/health-checks/argocd-cm.yaml',
    ]);
    expect([...files].filter(([f]) => f.startsWith('argocd/'))).toMatchSnapshot();
  });

  test('every Argo CD object is valid against the Argo CD CRDs (unknown fields are errors)', () => {
    const argo = all(files, 'argocd/');
    expect(argo.map((o) => o.kind).sort()).toEqual(['Application', 'Application', 'Application', 'Application', 'Application', 'ArgoCD', 'ConfigMap']);
    expect(validateAll(argo)).toEqual([]);
  });

  test('the root deploys argocd/apps; the children deploy the stages in waves 0, 1, 2 and the step last, automated, pruned, retried with backoff', () => {
    const [root] = all(files, 'argocd/app-of-apps.yaml');
    expect(root.spec.source).toEqual({ repoURL: REPO, targetRevision: 'main', path: 'deploy/dist/argocd/apps' });
    expect(root.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'openshift-gitops' });
    expect(children.map((a) => [a.metadata!.name, a.metadata!.annotations![SYNC_WAVE_ANNOTATION], a.spec.source.path, a.spec.syncPolicy.syncOptions ?? []])).toEqual([
      ['travels-operators', '0', 'deploy/dist/00-operators', []],
      ['travels-control-plane', '1', 'deploy/dist/01-control-plane', ['SkipDryRunOnMissingResource=true']],
      ['travels-apps', '2', 'deploy/dist/02-apps', ['SkipDryRunOnMissingResource=true']],
      ['travels-step', '3', 'deploy/dist/steps/header-routing', ['SkipDryRunOnMissingResource=true']],
    ]);
    for (const app of [root, ...children]) {
      expect(app.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
      expect(app.spec.syncPolicy.retry).toEqual({ limit: 10, backoff: { duration: '10s', factor: 2, maxDuration: '300s' } });
    }
  });

  test('the stage folders are renderDist\'s, but for the Kiali Subscription\'s wave of its own (after the Automatic ones of its namespace)', () => {
    const changed = [...plain.files].filter(([f, text]) => files.get(f) !== text).map(([f]) => f);
    expect(changed).toEqual(['00-operators/mesh-base.yaml']);
    const waves = all(files, '00-operators/').map((o) => [o.spec.name, o.spec.installPlanApproval, o.metadata?.annotations?.[SYNC_WAVE_ANNOTATION]]);
    expect(waves).toEqual([['jaeger-product', 'Automatic', undefined], ['kiali-ossm', 'Manual', '1'], ['servicemeshoperator', 'Automatic', undefined]]);
    // without the pin every Subscription is Automatic: one wave, the stage as renderDist wrote it
    const channel = render({ workshop: { ...workshop, operators: { kialiVersion: undefined } }, gitOps });
    expect(channel.get('00-operators/mesh-base.yaml')).toBe(renderDist(buildTravelsWorkshop({ ...workshop, operators: { kialiVersion: undefined } })).files.get('00-operators/mesh-base.yaml'));
  });

  test('switching steps is one field in Git: the step Application\'s source path, nothing else', () => {
    const other = render({ workshop, gitOps, step: 'circuit-breaker' });
    expect([...other.keys()]).toEqual([...files.keys()]);
    expect([...other].filter(([f, text]) => files.get(f) !== text).map(([f]) => f)).toEqual(['argocd/apps/step.yaml']);
    const diff = (files.get('argocd/apps/step.yaml')!.split('\n')).filter((line, i) => other.get('argocd/apps/step.yaml')!.split('\n')[i] !== line);
    expect(diff).toEqual(['    path: deploy/dist/steps/header-routing']);
  });

  test('without a repository: the stage folders exactly as writeDist writes them, no argocd/, and a warning that says why', () => {
    const result = renderTravelsDelivery({ workshop });
    expect(result.files).toEqual(plain.files);
    expect(result.report.warnings.map((w) => `${w.path}: ${w.message}`)).toContainEqual(expect.stringMatching(/^gitOps: no argocd\/ folder was written: no Git repository was given \(GITOPS_REPO_URL/));
  });

  test('bad Git settings are refused with the field and what is allowed; a URL with credentials is never shown', () => {
    const withSource = (source: object) => () => render({ workshop, gitOps: { source: { repoUrl: REPO, ...source } } });
    expect(withSource({ repoUrl: 'https://bot:s3cr3t@git.example.com/mesh.git' })).toThrow(
      new ValidationError('renderArgoCdTree', 'source.repoUrl', '***', 'Allowed: a repository URL without credentials, query or fragment. Give the token or password to Argo CD as a repository secret, not in the URL (it would be written into every Application).'));
    expect(withSource({ repoUrl: 'git.example.com/mesh' })).toThrow(/source\.repoUrl "git\.example\.com\/mesh" is not valid\. Allowed: a Git repository URL/);
    expect(withSource({ revision: 'main..dev' })).toThrow(/source\.revision "main\.\.dev" is not valid/);
    expect(withSource({ path: '../dist' })).toThrow(/source\.path "\.\.\/dist" is not valid\. Allowed: a folder of the repository relative to its root/);
    expect(() => render({ workshop, gitOps, step: 'canary' as any })).toThrow(/^renderTravelsDelivery: step "canary" is not valid\. Allowed: "header-routing", "weighted-routing", "fault-injection", "circuit-breaker"\.$/);
    expect(withSource({ repoUrl: 'https://git.example.com/mesh.git?private_token=glpat-123' })).toThrow(/source\.repoUrl \*\*\* is not valid/);
    for (const url of ['git@github.com:acme/mesh.git', 'ssh://git@git.example.com:2222/mesh.git']) expect(withSource({ repoUrl: url })).not.toThrow();
  });

  test('an Application name longer than a label value is refused, naming the Application', () => {
    expect(() => render({ workshop, gitOps: { ...gitOps, name: 'x'.repeat(50) } }))
      .toThrow(/^01-control-plane\/Application: name "x{50}-control-plane" is not valid\. Allowed: a DNS-1123 label/);
  });
});

describe('a fleet', () => {
  const fleet = { clusters: [{ name: 'east', baseDomain: 'east.example.com', step: 'weighted-routing' }, { name: 'west', baseDomain: 'west.example.com' }] };
  const files = render({ fleet, gitOps, step: 'fault-injection' });

  test('one tree per cluster in clusters/<name>/, the layout of dist/, with its base domain; the ApplicationSet and health checks in argocd/', () => {
    // the fleet's clusters are on the default platform (OSSM 3), as a single workshop given no ossmVersion
    const single = [...render({ workshop: { clusterBaseDomain: workshop.clusterBaseDomain }, gitOps }).keys()].filter((f) => !f.startsWith('argocd/health-checks/'));
    for (const cluster of ['east', 'west']) {
      expect([...files.keys()].filter((f) => f.startsWith(`clusters/${cluster}/`)).map((f) => f.slice(`clusters/${cluster}/`.length)).sort()).toEqual([...single].sort());
      const gateway = all(files, `clusters/${cluster}/02-apps/`).find((o) => o.kind === 'VirtualService')!;
      expect(gateway.spec.hosts).toEqual([`control.travel-control.apps.${cluster}.example.com`]);
    }
    expect([...files.keys()].filter((f) => f.startsWith('argocd/'))).toEqual(['argocd/travels-fleet.yaml', 'argocd/health-checks/openshift-gitops.yaml', 'argocd/health-checks/argocd-cm.yaml']);
    expect(validateAll(all(files, 'argocd/'))).toEqual([]);
    expect(validateAll([...files].filter(([f]) => f.includes('/argocd/')).flatMap(([, t]) => objectsOf(t)))).toEqual([]);
  });

  test('each cluster\'s children deploy to the cluster by its name, its step or the shared one', () => {
    const step = (cluster: string) => objectsOf(files.get(`clusters/${cluster}/argocd/apps/step.yaml`)!)[0];
    expect(step('east').spec).toMatchObject({ destination: { name: 'east' }, source: { path: 'deploy/dist/clusters/east/steps/weighted-routing' } });
    expect(step('west').spec).toMatchObject({ destination: { name: 'west' }, source: { path: 'deploy/dist/clusters/west/steps/fault-injection' } });
    expect(step('east').metadata!.name).toBe('east-travels-step');
  });

  test('the ApplicationSet stamps, per cluster, exactly the root Application of the cluster\'s tree', () => {
    const [set] = all(files, 'argocd/travels-fleet.yaml');
    const elements = set.spec.generators[0].list.elements as Array<Record<string, string>>;
    expect(elements).toEqual([{ cluster: 'east', path: 'deploy/dist/clusters/east/argocd/apps' }, { cluster: 'west', path: 'deploy/dist/clusters/west/argocd/apps' }]);
    for (const element of elements) {
      const stamped = JSON.parse(JSON.stringify(set.spec.template).replace(/\{\{(\w+)\}\}/g, (_, key) => element[key]));
      const [root] = objectsOf(files.get(`clusters/${element.cluster}/argocd/app-of-apps.yaml`)!);
      expect({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', ...stamped }).toEqual(root);
    }
  });

  test('a cluster\'s OSSM version wins over the shared one (OSSM 3 unless set): OSSM 2.6 and OSSM 3 trees side by side, each valid against its own CRDs', () => {
    const mixed = render({ fleet: { clusters: [{ name: 'east', baseDomain: 'east.example.com', ossmVersion: OssmVersion.V2_6 }, { name: 'west', baseDomain: 'west.example.com' }] },
      fleetSettings: { controlPlane: { tracing: TracingType.NONE } } });
    const kinds = (cluster: string) => all(mixed, `clusters/${cluster}/01-`).map((o) => o.kind);
    expect(kinds('east')).toContain('ServiceMeshControlPlane');
    expect(kinds('west')).toEqual(expect.arrayContaining(['Istio', 'IstioCNI']));
    expect(kinds('west')).not.toContain('ServiceMeshControlPlane');
    expect(validateAll(all(mixed, 'clusters/west/0'), '3')).toEqual([]);
    const shared3 = render({ fleet: { clusters: [{ name: 'east', baseDomain: 'east.example.com', ossmVersion: OssmVersion.V2_6 }] }, fleetSettings: { ossmVersion: OssmVersion.V3 } });
    expect(all(shared3, 'clusters/east/01-').map((o) => o.kind)).toContain('ServiceMeshControlPlane');
  });
});
