import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { requireInChart } from '../core/chart-scope';
import { isAmbient } from '../core/data-plane';
import { meshControlPlaneOf } from '../core/mesh';
import { IMeshControlPlane, IngressGatewayReference, standardIngressGateway } from '../core/mesh-control-plane';
import { INGRESS_GATEWAY_NAME } from '../core/mesh-conventions';
import { RESTRICTED_CONTAINER_MINIMUM, RESTRICTED_POD_SECURITY } from '../core/pod-security';
import { plainMapOf, requireSafeMap } from '../core/safe-map';
import { invalidInput, requireBoolean, requireDns1035Label, requireDnsLabel, requireInteger, requireObject } from '../core/validation';
import { injectionPodLabels } from '../workload/mesh-deployment';

/** The namespace Red Hat's OSSM 3 documentation deploys the ingress gateway in. */
export const DEFAULT_INGRESS_GATEWAY_NAMESPACE = 'istio-ingress';

/** The gateway Service's ports: the Service port and the port the gateway's Envoy listens on (non-root: above 1024). */
const GATEWAY_PORTS = { http: { port: 80, targetPort: 8080 }, https: { port: 443, targetPort: 8443 } } as const;

/**
 * The ingress gateway {@link MeshIngressGateway} deploys: the Service `istio-ingressgateway` (ports `http2` and
 * `https`) in `namespace`, over pods labelled `istio: ingressgateway` — the names OSSM 2 gave the gateway it created,
 * so Gateways and Routes written for it keep working.
 */
export function ingressGatewayReference(namespace: string = DEFAULT_INGRESS_GATEWAY_NAMESPACE): IngressGatewayReference {
  return standardIngressGateway(namespace);
}

/** The namespace label OpenShift puts on the router's namespace (and on host-network namespaces). */
export const ROUTER_NAMESPACE_LABEL = { 'network.openshift.io/policy-group': 'ingress' } as const;

/** The namespace label of OpenShift's monitoring namespaces, whose Prometheus scrapes the gateway's metrics. */
export const MONITORING_NAMESPACE_LABEL = { 'network.openshift.io/policy-group': 'monitoring' } as const;

/** The gateway pods' Envoy metrics port (`http-envoy-prom`). */
const ENVOY_PROMETHEUS_PORT = 15090;

/** Horizontal autoscaling of the gateway pods on CPU, as in Red Hat's gateway injection quick start. */
export interface GatewayAutoscalingOptions {
  /** Fewest pods. @default 2 */
  readonly minReplicas?: number;
  /** Most pods. @default 5 */
  readonly maxReplicas?: number;
  /** Average CPU utilization (percent of the proxy's request) to keep. @default 80 */
  readonly cpuUtilization?: number;
}

/** Props of {@link MeshIngressGateway}. */
export interface MeshIngressGatewayProps {
  /** Namespace of the gateway; it must be one whose pods the control plane injects (OSSM 3: labelled for injection). */
  readonly namespace: string;
  /** Name of the Deployment, its Service and ServiceAccount, and the pods' `app` label. @default 'istio-ingressgateway' */
  readonly name?: string;
  /** Labels of the gateway pods, which Gateways select; also the Service's selector. @default { istio: 'ingressgateway' } */
  readonly selector?: Record<string, string>;
  /**
   * The control plane that injects the gateway: its injection pod labels go on the pod template.
   * @default - the mesh of a scope above (`Mesh.of(this)`: e.g. the App's, declared by its `MeshBaseChart`); refused when no scope declares one
   */
  readonly controlPlane?: IMeshControlPlane;
  /** Number of gateway pods (without `autoscaling`). @default 1 */
  readonly replicas?: number;
  /**
   * A HorizontalPodAutoscaler (autoscaling/v2) on CPU; the Deployment then leaves `replicas` to it. Not together with
   * `replicas`.
   * @default - no autoscaling
   */
  readonly autoscaling?: GatewayAutoscalingOptions;
  /**
   * A PodDisruptionBudget with `minAvailable: 1`, so that node drains keep a gateway pod running. With a single pod
   * it would block every drain, so it needs at least 2 pods (`replicas` or `autoscaling.minReplicas`).
   * @default - true with autoscaling or 2 pods or more, false otherwise
   */
  readonly podDisruptionBudget?: boolean;
  /**
   * A NetworkPolicy that lets only the OpenShift router (namespaces labelled
   * `network.openshift.io/policy-group: ingress`), the mesh (namespaces with the control plane's membership labels, and
   * this namespace) and OpenShift monitoring (its metrics port) reach the gateway pods — what a default-deny cluster needs.
   * @default true
   */
  readonly networkPolicy?: boolean;
}

/**
 * An Istio ingress gateway deployed by gateway injection, as OSSM 3 documents it: OSSM 3 creates no gateway of its
 * own (OSSM 2's SMCP did). A Deployment whose single container is `istio-proxy` with `image: auto` and whose pod
 * template carries the annotation `inject.istio.io/templates: gateway` and the control plane's injection label, so
 * the injector turns it into an Envoy gateway; a ClusterIP Service with the ports `http2` (80 → 8080) and `https`
 * (443 → 8443) for Routes to point to; its own ServiceAccount, allowed by a Role to read the namespace's Secrets
 * (TLS certificates of Gateways, `credentialName`). The pod runs restricted (non-root, RuntimeDefault seccomp, no
 * privilege escalation, every capability dropped), which the gateway template needs no more than.
 * Sources: sail-operator docs/ossm/ossm2-vs-ossm3.md ("Independently Managed Gateways") and Istio's gateway
 * injection (https://istio.io/latest/docs/setup/additional-setup/gateway/).
 */
export class MeshIngressGateway extends Construct {
  /** What Gateways select and Routes point to. */
  public readonly reference: IngressGatewayReference;
  /** The gateway Deployment. */
  public readonly deployment: k8s.KubeDeployment;
  /** The gateway Service. */
  public readonly service: k8s.KubeService;
  /** The NetworkPolicy that admits the router, the mesh and monitoring (unless `networkPolicy` is false). */
  public readonly networkPolicy?: k8s.KubeNetworkPolicy;
  /** The PodDisruptionBudget, with 2 pods or more. */
  public readonly podDisruptionBudget?: k8s.KubePodDisruptionBudget;
  /** The HorizontalPodAutoscaler, with `autoscaling`. */
  public readonly autoscaler?: k8s.KubeHorizontalPodAutoscalerV2;

  public constructor(scope: Construct, id: string, props: MeshIngressGatewayProps) {
    super(scope, id);
    requireInChart(this, 'MeshIngressGateway');
    requireObject(this, 'props', props);
    const namespace = requireDnsLabel(this, 'namespace', props.namespace);
    const name = requireDns1035Label(this, 'name', props.name ?? INGRESS_GATEWAY_NAME);
    const defaults = ingressGatewayReference(namespace);
    const selector = plainMapOf(requireSafeMap(this, 'selector', props.selector ?? defaults.selector, 'labels'));
    if (Object.keys(selector).length === 0) {
      throw invalidInput(this, 'selector', props.selector, 'Allowed: at least one label; an empty selector would select every pod of the namespace.');
    }
    const controlPlane = meshControlPlaneOf(this, props.controlPlane);
    const autoscaling = props.autoscaling === undefined ? undefined : this.readAutoscaling(props.autoscaling);
    if (autoscaling !== undefined && props.replicas !== undefined) {
      throw invalidInput(this, 'replicas', props.replicas, 'Allowed: undefined with autoscaling, which sets the number of pods (autoscaling.minReplicas).');
    }
    const replicas = requireInteger(this, 'replicas', props.replicas ?? 1, 0, 1000);
    const pods = autoscaling?.minReplicas ?? replicas;
    const pdb = requireBoolean(this, 'podDisruptionBudget', props.podDisruptionBudget) ?? pods >= 2;
    if (pdb && pods < 2) {
      throw invalidInput(this, 'podDisruptionBudget', true, `Allowed with ${pods} pod(s): false — a budget of minAvailable 1 over a single pod blocks every node drain; `
        + 'run 2 pods or more (replicas, autoscaling.minReplicas).');
    }
    if (isAmbient(controlPlane)) {
      throw invalidInput(this, 'controlPlane.dataPlane', controlPlane.dataPlane, 'Allowed: sidecar; an ambient mesh injects no gateways: '
        + 'use a Gateway API Gateway of class istio (GatewayApiIngress), which Istio deploys, as Red Hat documents gateways for ambient mode.');
    }
    const injection = injectionPodLabels(this, controlPlane, true);
    this.reference = { ...defaults, selector, serviceName: name };

    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name, namespace } });
    const role = new k8s.KubeRole(this, 'SecretReader', {
      metadata: { name: `${name}-sds`, namespace },
      rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'watch', 'list'] }],
    });
    new k8s.KubeRoleBinding(this, 'SecretReaderBinding', {
      metadata: { name: `${name}-sds`, namespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.name },
      subjects: [{ kind: 'ServiceAccount', name, namespace }],
    });
    this.deployment = new k8s.KubeDeployment(this, 'Deployment', {
      metadata: { name, namespace },
      spec: {
        replicas: autoscaling === undefined ? replicas : undefined, // the autoscaler's to set
        selector: { matchLabels: { ...selector } },
        template: {
          metadata: {
            // the gateway template instead of the sidecar one
            annotations: { 'inject.istio.io/templates': 'gateway' },
            labels: { app: name, ...selector, ...injection },
          },
          spec: {
            serviceAccountName: name,
            securityContext: { ...RESTRICTED_POD_SECURITY },
            containers: [{
              name: 'istio-proxy',
              image: 'auto', // replaced by the injector with the control plane's proxy image
              securityContext: { ...RESTRICTED_CONTAINER_MINIMUM, capabilities: { drop: ['ALL'] } },
            }],
          },
        },
      },
    });
    this.service = new k8s.KubeService(this, 'Service', {
      metadata: { name, namespace, labels: { app: name, ...selector } },
      spec: {
        type: 'ClusterIP',
        selector: { ...selector },
        ports: ([[defaults.httpPortName, GATEWAY_PORTS.http], [defaults.httpsPortName, GATEWAY_PORTS.https]] as const).map(([portName, p]) => (
          { name: portName, port: p.port, targetPort: k8s.IntOrString.fromNumber(p.targetPort) })),
      },
    });
    if (requireBoolean(this, 'networkPolicy', props.networkPolicy) ?? true) {
      const meshLabels = Object.keys(controlPlane.membership.namespaceLabels).length > 0 ? { ...controlPlane.membership.namespaceLabels } : undefined;
      const port = (n: number) => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(n) });
      const trafficPorts = [port(GATEWAY_PORTS.http.targetPort), port(GATEWAY_PORTS.https.targetPort)];
      this.networkPolicy = new k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
        metadata: { name, namespace },
        spec: {
          podSelector: { matchLabels: { ...selector } },
          policyTypes: ['Ingress'],
          ingress: [
            // the OpenShift router, to the ports the Routes point to
            { from: [{ namespaceSelector: { matchLabels: { ...ROUTER_NAMESPACE_LABEL } } }], ports: trafficPorts },
            // the mesh (its member namespaces, and this one) as clients of the gateway
            {
              from: [
                { podSelector: {} },
                ...(meshLabels ? [{ namespaceSelector: { matchLabels: meshLabels } }] : []),
              ],
              ports: trafficPorts,
            },
            // user-workload monitoring scrapes the proxy's metrics
            { from: [{ namespaceSelector: { matchLabels: { ...MONITORING_NAMESPACE_LABEL } } }], ports: [port(ENVOY_PROMETHEUS_PORT)] },
          ],
        },
      });
    }
    if (pdb) {
      this.podDisruptionBudget = new k8s.KubePodDisruptionBudget(this, 'DisruptionBudget', {
        metadata: { name, namespace },
        spec: { minAvailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: { ...selector } } },
      });
    }
    if (autoscaling !== undefined) {
      this.autoscaler = new k8s.KubeHorizontalPodAutoscalerV2(this, 'Autoscaler', {
        metadata: { name, namespace },
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
          minReplicas: autoscaling.minReplicas,
          maxReplicas: autoscaling.maxReplicas,
          metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: autoscaling.cpuUtilization } } }],
        },
      });
    }
  }

  private readAutoscaling(options: GatewayAutoscalingOptions): Required<GatewayAutoscalingOptions> {
    requireObject(this, 'autoscaling', options);
    const minReplicas = requireInteger(this, 'autoscaling.minReplicas', options.minReplicas ?? 2, 1, 1000);
    const maxReplicas = requireInteger(this, 'autoscaling.maxReplicas', options.maxReplicas ?? Math.max(5, minReplicas), 1, 1000);
    if (maxReplicas < minReplicas) {
      throw invalidInput(this, 'autoscaling.maxReplicas', maxReplicas, `Allowed: at least minReplicas (${minReplicas}).`);
    }
    const cpuUtilization = requireInteger(this, 'autoscaling.cpuUtilization', options.cpuUtilization ?? 80, 1, 100);
    return { minReplicas, maxReplicas, cpuUtilization };
  }
}
