import { API_GROUP } from '../../core/api-groups';
import { luaScript, ResourceHealthCheck } from './resource-health-check';

/**
 * Health of an OLM `Subscription`, replacing Argo CD's built-in one (which is Healthy as soon as no condition reports
 * a problem, before anything is installed). Healthy once a ClusterServiceVersion is installed (an upgrade waiting for
 * approval keeps it Healthy: a pinned version is meant to stay); Suspended while the first InstallPlan waits for
 * manual approval, with the `oc patch installplan` command that approves it; Degraded when the catalog cannot resolve
 * it or the plan failed; Progressing otherwise.
 */
export const SUBSCRIPTION_HEALTH_CHECK: ResourceHealthCheck = {
  group: API_GROUP.OLM,
  kind: 'Subscription',
  lua: luaScript(`
if obj.status == nil then
  return { status = "Progressing", message = "Waiting for OLM to resolve the subscription" }
end
local s = obj.status
local target = s.currentCSV or (obj.spec ~= nil and obj.spec.name) or "the operator"
if s.installedCSV ~= nil and s.installedCSV ~= "" then
  local upgrade = ""
  if s.currentCSV ~= nil and s.currentCSV ~= s.installedCSV then
    upgrade = "; " .. s.currentCSV .. " is available and waits for approval"
  end
  return { status = "Healthy", message = s.installedCSV .. " is installed" .. upgrade }
end
for _, failure in ipairs({ "ResolutionFailed", "InstallPlanFailed", "CatalogSourcesUnhealthy", "InstallPlanMissing" }) do
  local c = condition(s, failure)
  if c ~= nil and c.status == "True" then
    return { status = "Degraded", message = says(failure, c) }
  end
end
local pending = condition(s, "InstallPlanPending")
local approvalNeeded = (pending ~= nil and pending.status == "True" and pending.reason == "RequiresApproval")
  or (s.state == "UpgradePending" and obj.spec ~= nil and obj.spec.installPlanApproval == "Manual")
if approvalNeeded then
  local ref = s.installPlanRef or s.installplan
  local plan = (ref and ref.name) or "<the plan of oc get installplan>"
  local namespace = (ref and ref.namespace) or obj.metadata.namespace
  return { status = "Suspended", message = "InstallPlan " .. plan .. " for " .. target ..
    " waits for manual approval (installPlanApproval: Manual). Approve it: oc patch installplan " .. plan ..
    " -n " .. namespace .. [[ --type merge -p '{"spec":{"approved":true}}']] }
end
return { status = "Progressing", message = "Installing " .. target .. " (" .. (s.state or "no state yet") .. ")" }
`),
};
