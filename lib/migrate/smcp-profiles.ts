/**
 * The built-in `ServiceMeshControlPlane` profiles of the OSSM 2.6 operator, as data: what a 2.6 control plane runs
 * with when its `spec` does not say. Source: maistra/istio-operator, branch maistra-2.6,
 * resources/smcp-templates/v2.6/ (`base`, `small`, `servicemesh`, `maistra`, `gateway-controller`; commit
 * 50c4306eba306f57bacd16e79763cd2869ee934a). The product's build copies `servicemesh` to `default` (Makefile:
 * `cp …/v${version}/${BUILD_TYPE} …/default`, BUILD_TYPE servicemesh for OSSM), so `default` is `servicemesh`.
 *
 * How the operator applies them (pkg/controller/versions/template.go, recursivelyApplyProfiles, and the mutating
 * webhook pkg/controller/servicemesh/webhooks/mutation/controlplane.go):
 * - `spec.profiles` unset means `["default"]` (the webhook writes it on create);
 * - a value of the SMCP's `spec` always wins; the profiles of the list are applied from the last to the first, each
 *   filling only what is still unset, then the profiles it names itself, once each;
 * - on create of a v2.5+ control plane the webhook sets `gateways.openshiftRoute.enabled: false` when unset, so the
 *   `base` profile's `true` applies only to control planes created before 2.5 and upgraded.
 *
 * The image settings (`runtime.defaults.container.imageRegistry`/`imageTag`, `imageName`s) are the 2.6 operator's
 * own images: {@link isOperatorOwnSetting} says which profile values need nothing in OSSM 3.
 */

type Json = Record<string, unknown>;

/** One built-in profile: the profiles it applies itself, and its `spec`. @internal */
export interface SmcpProfile {
  readonly profiles?: readonly string[];
  readonly spec: Json;
}

const SMALL_RESOURCES = { requests: { cpu: '10m', memory: '128Mi' }, limits: {} };

const COMPONENT_IMAGES_REDHAT: Json = {
  grafana: { container: { imageName: 'grafana-rhel8' } },
  pilot: { container: { imageName: 'pilot-rhel8' } },
  prometheus: { container: { imageName: 'prometheus-rhel8' } },
  '3scale': { container: { imageRegistry: 'registry.redhat.io/openshift-service-mesh', imageName: '3scale-istio-adapter-rhel8', imageTag: '2.0.0' } },
  'global.oauthproxy': { container: { imageRegistry: 'registry.redhat.io/openshift4', imageName: 'ose-oauth-proxy', imageTag: 'v4.9', imagePullPolicy: 'IfNotPresent' } },
  'rateLimiting.rls': { container: { imageName: 'ratelimit-rhel8' } },
};

/** The OSSM 2.6 operator's built-in profiles, by name. @internal */
export const SMCP_PROFILES_V2_6: Readonly<Record<string, SmcpProfile>> = {
  base: {
    spec: {
      version: 'v2.6',
      gateways: {
        enabled: true,
        ingress: { enabled: true, ingress: false, service: { type: 'ClusterIP' } },
        egress: { enabled: true },
        openshiftRoute: { enabled: true },
      },
      general: { logging: { componentLevels: { default: 'warn' } } },
      proxy: {
        injection: { autoInject: false },
        networking: { protocol: { autoDetect: { inbound: false, outbound: false } }, dns: { refreshRate: '300s' } },
      },
      security: { identity: { type: 'Kubernetes' } },
      telemetry: { type: 'Istiod' },
      policy: { type: 'None' },
      tracing: { type: 'Jaeger' },
      addons: {
        prometheus: {
          enabled: true,
          install: { service: { metadata: { annotations: { 'service.alpha.openshift.io/serving-cert-secret-name': 'prometheus-tls' } }, ingress: { enabled: true } } },
        },
        jaeger: { name: 'jaeger', install: { storage: { type: 'Memory' }, ingress: { enabled: true } } },
        grafana: {
          enabled: true,
          install: { service: { metadata: { annotations: { 'service.alpha.openshift.io/serving-cert-secret-name': 'grafana-tls' } }, ingress: { enabled: true } } },
        },
        kiali: { enabled: true, name: 'kiali', install: { dashboard: { viewOnly: false }, service: { ingress: { enabled: true } } } },
      },
      techPreview: { sidecarInjectorWebhook: { objectSelector: { enabled: false } } },
    },
  },
  small: {
    spec: {
      runtime: {
        defaults: { deployment: { podDisruption: { enabled: false } }, container: { resources: SMALL_RESOURCES } },
        components: {
          pilot: { deployment: { autoScaling: { enabled: false } }, container: { resources: SMALL_RESOURCES } },
          prometheus: { container: { resources: SMALL_RESOURCES } },
        },
      },
      gateways: {
        ingress: { runtime: { deployment: { autoScaling: { enabled: false } }, container: { resources: SMALL_RESOURCES } } },
        egress: { runtime: { deployment: { autoScaling: { enabled: false } }, container: { resources: SMALL_RESOURCES } } },
      },
      proxy: { runtime: { container: { resources: SMALL_RESOURCES } } },
    },
  },
  servicemesh: {
    profiles: ['base', 'small'],
    spec: {
      runtime: {
        defaults: { container: { imageRegistry: 'registry.redhat.io/openshift-service-mesh', imageTag: '2.6.0' } },
        components: COMPONENT_IMAGES_REDHAT,
      },
      proxy: {
        runtime: { container: { imageName: 'proxyv2-rhel8' } },
        networking: { initialization: { initContainer: { runtime: { imageName: 'proxy-init-rhel7' } } } },
      },
    },
  },
  maistra: {
    profiles: ['base', 'small'],
    spec: {
      runtime: {
        defaults: { container: { imageRegistry: 'docker.io/maistra', imageTag: '2.6.0' } },
        components: {
          grafana: { container: { imageName: 'grafana-ubi8' } },
          pilot: { container: { imageName: 'pilot-ubi8' } },
          prometheus: { container: { imageName: 'prometheus-ubi8' } },
          '3scale': { container: { imageRegistry: 'quay.io/3scale', imageName: '3scale-istio-adapter', imageTag: 'v2.0.0' } },
          'global.oauthproxy': { container: { imageRegistry: 'quay.io/openshift', imageName: 'origin-oauth-proxy', imageTag: '4.9', imagePullPolicy: 'IfNotPresent' } },
          'rateLimiting.rls': { container: { imageName: 'ratelimit-ubi8' } },
        },
      },
      proxy: {
        runtime: { container: { imageName: 'proxyv2-ubi8' } },
        networking: { initialization: { initContainer: { runtime: { imageName: 'proxy-init-centos7' } } } },
      },
    },
  },
  'gateway-controller': {
    spec: {
      mode: 'ClusterWide',
      addons: { grafana: { enabled: false }, kiali: { enabled: false }, prometheus: { enabled: false } },
      gateways: { enabled: false },
      tracing: { type: 'None' },
      techPreview: { global: { caCertConfigMapName: 'ossm-ca-root-cert' }, gatewayAPI: { enabled: true, controllerMode: true } },
    },
  },
};
// `default` is the product's copy of `servicemesh`
(SMCP_PROFILES_V2_6 as Record<string, SmcpProfile>).default = SMCP_PROFILES_V2_6.servicemesh;

/** Where one value of the effective spec came from: `spec`, `status.appliedSpec`, `profile <name>`, or the 2.6 operator's webhook. @internal */
export type ValueSource = string;

/** An SMCP's effective spec, and the source of each value (by dotted path of its leaves and subtrees). @internal */
export interface EffectiveSpec {
  readonly spec: Json;
  /** The sources of the value at `path` (segments under `spec`): of each of its leaves, joined with "and". */
  sourceOf(path: readonly string[]): ValueSource;
  /** The profiles applied, in the order the operator applies them, and those the input names but 2.6 does not have. */
  readonly profiles: readonly string[];
  readonly unknownProfiles: readonly string[];
}

const isJson = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const own = (o: Json, k: string) => Object.prototype.hasOwnProperty.call(o, k);
/** A deep copy of plain data in this realm (structuredClone's objects have another realm's prototypes under jest). */
const clone = <T>(value: T): T => (Array.isArray(value) ? value.map(clone) as T
  : isJson(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clone(v)])) as T : value);

/** Fills into `target` what `source` sets and `target` does not (the operator's mergeValues), recording each new leaf's origin. */
function fill(target: Json, source: Json, origin: string, origins: Map<string, string>, path: string[]): void {
  for (const [key, value] of Object.entries(source)) {
    const here = [...path, key];
    if (!own(target, key)) {
      target[key] = clone(value);
      origins.set(here.join('\u0000'), origin);
    } else if (isJson(target[key]) && isJson(value)) {
      fill(target[key] as Json, value, origin, origins, here);
    }
  }
}

/** The value at `path` of `node`, if any. */
function at(node: unknown, path: readonly string[]): unknown {
  let here = node;
  for (const key of path) {
    if (!isJson(here) || !own(here, key)) return undefined;
    here = here[key];
  }
  return here;
}

/**
 * The spec a 2.6 control plane ran with: its `status.appliedSpec` when the input has one (an SMCP exported from a
 * cluster), else its `spec` with the built-in profiles applied as the 2.6 operator applies them.
 * @internal
 */
export function effectiveSpec(spec: Json, appliedSpec: Json | undefined): EffectiveSpec {
  const origins = new Map<string, string>();
  const requested = Array.isArray(spec.profiles) && spec.profiles.length > 0 ? spec.profiles.filter((p): p is string => typeof p === 'string') : ['default'];
  const applied: string[] = [];
  const unknown: string[] = [];
  const result: Json = clone(spec);
  const apply = (names: readonly string[]) => {
    for (const name of [...names].reverse()) {
      if (applied.includes(name)) continue;
      const profile = Object.prototype.hasOwnProperty.call(SMCP_PROFILES_V2_6, name) ? SMCP_PROFILES_V2_6[name] : undefined;
      if (!profile) {
        if (!unknown.includes(name)) unknown.push(name);
        continue;
      }
      applied.push(name);
      fill(result, profile.spec, `profile ${name}`, origins, []);
      apply(profile.profiles ?? []);
    }
  };
  // the webhook turns IOR off on create of a 2.5+ control plane that does not say (appliedSpec shows what it did)
  if (appliedSpec === undefined && at(spec, ['gateways', 'openshiftRoute', 'enabled']) === undefined) {
    fill(result, { gateways: { openshiftRoute: { enabled: false } } }, 'the 2.6 operator\'s webhook (on create)', origins, []);
  }
  // with appliedSpec, the profiles only name the source of its values
  apply(requested);
  const profileValues = appliedSpec === undefined ? undefined : result;
  const effective = appliedSpec === undefined ? result : clone(appliedSpec);
  return {
    spec: effective,
    profiles: applied,
    unknownProfiles: unknown,
    sourceOf(path) {
      const sources = leaves(path, effective).map((leaf) => {
        if (at(spec, leaf) !== undefined && JSON.stringify(at(spec, leaf)) === JSON.stringify(at(effective, leaf))) return 'spec';
        if (profileValues !== undefined) {
          const origin = originOf(leaf, origins);
          return origin !== undefined && JSON.stringify(at(profileValues, leaf)) === JSON.stringify(at(effective, leaf))
            ? `status.appliedSpec (= ${origin})` : 'status.appliedSpec';
        }
        return originOf(leaf, origins) ?? 'spec';
      });
      return [...new Set(sources)].join(' and ');
    },
  };
}

/** The paths of the leaves at or below `path` of `node` (an empty object or list is a leaf). */
function leaves(path: readonly string[], node: Json): string[][] {
  const here = at(node, path);
  if (!isJson(here) || Object.keys(here).length === 0) return [[...path]];
  return Object.keys(here).flatMap((key) => leaves([...path, key], node));
}

function originOf(path: readonly string[], origins: ReadonlyMap<string, string>): string | undefined {
  for (let n = path.length; n > 0; n--) {
    const origin = origins.get(path.slice(0, n).join('\u0000'));
    if (origin !== undefined) return origin;
  }
  return undefined;
}

/** The fields whose values are images (registry, tag, name), anywhere in an SMCP spec. */
const IMAGE_FIELD = /^(imageRegistry|imageTag|imageName|image)$/;

/**
 * Whether a field set by a profile (not by the user) is the 2.6 operator's own setting that OSSM 3 needs nothing
 * for: its images, the settings of components OSSM 3 does not run (reported on their own line, e.g. `addons.grafana`)
 * and of addons' installs, and tech-preview switches a profile sets off.
 * @internal
 */
export function isOperatorOwnSetting(path: readonly string[]): boolean {
  if (IMAGE_FIELD.test(path[path.length - 1] ?? '')) return true;
  if (path[0] === 'runtime' && path[1] === 'components' && path[2] !== 'pilot') return true;
  if (path[0] === 'addons' && (path[2] === 'install' || (path[1] === 'jaeger' && path[2] === 'name'))) return true;
  return path[0] === 'techPreview' || (path[0] === 'proxy' && path[1] === 'networking' && path[2] === 'initialization');
}
