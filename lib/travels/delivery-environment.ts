import { clusterBaseDomainFromEnv, envChoice, envValue, EnvironmentVariables } from '../core/environment';
import { gitOpsSourceFromEnv } from '../gitops/environment';
import { readFleetFile } from '../gitops/fleet';
import { TravelsDeliveryOptions } from './workshop-delivery';
import { WORKSHOP_STEPS, WorkshopStep } from './workshop';
import { readSetting, travelsWorkshopSettingsFromEnv } from './workshop-environment';

const STEP_MEANINGS: Readonly<Record<WorkshopStep, string>> = {
  'header-routing': '4-1, routing by the portal header',
  'weighted-routing': '4-2, weighted routing',
  'fault-injection': '5-1, fault injection on hotels',
  'circuit-breaker': '6-1/6-2, load tester and circuit breaker',
};

/**
 * What `npm run synth` writes, from the environment: the workshop's settings (see `travelsWorkshopOptionsFromEnv`),
 * and for delivery:
 *
 * - `CLUSTERS_FILE=<file>`: a fleet (`clusters: [{name, baseDomain, ossmVersion?, step?}]`), one tree per cluster in
 *   `clusters/<name>/`; the other settings apply to every cluster. `CLUSTER_BASE_DOMAIN` is then optional: set, the
 *   single cluster's tree is written too.
 * - `WORKSHOP_STEP` (default `header-routing`): the step the step Application deploys (each cluster's, unless the
 *   fleet file chooses one).
 * - `GITOPS_REPO_URL`, `GITOPS_REVISION`, `GITOPS_PATH`: where the output sits in Git (see `gitOpsSourceFromEnv`);
 *   without `GITOPS_REPO_URL` no Argo CD output is written.
 *
 * Every bad value is reported at once, each naming the variable (or the fleet file), the value and what is allowed.
 * `outdir` is the output folder, the default of `GITOPS_PATH`.
 */
export function travelsDeliveryFromEnv(env: EnvironmentVariables, outdir: string): TravelsDeliveryOptions {
  const errors: string[] = [];
  const clustersFile = envValue(env, 'CLUSTERS_FILE');
  const fleet = clustersFile === undefined ? undefined : readSetting(errors, () => readFleetFile(clustersFile, { steps: WORKSHOP_STEPS }));
  // without a fleet, the single cluster's base domain is required (its error says how to set it)
  const clusterBaseDomain = clustersFile === undefined || envValue(env, 'CLUSTER_BASE_DOMAIN') !== undefined
    ? readSetting(errors, () => clusterBaseDomainFromEnv(env)) : undefined;
  const settings = travelsWorkshopSettingsFromEnv(env, errors);
  const step = readSetting(errors, () => envChoice(env, 'WORKSHOP_STEP', STEP_MEANINGS));
  const source = readSetting(errors, () => gitOpsSourceFromEnv(env, outdir));
  if (errors.length > 0) throw new Error(errors.join('\n'));
  return {
    ...(clusterBaseDomain !== undefined && { workshop: { clusterBaseDomain, ...settings } }),
    ...(fleet !== undefined && { fleet, fleetSettings: settings }),
    ...(step !== undefined && { step }),
    ...(source !== undefined && { gitOps: { source } }),
  };
}
