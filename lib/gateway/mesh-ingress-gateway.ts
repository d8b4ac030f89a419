import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { isAmbient } from '../core/data-plane';
import { meshControlPlaneOf } from '../core/mesh';
import { IMeshControlPlane, IngressGatewayReference, standardIngressGateway } from '../core/mesh-control-plane';
import { INGRESS_GATEWAY_NAME } from '../core/mesh-conventions';
import { RESTRICTED_CONTAINER_MINIMUM, RESTRICTED_POD_SECURITY } from '../core/pod-security';
import { plainMapOf, requireSafeMap } from '../core/safe-map';
import { invalidInput, requireDns1035Label, requireDnsLabel, requireInteger, requireObject } from '../core/validation';
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
  /** Number of gateway pods. @default 1 */
  readonly replicas?: number;
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

  public constructor(scope: Construct, id: string, props: MeshIngressGatewayProps) {
    super(scope, id);
    requireObject(this, 'props', props);
    const namespace = requireDnsLabel(this, 'namespace', props.namespace);
    const name = requireDns1035Label(this, 'name', props.name ?? INGRESS_GATEWAY_NAME);
    const defaults = ingressGatewayReference(namespace);
    const selector = plainMapOf(requireSafeMap(this, 'selector', props.selector ?? defaults.selector, 'labels'));
    if (Object.keys(selector).length === 0) {
      throw invalidInput(this, 'selector', props.selector, 'Allowed: at least one label; an empty selector would select every pod of the namespace.');
    }
    const replicas = requireInteger(this, 'replicas', props.replicas ?? 1, 0, 1000);
    const controlPlane = meshControlPlaneOf(this, props.controlPlane);
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
        replicas,
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
  }
}
