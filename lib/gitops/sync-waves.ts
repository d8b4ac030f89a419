import { API_GROUP } from '../core/api-groups';
import { KubeObject, splitApiVersion } from '../core/kube-object';
import { SYNC_WAVE_ANNOTATION } from './argocd-conventions';

const isSubscription = (o: KubeObject) => splitApiVersion(o.apiVersion).group === API_GROUP.OLM && o.kind === 'Subscription';

/**
 * The sync wave of an object within the Application of its stage. OLM resolves the Subscriptions of one namespace
 * together, into one InstallPlan: a Subscription with Manual approval created beside Automatic ones would hold their
 * installation until someone approves the shared plan. So a Manual Subscription goes one wave after the Automatic
 * ones of its namespace, which Argo CD waits to be installed first. Everything else is in wave 0.
 * @internal
 */
export function stageSyncWave(obj: KubeObject, stage: readonly KubeObject[]): number {
  if (!isSubscription(obj) || obj.spec?.installPlanApproval !== 'Manual') return 0;
  const automaticBeside = stage.some((o) => isSubscription(o) && o.metadata?.namespace === obj.metadata?.namespace
    && o.spec?.installPlanApproval !== 'Manual');
  return automaticBeside ? 1 : 0;
}

/**
 * The objects of a stage with the sync-wave annotation on those whose wave is not 0, or `undefined` when every
 * object is in wave 0 (the stage needs no change).
 * @internal
 */
export function withStageSyncWaves(stage: readonly KubeObject[]): KubeObject[] | undefined {
  const waves = stage.map((o) => stageSyncWave(o, stage));
  if (waves.every((w) => w === 0)) return undefined;
  return stage.map((o, i) => (waves[i] === 0 ? o : {
    ...o,
    metadata: { ...o.metadata, annotations: { ...o.metadata?.annotations, [SYNC_WAVE_ANNOTATION]: String(waves[i]) } },
  }));
}
