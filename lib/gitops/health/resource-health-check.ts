import { invalidInput, requireArray, requireDnsSubdomain, requireNonEmpty, requireObject, ValidationScope } from '../../core/validation';

/**
 * A health check Argo CD does not have built in: a Lua script for one kind, as both OpenShift GitOps (the `ArgoCD`
 * resource's `resourceHealthChecks`) and plain Argo CD (`resource.customizations.health.<group>_<kind>` in argocd-cm)
 * take it. Argo CD runs the script with the live object as `obj`; it returns `{ status = …, message = … }` with a
 * status of Healthy, Progressing, Suspended or Degraded. A sync wave waits while anything in it is Progressing or
 * Suspended, and a Degraded object fails the sync (which is then retried).
 */
export interface ResourceHealthCheck {
  /** The API group, e.g. `maistra.io`. */
  readonly group: string;
  /** The kind, e.g. `ServiceMeshControlPlane`. */
  readonly kind: string;
  /** The Lua script (Lua 5.1, which Argo CD's interpreter runs). */
  readonly lua: string;
}

/**
 * Lua helpers every script of this library starts with: the condition of a type, a condition's message appended to a
 * sentence, whether the controller has seen the object's latest spec, a list of names as text, and the Progressing
 * result of an object its operator has not reconciled yet (no status, or not for the latest spec).
 * @internal
 */
export const LUA_HELPERS = `local function condition(status, conditionType)
  if status == nil or status.conditions == nil then return nil end
  for _, c in ipairs(status.conditions) do
    if c.type == conditionType then return c end
  end
  return nil
end
local function says(text, c)
  if c ~= nil and c.message ~= nil and c.message ~= "" then return text .. ": " .. c.message end
  return text
end
local function observed(o)
  if o.status.observedGeneration == nil or o.metadata == nil or o.metadata.generation == nil then return true end
  return o.status.observedGeneration >= o.metadata.generation
end
local function names(list)
  if list == nil or #list == 0 then return "none" end
  return table.concat(list, ", ")
end
local function unreconciled(o, operator, task)
  if o.status == nil or o.status.conditions == nil then
    return { status = "Progressing", message = "Waiting for " .. operator .. " to " .. task }
  end
  if not observed(o) then
    return { status = "Progressing", message = "Waiting for " .. operator .. " to reconcile the latest spec" }
  end
  return nil
end
`;

/** A script: the helpers, then the body. @internal */
export function luaScript(body: string): string {
  return `${LUA_HELPERS}${body.trim()}\n`;
}

/** Throws unless `checks` is a list of health checks with a group, a kind and a script each, one per group and kind. @internal */
export function requireHealthChecks(scope: ValidationScope, what: string, checks: readonly ResourceHealthCheck[]): readonly ResourceHealthCheck[] {
  requireArray(scope, what, checks);
  const seen = new Set<string>();
  checks.forEach((check, i) => {
    requireObject(scope, `${what}[${i}]`, check);
    requireDnsSubdomain(scope, `${what}[${i}].group`, check.group);
    if (typeof check.kind !== 'string' || !KIND.test(check.kind)) {
      throw invalidInput(scope, `${what}[${i}].kind`, check.kind, 'Allowed: a kind as Kubernetes spells it, e.g. "ServiceMeshControlPlane" (a capital letter, then letters and digits).');
    }
    requireNonEmpty(scope, `${what}[${i}].lua`, typeof check.lua === 'string' ? check.lua.trim() : check.lua);
    const key = `${check.group}/${check.kind}`;
    if (seen.has(key)) throw invalidInput(scope, `${what}[${i}]`, key, 'Allowed: one health check per group and kind (Argo CD keeps one).');
    seen.add(key);
  });
  return checks;
}

const KIND = /^[A-Z][A-Za-z0-9]{0,62}$/;
