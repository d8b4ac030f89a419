import { Duration } from 'cdk8s';
import { ApplicationSpecSyncPolicy } from '../../imports/argoproj.io';
import {
  invalidInput, requireDnsLabel, requireDnsSubdomain, requireInteger, requireNumber, requireObject, rethrowAsInvalidInput, ValidationScope,
} from '../core/validation';
import { OPENSHIFT_GITOPS_NAMESPACE } from './argocd-conventions';

/**
 * How Argo CD retries a sync that failed (an object refused while an operator's webhook starts, a CRD that is not
 * established yet): after `backoff`, then `factor` times longer each time, at most `maxBackoff`, `limit` times.
 */
export interface SyncRetryOptions {
  /** Retries before the sync is reported as failed; 0 to 100. @default 10 */
  readonly limit?: number;
  /** The first wait, in whole seconds. @default Duration.seconds(10) */
  readonly backoff?: Duration;
  /** How much longer each next wait is; 1 to 10. @default 2 */
  readonly factor?: number;
  /** The longest wait, in whole seconds. @default Duration.minutes(5) */
  readonly maxBackoff?: Duration;
}

/** What every Application this library writes shares: the Argo CD instance, its project, and how syncs retry. */
export interface ArgoCdApplicationOptions {
  /**
   * The namespace of the Argo CD instance, where the Applications live: `openshift-gitops` for OpenShift GitOps'
   * default instance, `argocd` for a plain Argo CD.
   * @default 'openshift-gitops'
   */
  readonly argoCdNamespace?: string;
  /**
   * The Argo CD project of the Applications. It must allow the repository, the destination clusters and every kind
   * they deploy (cluster-scoped ones too: Namespaces, Subscriptions).
   * @default 'default'
   */
  readonly project?: string;
  /** How a failed sync is retried. @default - 10 retries, 10 s doubling up to 5 min */
  readonly syncRetry?: SyncRetryOptions;
}

/** {@link ArgoCdApplicationOptions} checked, with the defaults filled in. @internal */
export interface ResolvedApplicationOptions {
  readonly argoCdNamespace: string;
  readonly project: string;
  /** The automated sync policy every Application gets, with these sync options. */
  readonly syncPolicy: (syncOptions: readonly string[]) => ApplicationSpecSyncPolicy;
}

/** Checks the shared Application options and fills in the defaults. @internal */
export function resolveApplicationOptions(scope: ValidationScope, options: ArgoCdApplicationOptions): ResolvedApplicationOptions {
  requireObject(scope, 'props', options);
  const retry = requireObject(scope, 'syncRetry', options.syncRetry ?? {});
  const limit = requireInteger(scope, 'syncRetry.limit', retry.limit ?? 10, 0, 100);
  const backoff = argoDuration(scope, 'syncRetry.backoff', retry.backoff ?? Duration.seconds(10));
  const factor = requireNumber(scope, 'syncRetry.factor', retry.factor ?? 2, 1, 10);
  if (!Number.isInteger(factor)) throw invalidInput(scope, 'syncRetry.factor', factor, 'Allowed: a whole number from 1 to 10 (Argo CD reads it as an integer).');
  const maxBackoff = argoDuration(scope, 'syncRetry.maxBackoff', retry.maxBackoff ?? Duration.minutes(5));
  if (seconds(maxBackoff) < seconds(backoff)) {
    throw invalidInput(scope, 'syncRetry.maxBackoff', maxBackoff, `Allowed: at least syncRetry.backoff (${backoff}).`);
  }
  return {
    argoCdNamespace: requireDnsLabel(scope, 'argoCdNamespace', options.argoCdNamespace ?? OPENSHIFT_GITOPS_NAMESPACE),
    project: requireDnsSubdomain(scope, 'project', options.project ?? 'default'),
    syncPolicy: (syncOptions) => ({
      // prune: a step switched in Git removes the previous step's objects; selfHeal: drift on the cluster is undone
      automated: { prune: true, selfHeal: true },
      syncOptions: syncOptions.length > 0 ? [...syncOptions] : undefined,
      retry: { limit, backoff: { duration: backoff, factor, maxDuration: maxBackoff } },
    }),
  };
}

/** A Duration as Argo CD writes one (`30s`): whole seconds from 1 s to one day. */
function argoDuration(scope: ValidationScope, what: string, value: Duration): string {
  const allowed = 'Allowed: a Duration of whole seconds from 1 s to 24 h, e.g. Duration.seconds(10).';
  if (!(value instanceof Duration)) throw invalidInput(scope, what, value, allowed);
  const ms = rethrowAsInvalidInput(scope, what, value, allowed, () => value.toMilliseconds());
  if (!Number.isInteger(ms) || ms % 1000 !== 0 || ms < 1000 || ms > 86_400_000) throw invalidInput(scope, what, value, allowed);
  return `${ms / 1000}s`;
}

const seconds = (duration: string) => Number(duration.slice(0, -1));
