import { DEFAULT_MESH_CONTROL_PLANE, IMeshControlPlane, IstioApiVersion, OssmVersion } from '../../lib';

/**
 * A control plane as OSSM 3 describes itself to the constructs that write Istio objects: `networking.istio.io/v1`,
 * and no Routes made for them; the rest as the workshop's OSSM 2.6 default.
 */
export const V1_MESH: IMeshControlPlane = {
  ...DEFAULT_MESH_CONTROL_PLANE, ossmVersion: OssmVersion.V3, istioApiVersion: IstioApiVersion.V1, createsGatewayRoutes: false,
};
