import { API_GROUP } from '../../core/api-groups';
import { luaScript, ResourceHealthCheck } from './resource-health-check';

/**
 * Health of an OSSM 2 `ServiceMeshControlPlane`: Healthy when its Ready condition is True for the latest spec;
 * Degraded when the operator refuses it (ValidationError) or misses an operator it needs (DependencyMissingError,
 * e.g. Jaeger); Progressing while components are not ready, naming them.
 */
export const SERVICE_MESH_CONTROL_PLANE_HEALTH_CHECK: ResourceHealthCheck = {
  group: API_GROUP.MAISTRA,
  kind: 'ServiceMeshControlPlane',
  lua: luaScript(`
local waiting = unreconciled(obj, "the Service Mesh operator", "install the control plane")
if waiting ~= nil then return waiting end
for _, conditionType in ipairs({ "Reconciled", "Installed" }) do
  local c = condition(obj.status, conditionType)
  if c ~= nil and c.status == "False" and (c.reason == "ValidationError" or c.reason == "DependencyMissingError") then
    return { status = "Degraded", message = says(c.reason, c) }
  end
end
local ready = condition(obj.status, "Ready")
if ready ~= nil and ready.status == "True" then
  return { status = "Healthy", message = says("Control plane ready", ready) }
end
local unready = ""
local readiness = obj.status.readiness
if readiness ~= nil and readiness.components ~= nil then
  unready = " (not ready: " .. names(readiness.components.unready) .. "; pending: " .. names(readiness.components.pending) .. ")"
end
return { status = "Progressing", message = says("Control plane not ready yet", ready or condition(obj.status, "Reconciled")) .. unready }
`),
};

/**
 * Health of an OSSM 2 `ServiceMeshMemberRoll`: Healthy when every member namespace is configured (the sidecar
 * injector then serves the namespaces, so their pods start with sidecars); Degraded for a roll the operator never
 * reconciles (not named `default`, or beside two control planes); Progressing otherwise, naming what waits.
 */
export const SERVICE_MESH_MEMBER_ROLL_HEALTH_CHECK: ResourceHealthCheck = {
  group: API_GROUP.MAISTRA,
  kind: 'ServiceMeshMemberRoll',
  lua: luaScript(`
local waiting = unreconciled(obj, "the Service Mesh operator", "configure the member namespaces")
if waiting ~= nil then return waiting end
local ready = condition(obj.status, "Ready")
local pending = obj.status.pendingMembers
if ready ~= nil and ready.status == "True" and (pending == nil or #pending == 0) then
  return { status = "Healthy", message = "Member namespaces configured: " .. names(obj.status.configuredMembers) }
end
if ready ~= nil and (ready.reason == "ErrMultipleSMCPs" or ready.reason == "ErrInvalidName") then
  return { status = "Degraded", message = says(ready.reason, ready) }
end
return { status = "Progressing", message = says("Member namespaces not configured yet", ready) .. " (pending: " .. names(pending) .. ")" }
`),
};
