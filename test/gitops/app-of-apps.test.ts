// AppOfApps: the root Application that deploys a folder of Applications into Argo CD's namespace.
import { Testing } from 'cdk8s';
import { AppOfApps, AppOfAppsProps } from '../../lib';
import { validateAll } from '../support/crd-schema';

const synth = (props: Partial<AppOfAppsProps> = {}) => {
  const chart = Testing.chart();
  const root = new AppOfApps(chart, 'root', { name: 'travels', source: { repoUrl: 'git@github.com:example/mesh.git', path: 'dist/argocd/apps' }, ...props });
  return { root, object: Testing.synth(chart)[0] };
};

test('deploys the Applications of its folder where Argo CD reads them: its own namespace on its own cluster, automated, no wave', () => {
  const { root, object } = synth();
  expect(root.name).toBe('travels');
  expect(object.metadata).toEqual({ name: 'travels', namespace: 'openshift-gitops' });
  expect(object.spec).toMatchObject({
    project: 'default',
    source: { repoURL: 'git@github.com:example/mesh.git', targetRevision: 'HEAD', path: 'dist/argocd/apps' },
    destination: { server: 'https://kubernetes.default.svc', namespace: 'openshift-gitops' },
    syncPolicy: { automated: { prune: true, selfHeal: true } },
  });
  expect(validateAll([object])).toEqual([]);
  expect(synth({ argoCdNamespace: 'argocd' }).object.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'argocd' });
});

test('refuses a bad name or path, naming the construct path', () => {
  expect(() => synth({ name: 'Travels' })).toThrow(/root: name "Travels" is not valid/);
  expect(() => synth({ source: { repoUrl: 'git@github.com:example/mesh.git', path: '../outside' } })).toThrow(/root: source\.path "\.\.\/outside" is not valid/);
});
