import { API_GROUP } from '../../core/api-groups';
import { luaScript, ResourceHealthCheck } from './resource-health-check';

/** The Sail operator's status of `Istio`, `IstioCNI` and `ZTunnel`: conditions Reconciled and Ready, and `state`. */
function sailHealthCheck(kind: string, what: string): ResourceHealthCheck {
  return {
    group: API_GROUP.SAIL,
    kind,
    lua: luaScript(`
local waiting = unreconciled(obj, "the Sail operator", "install ${what}")
if waiting ~= nil then return waiting end
local reconciled = condition(obj.status, "Reconciled")
if reconciled ~= nil and reconciled.status == "False" and reconciled.reason == "ReconcileError" then
  return { status = "Degraded", message = says("ReconcileError", reconciled) }
end
local ready = condition(obj.status, "Ready")
if ready ~= nil and ready.status == "True" then
  return { status = "Healthy", message = says("${what} ready", ready) }
end
return { status = "Progressing", message = says("${what} not ready yet (" .. (obj.status.state or "no state") .. ")", ready or reconciled) }
`),
  };
}

/**
 * Health of an OSSM 3 (Sail operator) `Istio`: Healthy when Ready is True for the latest spec (istiod runs, the
 * sidecar injector serves); Degraded on a ReconcileError (a version the operator does not ship, a bad value);
 * Progressing otherwise.
 */
export const ISTIO_HEALTH_CHECK: ResourceHealthCheck = sailHealthCheck('Istio', 'the control plane');

/**
 * Health of an OSSM 3 (Sail operator) `IstioCNI`: Healthy when Ready is True (the istio-cni-node DaemonSet runs on
 * every node, which pods with sidecars need to start on OpenShift); Degraded on a ReconcileError; Progressing otherwise.
 */
export const ISTIO_CNI_HEALTH_CHECK: ResourceHealthCheck = sailHealthCheck('IstioCNI', 'the Istio CNI node agent');

/**
 * Health of an OSSM 3 (Sail operator) `ZTunnel`, ambient mode's node agent: Healthy when Ready is True (the ztunnel
 * DaemonSet runs on every node, which carries the ambient workloads' traffic); Degraded on a ReconcileError;
 * Progressing otherwise.
 */
export const ZTUNNEL_HEALTH_CHECK: ResourceHealthCheck = sailHealthCheck('ZTunnel', 'the ztunnel node agent');
