/**
 * Reads the cluster's base domain from `CLUSTER_BASE_DOMAIN`. Unset or empty, it throws a message that says
 * how to set it; the value's form is checked by the chart that uses it.
 */
export function clusterBaseDomainFromEnv(env: Readonly<Record<string, string | undefined>>): string {
  const value = env.CLUSTER_BASE_DOMAIN;
  if (value === undefined || value.trim() === '') {
    throw new Error('CLUSTER_BASE_DOMAIN is not set. It is the base domain of your OpenShift cluster, used for the '
      + 'control ingress host control.travel-control.apps.<base domain>. Set it when you synthesize, e.g.\n'
      + '  CLUSTER_BASE_DOMAIN=$(oc get dns cluster -o jsonpath=\'{.spec.baseDomain}\') npm run synth\n'
      + '  CLUSTER_BASE_DOMAIN=mycluster.example.com npm run synth');
  }
  return value;
}
