import { hasUrlCredentials, invalidInput, requireObject, ValidationScope } from '../core/validation';

/** Where manifests sit in Git, as an Argo CD Application's `source` names them. */
export interface GitOpsSource {
  /**
   * The repository, as Argo CD reaches it: `https://host/org/repo.git`, `ssh://git@host/org/repo.git` or
   * `git@host:org/repo.git`. Never with credentials in it (give them to Argo CD as a repository secret).
   */
  readonly repoUrl: string;
  /**
   * The branch, tag or commit Argo CD follows.
   * @default 'HEAD'
   */
  readonly revision?: string;
  /**
   * The folder in the repository: relative, `/`-separated, `.` for the repository's root.
   * @default 'dist'
   */
  readonly path?: string;
}

/** A {@link GitOpsSource} with every default filled in. @internal */
export interface ResolvedGitOpsSource {
  readonly repoUrl: string;
  readonly revision: string;
  readonly path: string;
}

const URL_SCHEMES = ['https:', 'http:', 'ssh:', 'git:'];
/** `user@host:path`, the scp-like form git accepts for SSH. */
const SCP_LIKE = /^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[^\s:][^\s]*$/;
const REVISION = /^[A-Za-z0-9][A-Za-z0-9._/+-]*$/;
const PATH_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

/**
 * Throws unless `value` is a Git repository URL Argo CD can clone: https, http, ssh or git URLs, or the scp-like
 * `git@host:path`. A URL with a password or token in it (user information, a query or a fragment) is refused without
 * showing it. @internal
 */
export function requireRepoUrl(scope: ValidationScope, what: string, value: string): string {
  const allowed = 'Allowed: a Git repository URL such as "https://github.com/org/repo.git", "ssh://git@host/org/repo.git" or "git@host:org/repo.git", without white space.';
  // Credentials first, before any check of the form, so that no message about a malformed URL shows them.
  if (typeof value === 'string' && holdsCredentials(value)) {
    throw invalidInput(scope, what, value,
      'Allowed: a repository URL without credentials, query or fragment. Give the token or password to Argo CD as a repository secret, not in the URL (it would be written into every Application).',
      { secret: true });
  }
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048 || /[\s\0]/.test(value)) throw invalidInput(scope, what, value, allowed);
  if (SCP_LIKE.test(value)) return value;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalidInput(scope, what, value, allowed);
  }
  if (!URL_SCHEMES.includes(url.protocol) || url.hostname === '') throw invalidInput(scope, what, value, allowed);
  return value;
}

/**
 * Whether a repository URL, well-formed or not, may carry a credential: a password in its user information (or any
 * user information on http/https, where it is a token), a query or a fragment. Read from the text, not from a
 * parsed URL, so that a URL that does not parse is judged alike.
 */
function holdsCredentials(value: string): boolean {
  if (/[?#]/.test(value)) return true;
  const userinfo = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)@/.exec(value);
  if (userinfo) return userinfo[2].includes(':') || !/^(ssh|git|git\+ssh)$/i.test(userinfo[1]);
  return hasUrlCredentials(value);
}

/**
 * Throws unless `value` is a Git revision Argo CD can follow: `HEAD`, a branch, a tag or a commit, as
 * `git check-ref-format` allows them (no `..`, `@{`, white space or `~^:?*[\`). @internal
 */
export function requireRevision(scope: ValidationScope, what: string, value: string): string {
  if (typeof value !== 'string' || value.length > 255 || !REVISION.test(value) || value.includes('..') || value.includes('//')
    || value.endsWith('/') || value.endsWith('.') || value.endsWith('.lock')) {
    throw invalidInput(scope, what, value, 'Allowed: "HEAD", a branch, a tag or a commit, e.g. "main", "release/1.0", "v1.2.0"; letters, digits and ._/+-, without "..".');
  }
  return value;
}

/** Throws unless `value` is a relative folder in a repository (`/`-separated, no `.` or `..` parts), or `.`. @internal */
export function requireRepoPath(scope: ValidationScope, what: string, value: string): string {
  if (value === '.') return value;
  if (typeof value !== 'string' || value.length === 0 || value.length > 512 || !value.split('/').every((s) => PATH_SEGMENT.test(s))) {
    throw invalidInput(scope, what, value, 'Allowed: a folder of the repository relative to its root, "/"-separated, e.g. "dist" or "deploy/dist" ("." for the root); no "..", no leading or trailing "/".');
  }
  return value;
}

/** Checks a {@link GitOpsSource} and fills in its defaults. @internal */
export function resolveGitOpsSource(scope: ValidationScope, what: string, source: GitOpsSource): ResolvedGitOpsSource {
  requireObject(scope, what, source);
  return {
    repoUrl: requireRepoUrl(scope, `${what}.repoUrl`, source.repoUrl),
    revision: requireRevision(scope, `${what}.revision`, source.revision ?? 'HEAD'),
    path: requireRepoPath(scope, `${what}.path`, source.path ?? 'dist'),
  };
}

/** `folder` inside the repository folder `base` (`.` being the root). @internal */
export function repoPathJoin(base: string, ...folders: string[]): string {
  return [...(base === '.' ? [] : [base]), ...folders].join('/') || '.';
}
