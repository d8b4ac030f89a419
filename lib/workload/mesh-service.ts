import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { requireInChart } from '../core/chart-scope';
import { serviceFqdn } from '../core/mesh-conventions';
import { plainMapOf, RESERVED_MAP_KEYS, requireSafeMap } from '../core/safe-map';
import {
  invalidInput, isDnsLabel, requireArray, requireDns1035Label, requireDnsSubdomain, requireDnsLabel, requireObject, requirePort,
  ValidationScope,
} from '../core/validation';
import { MeshDeployment, WorkloadVersionOptions } from './mesh-deployment';

/**
 * A Service in the mesh, as traffic charts see it: where it is and which versions of its app run behind it.
 * Made by {@link MeshService}, or by {@link MeshService.fromServiceName} for a Service made elsewhere.
 */
export interface IMeshService {
  /** Service name. */
  readonly name: string;
  /** Service namespace. */
  readonly namespace: string;
  /** The fully qualified host, `<name>.<namespace>.svc.cluster.local`: what Istio objects should name. */
  readonly fqdn: string;
  /** The Service port. */
  readonly port: number;
  /** The `version` labels of the workloads behind the Service, in order. */
  readonly versions: readonly string[];
  /**
   * The Service port's name, from which Istio reads the port's protocol (`grpc` or `grpc-<suffix>`: gRPC, which
   * Gateway API routing writes as a GRPCRoute).
   * @default - not known: the port is taken as HTTP
   */
  readonly portName?: string;
  /**
   * The port the pods listen on (the Service's `targetPort`), when it differs from `port`; per-version Services of
   * Gateway API routing target it too.
   * @default - the Service port
   */
  readonly targetPort?: number;
}

/**
 * Checks a service reference the way {@link MeshService} checks its own props — a DNS-1035 name, a DNS-1123
 * namespace, the FQDN that follows from them, a port 1–65535, versions that are distinct DNS labels — and
 * throws a {@link ValidationError} for `scope` otherwise. For references made by hand or by
 * {@link MeshService.fromServiceName}.
 * @internal
 */
export function requireMeshService(scope: ValidationScope, what: string, service: IMeshService): IMeshService {
  requireObject(scope, what, service);
  requireDns1035Label(scope, `${what}.name`, service.name);
  requireDnsLabel(scope, `${what}.namespace`, service.namespace);
  if (service.fqdn !== serviceFqdn(service.name, service.namespace)) {
    throw invalidInput(scope, `${what}.fqdn`, service.fqdn, `Allowed: "${serviceFqdn(service.name, service.namespace)}", the name and namespace as one host.`);
  }
  requirePort(scope, `${what}.port`, service.port);
  requireVersions(scope, `${what}.versions`, service.versions);
  if (service.portName !== undefined) requireDnsLabel(scope, `${what}.portName`, service.portName);
  return service;
}

/** Versions of one service: distinct DNS labels (each names a DestinationRule subset). */
function requireVersions(scope: ValidationScope, what: string, versions: readonly string[]): readonly string[] {
  requireArray(scope, what, versions);
  versions.forEach((v, i) => requireDnsLabel(scope, `${what}[${i}]`, v));
  const twice = versions.find((v, i) => versions.indexOf(v) !== i);
  if (twice !== undefined) throw invalidInput(scope, what, versions, `Allowed: each version once ("${twice}" is there twice).`);
  return versions;
}

/** `<name>.<namespace>:<port>`: the short address the Travels apps use to call a service. */
export function serviceAddress(service: IMeshService): string {
  return `${service.name}.${service.namespace}:${service.port}`;
}

/** The Service port of a {@link MeshService}. */
export interface MeshServicePort {
  /** Port number. */
  readonly number: number;
  /**
   * The port the pods listen on, when it differs from the Service's (Istio's httpbin: Service port 8000, pods 8080).
   * Also the `containerPort` of the versions added here, unless a version gives its own.
   * @default - the Service port
   */
  readonly targetPort?: number;
  /**
   * Port name. Istio picks the protocol from it (`http`, `http-*`, `grpc`, `tcp`, ...), so HTTP routing only
   * works on a port named for HTTP.
   * @default 'http'
   */
  readonly name?: string;
}

/** Props of {@link MeshService}. */
export interface MeshServiceProps {
  /** Service name; also the `app` label of its workloads. */
  readonly name: string;
  /** Namespace of the Service and its workloads. */
  readonly namespace: string;
  /** The port the Service exposes, and the pods' port when it differs (`targetPort`). */
  readonly port: MeshServicePort;
  /**
   * A ServiceAccount of this name, made in the Service's namespace, that every version's pods run under (unless a
   * version names its own `serviceAccountName`): the identity AuthorizationPolicies name as
   * `cluster.local/ns/<namespace>/sa/<name>`.
   * @default - no ServiceAccount: the pods run under the namespace's `default`
   */
  readonly serviceAccountName?: string;
  /**
   * Versions to create right away; more with {@link MeshService.addVersion}.
   * @default - none
   */
  readonly versions?: WorkloadVersionOptions[];
  /**
   * Labels of the Service besides `app: <name>` (which it always has), e.g. Bookinfo's `service: <name>`.
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/** Options of {@link MeshService.fromServiceName}. */
export interface MeshServiceReferenceOptions {
  /** The Service port. */
  readonly port: number;
  /** The `version` labels of the workloads behind it. */
  readonly versions: string[];
  /**
   * The Service port's name (Istio reads the protocol from it: `grpc`, `grpc-*` is gRPC).
   * @default - not known: the port is taken as HTTP
   */
  readonly portName?: string;
}

/**
 * A ClusterIP Service for one app (`app` label, selector on `app` only, so every version is behind it) and one
 * Deployment per version of that app.
 */
export class MeshService extends Construct implements IMeshService {
  /**
   * A reference to a Service that some other chart or tool creates. Checked at once like a constructed one
   * (errors name `MeshService.fromServiceName`): a DNS-1035 name, a DNS-1123 namespace, a port 1–65535 and
   * distinct versions that are DNS labels.
   */
  public static fromServiceName(name: string, namespace: string, options: MeshServiceReferenceOptions): IMeshService {
    const where = 'MeshService.fromServiceName';
    requireDns1035Label(where, 'name', name);
    requireDnsLabel(where, 'namespace', namespace);
    requireObject(where, 'options', options);
    requirePort(where, 'options.port', options.port);
    const versions = [...requireVersions(where, 'options.versions', options.versions)];
    const portName = options.portName === undefined ? undefined : requireDnsLabel(where, 'options.portName', options.portName);
    return { name, namespace, fqdn: serviceFqdn(name, namespace), port: options.port, versions, ...(portName === undefined ? {} : { portName }) };
  }

  /** Service name. */
  public readonly name: string;
  /** Service namespace. */
  public readonly namespace: string;
  /** `<name>.<namespace>.svc.cluster.local`. */
  public readonly fqdn: string;
  /** The Service port. */
  public readonly port: number;
  /** The port the pods listen on (the Service's `targetPort`). */
  public readonly targetPort: number;
  /** The Service port's name (Istio reads the protocol from it). */
  public readonly portName: string;
  /** The ServiceAccount made for the pods; `undefined` without `serviceAccountName`. */
  public readonly serviceAccount?: k8s.KubeServiceAccount;
  /** The generated Service. */
  public readonly apiObject: k8s.KubeService;
  private readonly deployments: MeshDeployment[] = [];

  public constructor(scope: Construct, id: string, props: MeshServiceProps) {
    super(scope, id);
    requireInChart(this, 'MeshService');
    requireObject(this, 'props', props);
    this.name = requireDns1035Label(this, 'name', props.name);
    this.namespace = requireDnsLabel(this, 'namespace', props.namespace);
    this.fqdn = serviceFqdn(this.name, this.namespace);
    requireObject(this, 'port', props.port);
    this.port = requirePort(this, 'port.number', props.port.number);
    this.targetPort = props.port.targetPort === undefined ? this.port : requirePort(this, 'port.targetPort', props.port.targetPort);
    this.portName = requireDnsLabel(this, 'port.name', props.port.name ?? 'http');
    const labels = requireSafeMap(this, 'labels', props.labels, 'labels');
    if (labels.app !== undefined && labels.app !== this.name) {
      throw invalidInput(this, 'labels value of "app"', labels.app, `Allowed: "${this.name}" (the Service's name, which its selector and workloads use) or no app label.`);
    }
    this.apiObject = new k8s.KubeService(this, 'Resource', {
      metadata: { name: this.name, namespace: this.namespace, labels: plainMapOf({ app: this.name, ...labels }) },
      spec: {
        ports: [{
          name: this.portName,
          port: this.port,
          ...(this.targetPort !== this.port && { targetPort: k8s.IntOrString.fromNumber(this.targetPort) }),
        }],
        selector: { app: this.name },
      },
    });
    if (props.serviceAccountName !== undefined) {
      this.serviceAccount = new k8s.KubeServiceAccount(this, 'ServiceAccount', {
        metadata: { name: requireDnsSubdomain(this, 'serviceAccountName', props.serviceAccountName), namespace: this.namespace, labels: { app: this.name } },
      });
    }
    for (const version of requireArray(this, 'versions', props.versions ?? [])) this.addVersion(version);
  }

  /** The versions behind this Service, in the order they were added. */
  public get versions(): readonly string[] {
    return this.deployments.map((d) => d.version);
  }

  /** The Deployments behind this Service. */
  public get workloads(): readonly MeshDeployment[] {
    return [...this.deployments];
  }

  /** `<name>.<namespace>:<port>`: the short address the Travels apps use to call each other. */
  public get address(): string {
    return serviceAddress(this);
  }

  /** Adds one version of the app as a Deployment behind this Service. */
  public addVersion(options: WorkloadVersionOptions): MeshDeployment {
    requireObject(this, 'version options', options);
    if (!isDnsLabel(options.version)) requireDnsLabel(this, 'version', options.version);
    if (RESERVED_MAP_KEYS.includes(options.version)) {
      // the version is the id of its Deployment construct, and constructs keeps children in a plain object
      throw invalidInput(this, 'version', options.version, 'Allowed: a DNS-1123 label other than "constructor" and "prototype", which JavaScript reserves.');
    }
    if (this.versions.includes(options.version)) {
      throw invalidInput(this, 'version', options.version, `Allowed: a version not yet added (have ${this.versions.join(', ')}).`);
    }
    const deployment = new MeshDeployment(this, options.version, {
      containerPort: this.targetPort,
      ...options,
      serviceAccountName: options.serviceAccountName ?? this.serviceAccount?.name,
      namespace: this.namespace,
      app: this.name,
    });
    this.deployments.push(deployment);
    return deployment;
  }
}
