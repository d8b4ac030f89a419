import { API_GROUP } from '../../core/api-groups';
import { luaScript, ResourceHealthCheck } from './resource-health-check';

/**
 * Health of an Argo CD `Application` as seen by its parent app-of-apps. Argo CD has none since 1.8, so without it a
 * parent does not wait for a child: every wave would start at once. Healthy only once the child is synced and
 * healthy; a failed sync (retries used up) is Degraded; a Suspended child (an operator waiting for approval) stays
 * Suspended, with its message.
 */
export const APPLICATION_HEALTH_CHECK: ResourceHealthCheck = {
  group: API_GROUP.ARGO_CD,
  kind: 'Application',
  lua: luaScript(`
if obj.status == nil then
  return { status = "Progressing", message = "Waiting for Argo CD to sync the application" }
end
local op = obj.status.operationState
if op ~= nil and (op.phase == "Failed" or op.phase == "Error") then
  return { status = "Degraded", message = "Sync " .. op.phase .. ": " .. (op.message or "no message") }
end
local health = obj.status.health
local sync = obj.status.sync
if health == nil or health.status == nil then
  return { status = "Progressing", message = "Waiting for the application's health" }
end
local detail = health.message or ""
if health.status == "Healthy" then
  if sync ~= nil and sync.status == "Synced" then
    return { status = "Healthy", message = "Synced and healthy" }
  end
  return { status = "Progressing", message = "Healthy, but not synced yet (" .. ((sync and sync.status) or "unknown") .. ")" }
end
if health.status == "Degraded" or health.status == "Suspended" then
  return { status = health.status, message = detail }
end
return { status = "Progressing", message = "Application is " .. health.status .. (detail ~= "" and (": " .. detail) or "") }
`),
};
