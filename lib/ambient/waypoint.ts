import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import type * as gwapi121 from '../../imports/gwapi121-gateway.networking.k8s.io';
import {
  isAmbient, USE_WAYPOINT_LABEL, WAYPOINT_FOR_LABEL, WAYPOINT_GATEWAY_CLASS, WAYPOINT_HBONE_PORT,
} from '../core/data-plane';
import { namespacesCreatedIn } from '../core/members';
import { meshControlPlaneOf } from '../core/mesh';
import { IMeshControlPlane } from '../core/mesh-control-plane';
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from '../core/mesh-conventions';
import { addSynthWarning } from '../core/synth-warnings';
import { invalidInput, requireDnsLabel, requireObject } from '../core/validation';
import { gatewayApi } from '../traffic/render-gateway-api/render-intent';

/** The name of a namespace's waypoint unless told otherwise, as `istioctl waypoint apply` names it. */
export const DEFAULT_WAYPOINT_NAME = 'waypoint';

/** Props of {@link Waypoint}. */
export interface WaypointProps {
  /** The namespace whose services the waypoint serves: it runs there, and the namespace is bound to it. */
  readonly namespace: string;
  /** Name of the Gateway (and of its Deployment, which Istio makes). @default 'waypoint' */
  readonly name?: string;
  /**
   * Bind the namespace to the waypoint with the label `istio.io/use-waypoint: <name>`: on the Namespace object when a
   * chart of this app creates it (it must be created before the waypoint), otherwise a synth warning gives the
   * `oc label` command (this library does not label namespaces it does not create).
   * @default true
   */
  readonly bindNamespace?: boolean;
  /** The control plane: an OSSM 3 one in ambient mode. @default - the mesh of the construct tree ({@link Mesh.of}) */
  readonly controlPlane?: IMeshControlPlane;
}

/** The waypoints of each control plane, by namespace: so that routing and policies of any app of the mesh find them. */
const WAYPOINTS = new WeakMap<IMeshControlPlane, Map<string, Waypoint>>();

/**
 * An ambient-mode waypoint proxy for the services of one namespace: a Gateway API Gateway of class `istio-waypoint`
 * with the listener `mesh` on port 15008, protocol HBONE, labelled `istio.io/waypoint-for: service` (what
 * `istioctl waypoint generate` writes, with `allowedRoutes` written out so Argo CD shows no drift). Istio deploys
 * the proxy. The namespace is bound to it by `istio.io/use-waypoint`.
 *
 * In ambient mode ztunnel does only L4: HTTPRoutes for a service and L7 AuthorizationPolicies (methods, paths,
 * hosts, request principals) take effect only in a waypoint. {@link GatewayApiRouting} and
 * {@link MeshAuthorizationPolicy} make one ({@link Waypoint.ensure}) when their namespace has none in the mesh.
 */
export class Waypoint extends Construct {
  /**
   * The waypoint of `namespace` in the mesh of `scope` (or `controlPlane`): the one any app of the mesh made, or a new
   * one in the chart of `scope`.
   */
  public static ensure(scope: Construct, namespace: string, controlPlane?: IMeshControlPlane): Waypoint {
    const mesh = meshControlPlaneOf(scope, controlPlane);
    const existing = WAYPOINTS.get(mesh)?.get(namespace);
    if (existing) return existing;
    return new Waypoint(Chart.of(scope), `Waypoint-${namespace}`, { namespace, controlPlane: mesh });
  }

  /** The waypoint made for `namespace` in the mesh of `controlPlane`, if any. */
  public static find(controlPlane: IMeshControlPlane, namespace: string): Waypoint | undefined {
    return WAYPOINTS.get(controlPlane)?.get(namespace);
  }

  /** The Gateway's name. */
  public readonly name: string;
  /** The namespace served. */
  public readonly namespace: string;
  /** The Gateway (gateway.networking.k8s.io/v1). */
  public readonly gateway: ApiObject;

  public constructor(scope: Construct, id: string, props: WaypointProps) {
    super(scope, id);
    requireObject(this, 'props', props);
    this.namespace = requireDnsLabel(this, 'namespace', props.namespace);
    this.name = requireDnsLabel(this, 'name', props.name ?? DEFAULT_WAYPOINT_NAME);
    const controlPlane = meshControlPlaneOf(this, props.controlPlane);
    if (!isAmbient(controlPlane)) {
      throw invalidInput(this, 'controlPlane.dataPlane', controlPlane.dataPlane ?? 'sidecar',
        'Allowed: ambient (a waypoint serves ambient workloads; with sidecars each pod\'s proxy does L7): set ossm3.dataPlane or MESH_DATAPLANE=ambient.');
    }
    const known = WAYPOINTS.get(controlPlane) ?? new Map<string, Waypoint>();
    WAYPOINTS.set(controlPlane, known);
    if (known.has(this.namespace)) {
      throw invalidInput(this, 'namespace', this.namespace, `Allowed: a namespace with no waypoint in this mesh yet; ${known.get(this.namespace)!.node.path} serves it.`);
    }
    known.set(this.namespace, this);

    this.gateway = new (gatewayApi().Gateway)(this, 'Gateway', {
      metadata: {
        name: this.name, namespace: this.namespace,
        labels: { [WAYPOINT_FOR_LABEL]: 'service', [MANAGED_BY_LABEL]: MANAGED_BY_VALUE },
      },
      spec: {
        gatewayClassName: WAYPOINT_GATEWAY_CLASS,
        listeners: [{ name: 'mesh', port: WAYPOINT_HBONE_PORT, protocol: 'HBONE', allowedRoutes: { namespaces: { from: 'Same' } } }],
      } as unknown as gwapi121.GatewaySpec,
    });
    if (props.bindNamespace ?? true) this.bind();
  }

  /** Labels the namespace for this waypoint when this app creates it; otherwise warns with the command that does. */
  private bind(): void {
    const ns = namespacesCreatedIn(this.node.root).get(this.namespace);
    if (ns === undefined) {
      addSynthWarning(this, `namespace "${this.namespace}" is not created by this app, so this output does not bind it to its waypoint: `
        + `run oc label namespace ${this.namespace} ${USE_WAYPOINT_LABEL}=${this.name} (or create the namespace before the waypoint), `
        + 'otherwise its HTTPRoutes and L7 authorization policies are not applied.');
      return;
    }
    const bound = ns.metadata.getLabel(USE_WAYPOINT_LABEL);
    if (bound !== undefined && bound !== this.name) {
      throw invalidInput(this, 'name', this.name, `Allowed: "${bound}", the waypoint namespace "${this.namespace}" (${ns.node.path}) is already bound to.`);
    }
    ns.metadata.addLabel(USE_WAYPOINT_LABEL, this.name);
  }
}
