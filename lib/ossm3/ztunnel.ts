import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ZTunnel, ZTunnelSpecVersion } from '../../imports/ossm3-sailoperator.io';
import { DEFAULT_ZTUNNEL_NAMESPACE } from '../core/data-plane';
import { requireDnsLabel, requireObject, requireOneOf } from '../core/validation';

/** The Istio versions the OSSM 3.4 operator's `ZTunnel` accepts (generated from its CRD). */
const ZTUNNEL_VERSIONS: readonly string[] = Object.values(ZTunnelSpecVersion);

/** Props of {@link MeshZTunnel}. */
export interface MeshZTunnelProps {
  /** Namespace of the ztunnel DaemonSet; the `Istio` resource's `values.pilot.trustedZtunnelNamespace` must name it. @default 'ztunnel' */
  readonly namespace?: string;
  /** Istio version, the control plane's. @default 'v1.30-latest' */
  readonly version?: string;
}

/**
 * The ambient data plane's node agent: a sail operator `ZTunnel` (sailoperator.io/v1, cluster-scoped, named
 * `default`, as Red Hat's OSSM 3 ambient install names it), which deploys the ztunnel DaemonSet in its namespace.
 * {@link SailControlPlane} makes one in ambient mode; the namespace is the mesh base's.
 */
export class MeshZTunnel extends Construct {
  /** The ztunnel namespace. */
  public readonly namespace: string;
  /** The `ZTunnel` resource. */
  public readonly apiObject: ApiObject;

  public constructor(scope: Construct, id: string, props: MeshZTunnelProps = {}) {
    super(scope, id);
    requireObject(this, 'props', props);
    this.namespace = requireDnsLabel(this, 'namespace', props.namespace ?? DEFAULT_ZTUNNEL_NAMESPACE);
    const version = requireOneOf(this, 'version', props.version ?? ZTunnelSpecVersion.V1_30_HYPHEN_LATEST, ZTUNNEL_VERSIONS,
      'These are the versions the OSSM 3.4 operator\'s ZTunnel resource accepts (ambient mode).');
    this.apiObject = new ZTunnel(this, 'Resource', {
      metadata: { name: 'default' },
      spec: { namespace: this.namespace, version: version as ZTunnelSpecVersion },
    });
  }
}
