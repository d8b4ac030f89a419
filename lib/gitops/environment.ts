import { isAbsolute, relative, resolve, sep } from 'node:path';
import { envValue, EnvironmentVariables } from '../core/environment';
import { REDACTED, ValidationError } from '../core/validation';
import { GitOpsSource, requireRepoPath, requireRepoUrl, requireRevision } from './git-source';

/**
 * Where the output sits in Git, from the environment, for `npm run synth`; `undefined` when `GITOPS_REPO_URL` is unset
 * (then no Argo CD output is written).
 *
 * - `GITOPS_REPO_URL`: the repository Argo CD clones (never with credentials in it).
 * - `GITOPS_REVISION` (default `HEAD`): the branch, tag or commit Argo CD follows.
 * - `GITOPS_PATH` (default: the output folder, relative to the current folder, which is taken to be the repository's
 *   root): the output folder's path in the repository.
 *
 * A bad value, or `GITOPS_REVISION`/`GITOPS_PATH` without `GITOPS_REPO_URL`, throws an error that names the variable,
 * the value (never a URL's credentials) and what is allowed.
 */
export function gitOpsSourceFromEnv(env: EnvironmentVariables, outdir: string): GitOpsSource | undefined {
  const repoUrl = envValue(env, 'GITOPS_REPO_URL');
  const revision = envValue(env, 'GITOPS_REVISION');
  const path = envValue(env, 'GITOPS_PATH');
  if (repoUrl === undefined) {
    const set = Object.entries({ GITOPS_REVISION: revision, GITOPS_PATH: path }).filter(([, v]) => v !== undefined).map(([k]) => k);
    if (set.length > 0) throw new Error(`${set.join(' and ')} ${set.length > 1 ? 'are' : 'is'} set, but GITOPS_REPO_URL is not: set the repository's URL too, or unset ${set.join(' and ')}.`);
    return undefined;
  }
  const check = (name: string, value: string, rule: (scope: string, what: string, value: string) => string) => {
    try {
      return rule(name, 'value', value);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      // the value as the validator showed it: shortened, and with any credential as *** (never the raw value)
      throw new Error(`${name}=${error.value === REDACTED ? `"${REDACTED}"` : error.value} is not valid. ${error.allowed}`);
    }
  };
  return {
    repoUrl: check('GITOPS_REPO_URL', repoUrl, requireRepoUrl),
    revision: revision === undefined ? undefined : check('GITOPS_REVISION', revision, requireRevision),
    path: check('GITOPS_PATH', path ?? repositoryPathOf(outdir), requireRepoPath),
  };
}

/** The output folder's path relative to the current folder, `/`-separated; refused when it lies outside it. */
function repositoryPathOf(outdir: string): string {
  const rel = relative(process.cwd(), resolve(outdir));
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    throw new Error(`GITOPS_PATH is not set, and the output folder ${resolve(outdir)} is not inside the current folder, so its path in the `
      + 'repository is unknown. Set GITOPS_PATH to the output folder\'s path in the repository, e.g. GITOPS_PATH=dist.');
  }
  return rel.split(sep).join('/');
}
