/** Environment variables as the `…FromEnv` functions read them: `process.env`, or a plain map of your own (for tests). */
export type EnvironmentVariables = Readonly<Record<string, string | undefined>>;

/**
 * Reads the cluster's base domain from `CLUSTER_BASE_DOMAIN`. Unset or empty, it throws a message that says
 * how to set it; the value's form is checked by the chart that uses it.
 */
export function clusterBaseDomainFromEnv(env: EnvironmentVariables): string {
  const value = env.CLUSTER_BASE_DOMAIN;
  if (value === undefined || value.trim() === '') {
    throw new Error('CLUSTER_BASE_DOMAIN is not set. It is the base domain of your OpenShift cluster, used for the '
      + 'control ingress host control.travel-control.apps.<base domain>. Set it when you synthesize, e.g.\n'
      + '  CLUSTER_BASE_DOMAIN=$(oc get dns cluster -o jsonpath=\'{.spec.baseDomain}\') npm run synth\n'
      + '  CLUSTER_BASE_DOMAIN=mycluster.example.com npm run synth');
  }
  return value;
}

/**
 * The value of the environment variable `name`, trimmed; `undefined` when it is unset or empty.
 * @internal
 */
export function envValue(env: EnvironmentVariables, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/**
 * The value of `name` when it is one of the keys of `choices` (each with what it means), `undefined` when the
 * variable is unset or empty. Any other value throws an error that names the variable, the value and every choice.
 * @internal
 */
export function envChoice<T extends string>(env: EnvironmentVariables, name: string, choices: Readonly<Record<T, string>>): T | undefined {
  const value = envValue(env, name);
  if (value === undefined || Object.prototype.hasOwnProperty.call(choices, value)) return value as T | undefined;
  throw invalidSetting(name, value, `Allowed: ${Object.entries(choices).map(([choice, meaning]) => `${choice} (${meaning})`).join(', ')}.`);
}

/**
 * The error for a bad environment variable, worded like the library's construct errors: the variable, the value,
 * what is allowed.
 * @internal
 */
export function invalidSetting(name: string, value: string, allowed: string): Error {
  return new Error(`${name}=${JSON.stringify(value)} is not valid. ${allowed}`);
}
