import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { PeerAuthenticationProps, PeerAuthenticationSpecMtlsMode, PeerAuthenticationSpecPortLevelMtlsMode } from '../../imports/security.istio.io';
import { requireInChart } from '../core/chart-scope';
import { isAmbient } from '../core/data-plane';
import { meshControlPlaneOf } from '../core/mesh';
import { IMeshControlPlane } from '../core/mesh-control-plane';
import { plainMapOf, requireSafeMap } from '../core/safe-map';
import { invalidInput, requireDnsLabel, requireDnsSubdomain, requireObject, requireOneOf, requirePort } from '../core/validation';
import { newPeerAuthentication } from '../istio/istio-objects';
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from '../core/mesh-conventions';
import { IMeshService } from '../workload/mesh-service';
import { workloadSelector, WorkloadSelection } from './workload-selector';

/** What a workload's sidecar accepts from its callers (`PeerAuthentication` `mtls.mode`). */
export enum MtlsMode {
  /** Inherit from the enclosing policy (workload → namespace → mesh); PERMISSIVE where none sets a mode. */
  UNSET = 'UNSET',
  /** Plain text only. */
  DISABLE = 'DISABLE',
  /** Mutual TLS and plain text (the mesh's default). */
  PERMISSIVE = 'PERMISSIVE',
  /** Mutual TLS only: callers without a sidecar are refused. */
  STRICT = 'STRICT',
}

/**
 * Props of {@link MeshPeerAuthentication}. Its scope follows from what is given: the whole mesh (nothing: the
 * policy goes to the control plane's namespace, Istio's root namespace), one namespace (`namespace`), or some
 * workloads (`service` or `selector`).
 */
export interface MeshPeerAuthenticationProps {
  /** The mode for every port (for a workload policy: every port not in `portLevelMtls`). */
  readonly mode: MtlsMode;
  /**
   * The namespace of a namespace-wide policy, or of the workloads `selector` selects.
   * @default - the service's namespace with `service`; else the control plane's namespace (mesh-wide)
   */
  readonly namespace?: string;
  /** The workloads of this service (pods labelled `app: <service name>`), in its namespace. @default - not by service */
  readonly service?: IMeshService;
  /** The workloads whose pods carry these labels, in `namespace`. @default - not by labels */
  readonly selector?: Record<string, string>;
  /**
   * Modes of single ports (the workload's container ports), over `mode`. Only for a workload policy (`service` or
   * `selector`): Istio rejects port-level settings on mesh- and namespace-wide policies.
   * @default - none
   */
  readonly portLevelMtls?: Record<number, MtlsMode>;
  /**
   * Name of the PeerAuthentication.
   * @default - `default` for mesh- and namespace-wide policies (one per namespace takes effect); the service's name
   * with `service` (as Kiali names it); required with `selector`
   */
  readonly name?: string;
  /** Labels besides `app.kubernetes.io/managed-by: cdk8s-ossm`. @default - none */
  readonly labels?: Record<string, string>;
  /**
   * The control plane: its namespace is the mesh-wide policy's, its API version the one emitted
   * (`security.istio.io/v1beta1` on OSSM 2.6, `v1` on OSSM 3).
   * @default - the mesh of a scope above (`Mesh.of(this)`: e.g. the App's, declared by its `MeshBaseChart`); refused when no scope declares one
   */
  readonly controlPlane?: IMeshControlPlane;
}

/**
 * Mutual TLS as code (Istio's `PeerAuthentication`): what the sidecars of the whole mesh, one namespace or some
 * workloads accept from their callers — STRICT, PERMISSIVE or DISABLE, with per-port exceptions for workloads.
 * Clients whose DestinationRule sends plain text (TLS `DISABLE`) to a STRICT workload fail; the analyzer's OSSM701
 * finds them.
 */
export class MeshPeerAuthentication extends Construct {
  /** The PeerAuthentication (`security.istio.io/v1beta1` or `v1`, as the control plane serves). */
  public readonly apiObject: ApiObject;
  /** Its namespace. */
  public readonly namespace: string;
  /** Its name. */
  public readonly name: string;
  /** The mode for every port. */
  public readonly mode: MtlsMode;

  public constructor(scope: Construct, id: string, props: MeshPeerAuthenticationProps) {
    super(scope, id);
    requireInChart(this, 'MeshPeerAuthentication');
    requireObject(this, 'props', props);
    const controlPlane = meshControlPlaneOf(this, props.controlPlane);
    this.mode = requireOneOf(this, 'mode', props.mode, Object.values(MtlsMode));
    const selection: WorkloadSelection = workloadSelector(this, props);
    this.namespace = selection.namespace ?? requireDnsLabel(this, 'controlPlane.namespace', controlPlane.namespace);
    if (selection.selector === undefined && props.portLevelMtls !== undefined) {
      throw invalidInput(this, 'portLevelMtls', props.portLevelMtls, 'Allowed: only with service or selector; Istio rejects port-level modes on mesh- and namespace-wide policies.');
    }
    const ports = props.portLevelMtls === undefined ? undefined : requireObject(this, 'portLevelMtls', props.portLevelMtls);
    const portLevelMtls = ports === undefined ? undefined : plainMapOf(Object.entries(ports).map(([port, mode]) => {
      if (!/^\d+$/.test(port)) throw invalidInput(this, 'portLevelMtls port', port, 'Allowed: a port number from 1 to 65535.');
      requirePort(this, 'portLevelMtls port', Number(port));
      return [port, { mode: requireOneOf(this, `portLevelMtls[${port}]`, mode, Object.values(MtlsMode)) as unknown as PeerAuthenticationSpecPortLevelMtlsMode }] as const;
    }));
    if (isAmbient(controlPlane)) {
      const disabled = [...(this.mode === MtlsMode.DISABLE ? ['mode'] : []),
        ...Object.entries(portLevelMtls ?? {}).filter(([, m]) => (m.mode as unknown as string) === MtlsMode.DISABLE).map(([port]) => `portLevelMtls[${port}]`)];
      if (disabled.length > 0) {
        throw invalidInput(this, disabled[0], MtlsMode.DISABLE, 'Allowed in ambient mode: STRICT or PERMISSIVE; ztunnel and HBONE always use mutual TLS, '
          + 'so ambient mode ignores DISABLE (PERMISSIVE admits plain-text clients from outside the mesh).');
      }
    }
    if (portLevelMtls !== undefined && Object.keys(portLevelMtls).length === 0) {
      throw invalidInput(this, 'portLevelMtls', props.portLevelMtls, 'Allowed: at least one port; leave portLevelMtls out for none.');
    }
    if (props.name === undefined && props.service === undefined && selection.selector !== undefined) {
      throw invalidInput(this, 'name', undefined, 'Allowed: a name (a DNS-1123 subdomain); a policy by selector has no default name.');
    }
    this.name = requireDnsSubdomain(this, 'name', props.name ?? props.service?.name ?? 'default');
    const labels = plainMapOf({ ...requireSafeMap(this, 'labels', props.labels, 'labels'), [MANAGED_BY_LABEL]: MANAGED_BY_VALUE });
    const spec: PeerAuthenticationProps['spec'] = {
      selector: selection.selector === undefined ? undefined : { matchLabels: selection.selector },
      mtls: { mode: this.mode as unknown as PeerAuthenticationSpecMtlsMode },
      portLevelMtls,
    };
    this.apiObject = newPeerAuthentication(this, 'Resource', controlPlane.istioApiVersion, {
      metadata: { name: this.name, namespace: this.namespace, labels },
      spec,
    });
  }
}

