import { App, Chart, Testing } from 'cdk8s';
import { DEFAULT_MESH_CONTROL_PLANE, IMeshControlPlane, IstioApiVersion, Mesh, OssmVersion } from '../../lib';

/** The workshop's OSSM 2.6 control plane (`basic` in istio-system, IOR on), for tests about OSSM 2.6 output. */
export const OSSM2_MESH: IMeshControlPlane = DEFAULT_MESH_CONTROL_PLANE;

/**
 * A control plane as OSSM 3 describes itself to the constructs that write Istio objects: `networking.istio.io/v1`,
 * and no Routes made for them; the rest as the workshop's OSSM 2.6 control plane.
 */
export const V1_MESH: IMeshControlPlane = {
  ...OSSM2_MESH, ossmVersion: OssmVersion.V3, istioApiVersion: IstioApiVersion.V1, createsGatewayRoutes: false,
};

/** `Testing.chart()` with `mesh` declared as its mesh (`Mesh.declare`): constructs in it given no controlPlane find it. */
export function meshChart(mesh: IMeshControlPlane = OSSM2_MESH): Chart {
  const chart = Testing.chart();
  Mesh.declare(chart, mesh);
  return chart;
}

/** `Testing.app()` with `mesh` declared as its mesh (`Mesh.declare`): constructs in it given no controlPlane find it. */
export function meshApp(mesh: IMeshControlPlane = OSSM2_MESH): App {
  const app = Testing.app();
  Mesh.declare(app, mesh);
  return app;
}
