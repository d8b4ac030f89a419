import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { SIDECAR_INJECT_LABEL } from '../core/mesh-conventions';
import { invalidInput, requireDnsLabel, requireDnsSubdomain, requireInteger, requireLabelValue, requireNonEmpty } from '../core/validation';

export { SIDECAR_INJECT_LABEL };

/** A container's image pull policy. */
export enum ImagePullPolicy {
  ALWAYS = 'Always',
  IF_NOT_PRESENT = 'IfNotPresent',
  NEVER = 'Never',
}

/** A reference to one key of a Secret, for an environment variable. */
export interface SecretKeyRef {
  /** Name of the Secret, in the workload's namespace. */
  readonly secretName: string;
  /** Key within the Secret. */
  readonly key: string;
}

/** The value of an environment variable: a literal, or a key of a Secret. */
export type EnvValue = string | SecretKeyRef;

/** A volume of type emptyDir mounted into the container. */
export interface EmptyDirMount {
  /** Volume name (DNS-1123 label). */
  readonly name: string;
  /** Where the container sees it. */
  readonly mountPath: string;
}

/**
 * The container security context of the upstream Travels workloads, which runs under OpenShift's
 * `restricted-v2` SCC: no privilege escalation, all capabilities dropped, read-only root file system.
 */
export const RESTRICTED_CONTAINER_SECURITY_CONTEXT: k8s.SecurityContext = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  privileged: false,
  readOnlyRootFilesystem: true,
};

/** One version of an app, as one Deployment. Shared by {@link MeshDeploymentProps} and `MeshService.addVersion`. */
export interface WorkloadVersionOptions {
  /** The `version` label of the pods, e.g. `v1`. Subsets of a DestinationRule select on it. */
  readonly version: string;
  /** The container image. */
  readonly image: string;
  /**
   * Name of the Deployment.
   * @default - `<app>-<version>`
   */
  readonly name?: string;
  /**
   * Name of the container.
   * @default - the app name
   */
  readonly containerName?: string;
  /**
   * Port the container listens on; declared as `containerPort` without a name.
   * @default - none declared
   */
  readonly containerPort?: number;
  /**
   * Environment variables, in this order.
   * @default - none
   */
  readonly env?: Record<string, EnvValue>;
  /**
   * Container arguments.
   * @default - the image's
   */
  readonly args?: string[];
  /** @default 1 */
  readonly replicas?: number;
  /** @default ImagePullPolicy.IF_NOT_PRESENT */
  readonly imagePullPolicy?: ImagePullPolicy;
  /**
   * Annotations of the pod template.
   * @default - none
   */
  readonly podAnnotations?: Record<string, string>;
  /**
   * Labels of the Deployment object itself (the pod template always has `app` and `version`).
   * @default - none
   */
  readonly deploymentLabels?: Record<string, string>;
  /**
   * The container's security context; `false` for none.
   * @default RESTRICTED_CONTAINER_SECURITY_CONTEXT
   */
  readonly containerSecurityContext?: k8s.SecurityContext | false;
  /**
   * emptyDir volumes mounted into the container.
   * @default - none
   */
  readonly emptyDirs?: EmptyDirMount[];
  /**
   * Service account of the pods.
   * @default - the namespace's `default`
   */
  readonly serviceAccountName?: string;
  /**
   * Inject the Istio sidecar: adds the pod-template label `sidecar.istio.io/inject: "true"`, the form OSSM 2
   * reads (workshop step 2-5). Without it no label is set, and OSSM 2 does not inject.
   * @default true
   */
  readonly sidecarInjection?: boolean;
}

/** Props of {@link MeshDeployment}. */
export interface MeshDeploymentProps extends WorkloadVersionOptions {
  /** Namespace of the Deployment. */
  readonly namespace: string;
  /** The `app` label of the pods (Kiali's app label). */
  readonly app: string;
}

/**
 * One version of one app as a Deployment, labelled the way Istio and Kiali expect (`app`, `version`), with the
 * sidecar injection label on its pod template. Unlike cdk8s-plus's Deployment it adds nothing of its own:
 * no resource limits, no pod security context, no extra selector labels, so the output means what the
 * upstream manifests mean.
 */
export class MeshDeployment extends Construct {
  /** Deployment name. */
  public readonly name: string;
  /** Namespace. */
  public readonly namespace: string;
  /** The `app` label. */
  public readonly app: string;
  /** The `version` label. */
  public readonly version: string;
  /** The labels of the pod template. */
  public readonly podLabels: Readonly<Record<string, string>>;
  /** The generated API object. */
  public readonly apiObject: k8s.KubeDeployment;

  public constructor(scope: Construct, id: string, props: MeshDeploymentProps) {
    super(scope, id);
    this.namespace = requireDnsLabel(this, 'namespace', props.namespace);
    this.app = requireLabelValue(this, 'app', requireNonEmpty(this, 'app', props.app));
    this.version = requireLabelValue(this, 'version', requireNonEmpty(this, 'version', props.version));
    this.name = requireDnsSubdomain(this, 'name', props.name ?? `${this.app}-${this.version}`);
    const replicas = requireInteger(this, 'replicas', props.replicas ?? 1, 0, 1000);
    const selector = { app: this.app, version: this.version };
    this.podLabels = (props.sidecarInjection ?? true) ? { ...selector, [SIDECAR_INJECT_LABEL]: 'true' } : selector;
    if (props.containerPort !== undefined) requireInteger(this, 'containerPort', props.containerPort, 1, 65535);
    const securityContext = props.containerSecurityContext === false
      ? undefined
      : props.containerSecurityContext ?? RESTRICTED_CONTAINER_SECURITY_CONTEXT;
    const emptyDirs = props.emptyDirs ?? [];
    emptyDirs.forEach((v) => requireDnsLabel(this, 'emptyDirs[].name', v.name));

    this.apiObject = new k8s.KubeDeployment(this, 'Resource', {
      metadata: { name: this.name, namespace: this.namespace, labels: props.deploymentLabels },
      spec: {
        replicas,
        selector: { matchLabels: selector },
        template: {
          metadata: { labels: { ...this.podLabels }, annotations: props.podAnnotations },
          spec: {
            serviceAccountName: props.serviceAccountName,
            containers: [{
              name: requireDnsLabel(this, 'containerName', props.containerName ?? this.app),
              image: requireNonEmpty(this, 'image', props.image),
              imagePullPolicy: props.imagePullPolicy ?? ImagePullPolicy.IF_NOT_PRESENT,
              ports: props.containerPort === undefined ? undefined : [{ containerPort: props.containerPort }],
              securityContext,
              env: props.env === undefined ? undefined : toEnvVars(this, props.env),
              args: props.args,
              volumeMounts: emptyDirs.length ? emptyDirs.map((v) => ({ name: v.name, mountPath: v.mountPath })) : undefined,
            }],
            volumes: emptyDirs.length ? emptyDirs.map((v) => ({ name: v.name, emptyDir: {} })) : undefined,
          },
        },
      },
    });
  }
}

function toEnvVars(scope: Construct, env: Record<string, EnvValue>): k8s.EnvVar[] {
  return Object.entries(env).map(([name, value]) => {
    if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(name)) {
      throw invalidInput(scope, 'environment variable name', name, 'Allowed: letters, digits, \'_\', \'-\' and \'.\', not starting with a digit.');
    }
    return typeof value === 'string'
      ? { name, value }
      : { name, valueFrom: { secretKeyRef: { name: requireDnsSubdomain(scope, `secret of ${name}`, value.secretName), key: value.key } } };
  });
}
