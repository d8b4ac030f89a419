import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { UNRESTRICTED_POD_CODE } from '../analysis/rules/ossm506-unrestricted-pod';
import { suppressFinding } from '../analysis/suppress';
import { requireInChart } from '../core/chart-scope';
import { meshControlPlaneOf } from '../core/mesh';
import { IMeshControlPlane } from '../core/mesh-control-plane';
import { SIDECAR_INJECT_LABEL } from '../core/mesh-conventions';
import { RESTRICTED_CONTAINER_MINIMUM, RESTRICTED_POD_SECURITY, sccRangeProblems, UidRange, unrestrictedSettings } from '../core/pod-security';
import { addSynthWarning } from '../core/synth-warnings';
import { plainMapOf, requireSafeMap } from '../core/safe-map';
import {
  invalidInput, requireArray, requireBoolean, requireDnsLabel, requireDnsSubdomain, requireInteger, requireLabelValue,
  requireNonEmpty, requireObject, requireOneOf, requirePlainData, requirePort, ValidationScope,
} from '../core/validation';

export { SIDECAR_INJECT_LABEL };

/** A container's image pull policy. */
export enum ImagePullPolicy {
  /** Pull the image every time a container starts. */
  ALWAYS = 'Always',
  /** Pull only when the node does not have the image. */
  IF_NOT_PRESENT = 'IfNotPresent',
  /** Never pull: the image must be on the node. */
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
 * Every container also gets the pod-level `runAsNonRoot: true` and `seccompProfile: RuntimeDefault`.
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
  /**
   * The container's command (its entrypoint), e.g. `['/bin/sleep', 'infinity']` for Istio's sleep sample; `args`
   * follow it.
   * @default - the image's entrypoint
   */
  readonly command?: string[];
  /** Number of pods. @default 1 */
  readonly replicas?: number;
  /** When the kubelet pulls the image. @default ImagePullPolicy.IF_NOT_PRESENT */
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
   * The container's security context. Whatever you give, the container keeps `allowPrivilegeEscalation: false`
   * and `capabilities.drop: [ALL]` unless you set those fields yourself; settings that Pod Security
   * "restricted" refuses (privileged, privilege escalation, root, added capabilities, not dropping ALL) need
   * `unrestrictedReason`. `false` means no settings of your own: just that minimum.
   * @default RESTRICTED_CONTAINER_SECURITY_CONTEXT
   */
  readonly containerSecurityContext?: k8s.SecurityContext | false;
  /**
   * The pod's security context, over the pod-level settings every workload gets: `runAsNonRoot: true` and
   * `seccompProfile: { type: RuntimeDefault }`. OpenShift's `restricted-v2` SCC assigns the user and group; on
   * clusters that do not, and with images that declare no numeric USER, set `runAsUser` (e.g. 1000) or the
   * kubelet refuses to start a non-root container from them. Running as root needs `unrestrictedReason`.
   * @default - runAsNonRoot and the RuntimeDefault seccomp profile only
   */
  readonly podSecurityContext?: k8s.PodSecurityContext;
  /**
   * The namespace's UID range on OpenShift (its `openshift.io/sa.scc.uid-range` annotation, e.g. `1000680000/10000`
   * as `{ start: 1000680000, size: 10000 }`). OpenShift's `restricted-v2` SCC refuses a pod whose fixed
   * `runAsUser` or `fsGroup` is outside it. Given, such a value is refused here with the reason; not given (the
   * range is assigned when the namespace is created), a fixed `runAsUser` or `fsGroup` is synthesized with a
   * warning that restricted-v2 will refuse it (fine on clusters without that SCC).
   * @default - unknown: fixed IDs are warned about
   */
  readonly namespaceUidRange?: UidRange;
  /**
   * Why this workload needs settings that Pod Security "restricted" refuses (see `containerSecurityContext`
   * and `podSecurityContext`). Without a reason such settings are refused; with one they are emitted as given,
   * and the analyzer's OSSM506 warning on this workload is suppressed with this reason.
   * @default - no such settings allowed
   */
  readonly unrestrictedReason?: string;
  /**
   * emptyDir volumes mounted into the container: each with its own name and its own absolute mount path.
   * @default - none
   */
  readonly emptyDirs?: EmptyDirMount[];
  /**
   * Service account of the pods.
   * @default - the namespace's `default`
   */
  readonly serviceAccountName?: string;
  /**
   * Inject the Istio sidecar. The pod template gets the control plane's labels for it
   * (`IMeshControlPlane.membership`): `sidecar.istio.io/inject: "true"` on both platforms (workshop step 2-5); without
   * injection none on OSSM 2.6, which injects only pods that ask, and `sidecar.istio.io/inject: "false"` on OSSM 3,
   * whose namespace label injects every pod that does not opt out.
   * @default true
   */
  readonly sidecarInjection?: boolean;
  /**
   * The control plane whose injection labels the pod template carries.
   * @default - the mesh of a scope above (`Mesh.of(this)`: e.g. the App's, declared by its `MeshBaseChart`); refused when no scope declares one
   */
  readonly controlPlane?: IMeshControlPlane;
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
    requireInChart(this, 'MeshDeployment');
    requireObject(this, 'props', props);
    this.namespace = requireDnsLabel(this, 'namespace', props.namespace);
    this.app = requireLabelValue(this, 'app', requireNonEmpty(this, 'app', props.app));
    // the version names the DestinationRule subset, which Istio requires to be a DNS label
    this.version = requireDnsLabel(this, 'version', props.version);
    this.name = requireDnsSubdomain(this, 'name', props.name ?? `${this.app}-${this.version}`);
    const replicas = requireInteger(this, 'replicas', props.replicas ?? 1, 0, 1000);
    const selector = { app: this.app, version: this.version };
    const inject = requireBoolean(this, 'sidecarInjection', props.sidecarInjection) ?? true;
    this.podLabels = { ...selector, ...injectionPodLabels(this, meshControlPlaneOf(this, props.controlPlane), inject) };
    if (props.containerPort !== undefined) requirePort(this, 'containerPort', props.containerPort);
    const containerName = requireDnsLabel(this, 'containerName', props.containerName ?? this.app);
    const image = requireImage(this, props.image);
    const imagePullPolicy = requireOneOf(this, 'imagePullPolicy', props.imagePullPolicy ?? ImagePullPolicy.IF_NOT_PRESENT, Object.values(ImagePullPolicy));
    const args = props.args === undefined ? undefined : requireArray(this, 'args', props.args).map((a, i) => {
      if (typeof a !== 'string') throw invalidInput(this, `args[${i}]`, a, 'Allowed: a string.');
      return a;
    });
    const command = props.command === undefined ? undefined : requireArray(this, 'command', props.command).map((a, i) => {
      if (typeof a !== 'string' || a === '') throw invalidInput(this, `command[${i}]`, a, 'Allowed: a non-empty string.');
      return a;
    });
    if (command !== undefined && command.length === 0) throw invalidInput(this, 'command', command, 'Allowed: at least one word (the program), or no command for the image\'s entrypoint.');
    const serviceAccountName = props.serviceAccountName === undefined ? undefined
      : requireDnsSubdomain(this, 'serviceAccountName', props.serviceAccountName);
    const emptyDirs = requireEmptyDirs(this, props.emptyDirs ?? []);
    const podAnnotations = props.podAnnotations === undefined ? undefined : plainMapOf(requireSafeMap(this, 'podAnnotations', props.podAnnotations, 'annotations'));
    const deploymentLabels = props.deploymentLabels === undefined ? undefined : plainMapOf(requireSafeMap(this, 'deploymentLabels', props.deploymentLabels, 'labels'));
    const env = props.env === undefined ? undefined : toEnvVars(this, requireSafeMap(this, 'env', props.env, 'env'));

    const container: k8s.Container = {
      name: containerName,
      image,
      imagePullPolicy,
      ports: props.containerPort === undefined ? undefined : [{ containerPort: props.containerPort }],
      securityContext: containerSecurityContext(this, props.containerSecurityContext),
      env,
      command,
      args,
      volumeMounts: emptyDirs.length ? emptyDirs.map((v) => ({ name: v.name, mountPath: v.mountPath })) : undefined,
    };
    const podSpec: k8s.PodSpec = {
      securityContext: { ...RESTRICTED_POD_SECURITY, ...definedFields(props.podSecurityContext === undefined ? {} : requireSecurityContext(this, 'podSecurityContext', props.podSecurityContext)) },
      serviceAccountName,
      containers: [container],
      volumes: emptyDirs.length ? emptyDirs.map((v) => ({ name: v.name, emptyDir: {} })) : undefined,
    };
    const unrestricted = unrestrictedSettings(podSpec);
    if (!container.securityContext?.capabilities?.drop?.includes('ALL')) unrestricted.push(`container "${containerName}" does not drop ALL capabilities`);
    const reason = props.unrestrictedReason === undefined ? undefined : requireNonEmpty(this, 'unrestrictedReason', props.unrestrictedReason);
    if (unrestricted.length > 0 && reason === undefined) {
      throw invalidInput(this, 'security context', { containerSecurityContext: props.containerSecurityContext, podSecurityContext: props.podSecurityContext },
        `Allowed: settings that pass Pod Security "restricted" (not privileged, no privilege escalation, not root, no added capabilities, capabilities.drop [ALL]); here ${unrestricted.join('; ')}. `
        + 'Set unrestrictedReason to say why this workload needs more.');
    }

    const range = props.namespaceUidRange === undefined ? undefined : requireUidRange(this, props.namespaceUidRange);
    const outsideRange = sccRangeProblems(podSpec, range);
    if (outsideRange.length > 0 && range !== undefined) {
      throw invalidInput(this, 'security context', { podSecurityContext: props.podSecurityContext, namespaceUidRange: range },
        `Allowed: on OpenShift, user and group IDs that the restricted-v2 SCC admits — within the namespace's range (MustRunAsRange); here ${outsideRange.join('; ')}. `
        + 'Leave runAsUser and fsGroup unset so that OpenShift assigns them, or pick them from the range.');
    }
    if (outsideRange.length > 0) {
      addSynthWarning(this, `${outsideRange.join('; ')}: OpenShift's restricted-v2 SCC admits only UIDs and fsGroups from the namespace's range `
        + '(annotation openshift.io/sa.scc.uid-range), so it will refuse these pods. On OpenShift leave runAsUser and fsGroup unset, or give '
        + 'namespaceUidRange to check them; on clusters without that SCC this warning does not apply.');
    }

    this.apiObject = new k8s.KubeDeployment(this, 'Resource', {
      metadata: { name: this.name, namespace: this.namespace, labels: deploymentLabels },
      spec: {
        replicas,
        selector: { matchLabels: selector },
        template: {
          metadata: { labels: { ...this.podLabels }, annotations: podAnnotations },
          spec: podSpec,
        },
      },
    });
    if (reason !== undefined && unrestricted.length > 0) suppressFinding(this.apiObject, UNRESTRICTED_POD_CODE, reason);
  }
}

/**
 * The pod-template labels a control plane asks for to inject a sidecar (or to leave one out): key-safe labels that
 * do not replace the `app` and `version` labels workloads are selected by.
 * @internal
 */
export function injectionPodLabels(scope: ValidationScope, controlPlane: IMeshControlPlane, inject: boolean): Record<string, string> {
  requireObject(scope, 'controlPlane', controlPlane);
  requireObject(scope, 'controlPlane.membership', controlPlane.membership);
  const what = inject ? 'controlPlane.membership.injectedPodLabels' : 'controlPlane.membership.uninjectedPodLabels';
  const labels = plainMapOf(requireSafeMap(scope, what, inject ? controlPlane.membership.injectedPodLabels : controlPlane.membership.uninjectedPodLabels, 'labels'));
  for (const key of ['app', 'version']) {
    if (key in labels) throw invalidInput(scope, what, labels, `Allowed: labels other than "app" and "version", which select the workload.`);
  }
  return labels;
}

/** The container security context: the restricted minimum, then the user's fields. */
function containerSecurityContext(scope: Construct, given: k8s.SecurityContext | false | undefined): k8s.SecurityContext {
  const own = definedFields(given === false ? {} : requireSecurityContext(scope, 'containerSecurityContext', given ?? RESTRICTED_CONTAINER_SECURITY_CONTEXT));
  const capabilities = own.capabilities === undefined ? {} : definedFields(requireObject(scope, 'containerSecurityContext.capabilities', own.capabilities));
  return { ...RESTRICTED_CONTAINER_MINIMUM, ...own, capabilities: { ...capabilities, drop: [...(capabilities.drop ?? ['ALL'])] } };
}

/** A security context: plain data, with user and group ids that are whole numbers from 0 to 2^31-1. */
function requireSecurityContext<T extends k8s.SecurityContext | k8s.PodSecurityContext>(scope: Construct, what: string, context: T): T {
  requirePlainData(scope, what, requireObject(scope, what, context));
  for (const id of ['runAsUser', 'runAsGroup', 'fsGroup'] as const) {
    const value = (context as Record<string, unknown>)[id];
    if (value !== undefined) requireInteger(scope, `${what}.${id}`, value as number, 0, 2 ** 31 - 1);
  }
  return context;
}

/** A {@link UidRange}: whole numbers, at least one UID, within the 32-bit IDs Kubernetes allows. */
function requireUidRange(scope: Construct, range: UidRange): UidRange {
  requireObject(scope, 'namespaceUidRange', range);
  requireInteger(scope, 'namespaceUidRange.start', range.start, 1, 2 ** 31 - 2);
  requireInteger(scope, 'namespaceUidRange.size', range.size, 1, 2 ** 31 - 1 - range.start);
  return { start: range.start, size: range.size };
}

/** The fields of `obj` that are set: an explicit `undefined` must not unset what the restricted defaults set. */
function definedFields<T extends object>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}

/** Checks the image reference: non-empty, no white space. */
function requireImage(scope: Construct, image: string): string {
  if (typeof image !== 'string' || image.length === 0 || /\s/.test(image)) {
    throw invalidInput(scope, 'image', image, 'Allowed: a container image reference without white space, e.g. "quay.io/kiali/demo_travels_cars:v1".');
  }
  return image;
}

/** emptyDir volumes: unique DNS-label names, unique absolute mount paths without '..'. */
function requireEmptyDirs(scope: Construct, emptyDirs: readonly EmptyDirMount[]): EmptyDirMount[] {
  requireArray(scope, 'emptyDirs', emptyDirs);
  const names = new Set<string>();
  const paths = new Set<string>();
  return emptyDirs.map((v, i) => {
    requireObject(scope, `emptyDirs[${i}]`, v);
    const name = requireDnsLabel(scope, `emptyDirs[${i}].name`, v.name);
    if (names.has(name)) throw invalidInput(scope, `emptyDirs[${i}].name`, name, 'Allowed: a name not used by another emptyDir of this workload.');
    const path = v.mountPath;
    if (typeof path !== 'string' || !path.startsWith('/') || path.split('/').includes('..') || path.includes(':') || /[\0\n\r]/.test(path) || path.length > 4096) {
      throw invalidInput(scope, `emptyDirs[${i}].mountPath`, path, 'Allowed: an absolute path without \'..\' segments or \':\', e.g. "/var/lib/mysql".');
    }
    const normalized = path.replace(/\/+$/, '') || '/';
    if (paths.has(normalized)) throw invalidInput(scope, `emptyDirs[${i}].mountPath`, path, 'Allowed: a mount path not used by another emptyDir of this workload.');
    names.add(name);
    paths.add(normalized);
    return { name, mountPath: path };
  });
}

const SECRET_KEY_PATTERN = /^[-._a-zA-Z0-9]+$/;

function toEnvVars(scope: Construct, env: Record<string, EnvValue>): k8s.EnvVar[] {
  return Object.entries(env).map(([name, value]) => {
    if (typeof value === 'string') return { name, value };
    requireObject(scope, `env value of ${name}`, value);
    const key = value.key;
    if (typeof key !== 'string' || key.length > 253 || !SECRET_KEY_PATTERN.test(key)) {
      throw invalidInput(scope, `secret key of ${name}`, key, 'Allowed: a Secret key — 1 to 253 letters, digits, \'-\', \'_\' or \'.\'.');
    }
    return { name, valueFrom: { secretKeyRef: { name: requireDnsSubdomain(scope, `secret of ${name}`, value.secretName), key } } };
  });
}
