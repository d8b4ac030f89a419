import { APPLICATION_HEALTH_CHECK } from './application-health';
import { ResourceHealthCheck } from './resource-health-check';
import { ISTIO_CNI_HEALTH_CHECK, ISTIO_HEALTH_CHECK, ZTUNNEL_HEALTH_CHECK } from './sail-health';
import { SERVICE_MESH_CONTROL_PLANE_HEALTH_CHECK, SERVICE_MESH_MEMBER_ROLL_HEALTH_CHECK } from './service-mesh-health';
import { SUBSCRIPTION_HEALTH_CHECK } from './subscription-health';

/**
 * Every health check a mesh delivered by Argo CD needs and Argo CD lacks: child Applications (so an app-of-apps waits
 * wave by wave), OLM Subscriptions (installed, or waiting for approval), the OSSM 2 control plane and member roll, and
 * the OSSM 3 `Istio`, `IstioCNI` and (ambient mode) `ZTunnel`. One set for the whole Argo CD instance, whatever OSSM version its clusters run.
 */
export const MESH_HEALTH_CHECKS: readonly ResourceHealthCheck[] = [
  APPLICATION_HEALTH_CHECK,
  SUBSCRIPTION_HEALTH_CHECK,
  SERVICE_MESH_CONTROL_PLANE_HEALTH_CHECK,
  SERVICE_MESH_MEMBER_ROLL_HEALTH_CHECK,
  ISTIO_HEALTH_CHECK,
  ISTIO_CNI_HEALTH_CHECK,
  ZTUNNEL_HEALTH_CHECK,
];
