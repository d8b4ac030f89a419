// StageApplication: one stage folder as an Argo CD Application in its sync wave.
import { Duration, Testing } from 'cdk8s';
import { StageApplication, StageApplicationProps } from '../../lib';
import { validateAll } from '../support/crd-schema';

const source = { repoUrl: 'https://github.com/example/mesh.git', revision: 'main', path: 'dist/01-control-plane' };
const synth = (props: Partial<StageApplicationProps> = {}) => {
  const chart = Testing.chart();
  const app = new StageApplication(chart, 'stage', { name: 'travels-control-plane', source, wave: 1, ...props });
  return { app, object: Testing.synth(chart)[0] };
};

test('an automated Application in its wave, in openshift-gitops, deploying the folder to the cluster Argo CD runs in', () => {
  const { app, object } = synth();
  expect([app.name, app.wave]).toEqual(['travels-control-plane', 1]);
  expect(object).toEqual({
    apiVersion: 'argoproj.io/v1alpha1', kind: 'Application',
    metadata: { name: 'travels-control-plane', namespace: 'openshift-gitops', annotations: { 'argocd.argoproj.io/sync-wave': '1' } },
    spec: {
      project: 'default',
      source: { repoURL: 'https://github.com/example/mesh.git', targetRevision: 'main', path: 'dist/01-control-plane' },
      destination: { server: 'https://kubernetes.default.svc' },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        retry: { limit: 10, backoff: { duration: '10s', factor: 2, maxDuration: '300s' } },
      },
    },
  });
  expect(validateAll([object])).toEqual([]);
});

test('custom resources whose CRD an operator installs: SkipDryRunOnMissingResource; another cluster by name, namespace, project and retries', () => {
  const { object } = synth({
    skipDryRunOnMissingResource: true, destinationName: 'east', argoCdNamespace: 'argocd', project: 'mesh',
    syncRetry: { limit: 3, backoff: Duration.seconds(5), factor: 3, maxBackoff: Duration.minutes(1) },
  });
  expect(object.metadata.namespace).toBe('argocd');
  expect(object.spec.project).toBe('mesh');
  expect(object.spec.destination).toEqual({ name: 'east' });
  expect(object.spec.syncPolicy.syncOptions).toEqual(['SkipDryRunOnMissingResource=true']);
  expect(object.spec.syncPolicy.retry).toEqual({ limit: 3, backoff: { duration: '5s', factor: 3, maxDuration: '60s' } });
  expect(validateAll([object])).toEqual([]);
});

test.each<[Partial<StageApplicationProps>, RegExp]>([
  [{ name: 'Control Plane' }, /stage: name "Control Plane" is not valid/],
  [{ wave: 1.5 }, /stage: wave 1\.5 is not valid/],
  [{ source: { repoUrl: 'https://user:token@github.com/example/mesh.git' } }, /stage: source\.repoUrl .* is not valid/],
  [{ syncRetry: { backoff: Duration.minutes(10), maxBackoff: Duration.minutes(1) } }, /stage: syncRetry\.maxBackoff .* is not valid\. Allowed: at least syncRetry\.backoff/],
])('refuses %j, naming the construct path', (props, message) => {
  expect(() => synth(props)).toThrow(message);
});

test('a repository URL with credentials is never shown in the message', () => {
  expect(() => synth({ source: { repoUrl: 'https://user:s3cr3t-token@github.com/example/mesh.git' } })).toThrow(expect.objectContaining({ message: expect.not.stringContaining('s3cr3t-token') }));
});
