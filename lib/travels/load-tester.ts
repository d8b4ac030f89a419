import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { requireDnsLabel, requireInteger, requireObject } from '../core/validation';
import { ImagePullPolicy, MeshDeployment } from '../workload/mesh-deployment';
import { IMeshService, requireMeshService, serviceAddress } from '../workload/mesh-service';
import { travelsPodAnnotations } from './proxy-config';
import { TRAVELS_IMAGE_REGISTRY, TravelsWorkloadOptions, travelsWorkload } from './options';

/** Props of {@link TravelsLoadTester}. */
export interface TravelsLoadTesterProps extends TravelsWorkloadOptions {
  /** The namespace; the workshop (6-1) uses travel-portal. */
  readonly namespace: string;
  /** The agency's `travels` service it loads. */
  readonly target: IMeshService;
  /** Concurrent connections (fortio `-c`). @default 50 */
  readonly connections?: number;
  /** Calls per connection and round (fortio `-n`). @default 20 */
  readonly numCalls?: number;
  /** Queries per second, 0 for as fast as possible (fortio `-qps`). @default 0 */
  readonly rate?: number;
  /** Seconds between rounds. @default 5 */
  readonly sleepSeconds?: number;
}

/**
 * Upstream's travel_loadtester.yaml (workshop 6-1): a fortio loop against travels, with its own ServiceAccount.
 * It sends no `portal` header, so with header routing and no default route it gets 404s.
 */
export class TravelsLoadTester extends Construct {
  /** The fortio Deployment. */
  public readonly deployment: MeshDeployment;
  /** Its own ServiceAccount, `loadtester`. */
  public readonly serviceAccount: k8s.KubeServiceAccount;

  public constructor(scope: Construct, id: string, props: TravelsLoadTesterProps) {
    super(scope, id);
    requireObject(this, 'props', props);
    const namespace = requireDnsLabel(this, 'namespace', props.namespace);
    const target = requireMeshService(this, 'target', props.target);
    this.serviceAccount = new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: { name: 'loadtester', namespace, labels: { account: 'loadtester' } },
    });
    this.deployment = new MeshDeployment(this, 'Deployment', {
      ...travelsWorkload(this, props),
      namespace,
      app: 'loadtester',
      version: 'v1',
      name: 'loadtester',
      image: `${TRAVELS_IMAGE_REGISTRY}/demo_travels_loadtester:v1`,
      imagePullPolicy: ImagePullPolicy.ALWAYS,
      serviceAccountName: 'loadtester',
      env: {
        CONNECTIONS: String(requireInteger(this, 'connections', props.connections ?? 50, 1, 10000)),
        NUMCALLS: String(requireInteger(this, 'numCalls', props.numCalls ?? 20, 1, 1000000)),
        RATE: String(requireInteger(this, 'rate', props.rate ?? 0, 0, 1000000)),
        SLEEP: String(requireInteger(this, 'sleepSeconds', props.sleepSeconds ?? 5, 0, 86400)),
        TRAVELS_AGENCY_SERVICE: `http://${serviceAddress(target)}`,
      },
      podAnnotations: travelsPodAnnotations(undefined),
      sidecarInjection: (props.sidecarInjection ?? (() => true))('loadtester'),
    });
  }
}
