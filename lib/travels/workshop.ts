import { App } from 'cdk8s';
import { MaistraControlPlaneProps } from '../mesh/control-plane';
import { MeshBaseChart, MeshOperatorsOptions } from '../mesh/mesh-base-chart';
import { DistSources } from '../synth/write-dist';
import { TravelsAppsChart, TravelsAppsChartProps } from './travels-apps-chart';

/** Options of {@link buildTravelsWorkshop}. */
export interface TravelsWorkshopOptions {
  /** The cluster's base domain, for the control ingress host (`CLUSTER_BASE_DOMAIN`). */
  readonly clusterBaseDomain: string;
  /** @default - the workshop's control plane */
  readonly controlPlane?: MaistraControlPlaneProps;
  /** @default - the workshop's operators */
  readonly operators?: MeshOperatorsOptions;
  /** Props of the apps chart besides the ingress, which follows the control plane's IOR setting. @default - the workshop's apps */
  readonly apps?: Omit<TravelsAppsChartProps, 'controlIngress'>;
}

/** The workshop, built from the library's charts: what `npm run synth` writes to dist/. */
export interface TravelsWorkshop extends DistSources {
  readonly meshBase: MeshBaseChart;
  readonly apps: TravelsAppsChart;
}

/**
 * Composes the whole workshop: operators, control plane and member roll (section 1), the Travels apps with
 * sidecar injection and the control ingress (section 2), and the traffic steps of sections 4–6.
 */
export function buildTravelsWorkshop(options: TravelsWorkshopOptions): TravelsWorkshop {
  const base = new App();
  const meshBase = new MeshBaseChart(base, 'mesh-base', { controlPlane: options.controlPlane, operators: options.operators });
  const controlPlane = meshBase.controlPlane;
  const apps = new TravelsAppsChart(base, 'travels-apps', {
    zipkinAddress: `zipkin.${controlPlane.namespace}:9411`,
    ...options.apps,
    controlIngress: {
      clusterBaseDomain: options.clusterBaseDomain,
      // IOR creates the Route for the Gateway's host; a Route of our own would be a duplicate.
      createRoute: !controlPlane.openshiftRoute,
      ingressGatewayNamespace: controlPlane.namespace,
    },
  });
  meshBase.addMembers(apps);
  return { base, meshBase, apps, steps: {} };
}
