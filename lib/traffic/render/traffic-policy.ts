// The one renderer of traffic-policy intent (lib/traffic/intent/traffic-policy.ts) to a DestinationRule's
// `trafficPolicy`, with every value checked.
import {
  DestinationRuleV1Beta1SpecTrafficPolicy, DestinationRuleV1Beta1SpecTrafficPolicyLoadBalancer,
  DestinationRuleV1Beta1SpecTrafficPolicyLoadBalancerSimple, DestinationRuleV1Beta1SpecTrafficPolicyTls,
  DestinationRuleV1Beta1SpecTrafficPolicyTlsMode,
} from '../../../imports/networking.istio.io';
import {
  invalidInput, isHttpHeaderName, requireArray, requireBoolean, requireDnsSubdomain, requireInteger, requireNonEmpty, requireObject,
  requireOneOf, ValidationScope,
} from '../../core/validation';
import {
  ClientTlsMode, ClientTlsOptions, ConnectionPoolOptions, ConsistentHashOptions, LoadBalancerAlgorithm, LoadBalancerOptions,
  OutlierDetectionOptions, TrafficPolicy,
} from '../intent/traffic-policy';
import { requireIstioDuration } from './values';

/** An RFC 6265 cookie name (an RFC 7230 token). */
const COOKIE_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Checks a traffic policy and returns Istio's form; `what` names it in messages. @internal */
export function renderTrafficPolicy(scope: ValidationScope, what: string, given: TrafficPolicy): DestinationRuleV1Beta1SpecTrafficPolicy {
  const policy = requireObject(scope, what, given);
  const out: DestinationRuleV1Beta1SpecTrafficPolicy = {
    connectionPool: policy.connectionPool === undefined ? undefined : renderConnectionPool(scope, `${what}.connectionPool`, policy.connectionPool),
    loadBalancer: policy.loadBalancer === undefined ? undefined : renderLoadBalancer(scope, `${what}.loadBalancer`, policy.loadBalancer),
    outlierDetection: policy.outlierDetection === undefined ? undefined : renderOutlierDetection(scope, `${what}.outlierDetection`, policy.outlierDetection),
    tls: policy.tls === undefined ? undefined : renderClientTls(scope, `${what}.tls`, policy.tls),
  };
  if (Object.values(out).every((v) => v === undefined)) {
    throw invalidInput(scope, what, given, 'Allowed: at least one of connectionPool, outlierDetection, loadBalancer and tls; leave the policy out for none.');
  }
  return out;
}

/** Istio refuses a connection pool or outlier detection without a field (and Kiali's wizard avoids writing one). */
function requireSomeField(scope: ValidationScope, what: string, given: object): void {
  if (Object.values(given).every((v) => v === undefined)) {
    throw invalidInput(scope, what, given, `Allowed: at least one setting; leave ${what.split('.').pop()} out for none.`);
  }
}

const atLeastOne = (scope: ValidationScope, what: string, value: number | undefined) =>
  (value === undefined ? undefined : requireInteger(scope, what, value, 1, 2 ** 31 - 1));

function renderConnectionPool(scope: ValidationScope, what: string, given: ConnectionPoolOptions): DestinationRuleV1Beta1SpecTrafficPolicy['connectionPool'] {
  const pool = requireObject(scope, what, given);
  requireSomeField(scope, what, given);
  return {
    tcp: pool.maxConnections === undefined ? undefined : { maxConnections: atLeastOne(scope, `${what}.maxConnections`, pool.maxConnections) },
    http: pool.http1MaxPendingRequests === undefined && pool.maxRequestsPerConnection === undefined ? undefined : {
      http1MaxPendingRequests: atLeastOne(scope, `${what}.http1MaxPendingRequests`, pool.http1MaxPendingRequests),
      maxRequestsPerConnection: atLeastOne(scope, `${what}.maxRequestsPerConnection`, pool.maxRequestsPerConnection),
    },
  };
}

function renderOutlierDetection(scope: ValidationScope, what: string, given: OutlierDetectionOptions): DestinationRuleV1Beta1SpecTrafficPolicy['outlierDetection'] {
  const outlier = requireObject(scope, what, given);
  requireSomeField(scope, what, given);
  return {
    consecutive5XxErrors: atLeastOne(scope, `${what}.consecutive5xxErrors`, outlier.consecutive5xxErrors),
    consecutiveGatewayErrors: atLeastOne(scope, `${what}.consecutiveGatewayErrors`, outlier.consecutiveGatewayErrors),
    interval: outlier.interval === undefined ? undefined : requireIstioDuration(scope, `${what}.interval`, outlier.interval),
    baseEjectionTime: outlier.baseEjectionTime === undefined ? undefined : requireIstioDuration(scope, `${what}.baseEjectionTime`, outlier.baseEjectionTime),
    maxEjectionPercent: outlier.maxEjectionPercent === undefined ? undefined
      : requireInteger(scope, `${what}.maxEjectionPercent`, outlier.maxEjectionPercent, 1, 100),
  };
}

function renderLoadBalancer(scope: ValidationScope, what: string, given: LoadBalancerOptions): DestinationRuleV1Beta1SpecTrafficPolicyLoadBalancer {
  const lb = requireObject(scope, what, given);
  if ((lb.algorithm === undefined) === (lb.consistentHash === undefined)) {
    throw invalidInput(scope, what, given, 'Allowed: exactly one of algorithm and consistentHash.');
  }
  if (lb.algorithm !== undefined) {
    const algorithm = requireOneOf(scope, `${what}.algorithm`, lb.algorithm, Object.values(LoadBalancerAlgorithm));
    return { simple: algorithm as unknown as DestinationRuleV1Beta1SpecTrafficPolicyLoadBalancerSimple };
  }
  return { consistentHash: renderConsistentHash(scope, `${what}.consistentHash`, lb.consistentHash!) };
}

function renderConsistentHash(scope: ValidationScope, what: string, given: ConsistentHashOptions): DestinationRuleV1Beta1SpecTrafficPolicyLoadBalancer['consistentHash'] {
  const hash = requireObject(scope, what, given);
  const keys = (['httpHeaderName', 'httpCookie', 'useSourceIp', 'httpQueryParameterName'] as const).filter((k) => hash[k] !== undefined);
  if (keys.length !== 1) {
    throw invalidInput(scope, what, given, 'Allowed: exactly one of httpHeaderName, httpCookie, useSourceIp and httpQueryParameterName.');
  }
  if (hash.httpHeaderName !== undefined && !isHttpHeaderName(hash.httpHeaderName)) {
    throw invalidInput(scope, `${what}.httpHeaderName`, hash.httpHeaderName, 'Allowed: an HTTP header name in lower case.');
  }
  if (hash.useSourceIp !== undefined && requireBoolean(scope, `${what}.useSourceIp`, hash.useSourceIp) !== true) {
    throw invalidInput(scope, `${what}.useSourceIp`, hash.useSourceIp, 'Allowed: true; leave it out to hash on something else.');
  }
  const cookie = hash.httpCookie === undefined ? undefined : requireObject(scope, `${what}.httpCookie`, hash.httpCookie);
  if (cookie !== undefined && (typeof cookie.name !== 'string' || !COOKIE_NAME.test(cookie.name))) {
    throw invalidInput(scope, `${what}.httpCookie.name`, cookie.name, 'Allowed: a cookie name (letters, digits and !#$%&\'*+-.^_`|~).');
  }
  if (cookie?.path !== undefined && (typeof cookie.path !== 'string' || !/^\/[^\s;]*$/.test(cookie.path))) {
    throw invalidInput(scope, `${what}.httpCookie.path`, cookie.path, 'Allowed: a path starting with "/", without white space or ";".');
  }
  return {
    httpHeaderName: hash.httpHeaderName,
    httpCookie: cookie && {
      name: cookie.name,
      path: cookie.path,
      ttl: cookie.ttl === undefined ? undefined : requireIstioDuration(scope, `${what}.httpCookie.ttl`, cookie.ttl),
    },
    useSourceIp: hash.useSourceIp,
    httpQueryParameterName: hash.httpQueryParameterName === undefined ? undefined
      : requireNonEmpty(scope, `${what}.httpQueryParameterName`, hash.httpQueryParameterName),
  };
}

/** Fields each TLS mode may set, besides `mode`. */
const TLS_FIELDS: Readonly<Record<ClientTlsMode, readonly (keyof ClientTlsOptions)[]>> = {
  [ClientTlsMode.DISABLE]: [],
  [ClientTlsMode.ISTIO_MUTUAL]: ['sni', 'subjectAltNames'],
  [ClientTlsMode.SIMPLE]: ['credentialName', 'caCertificates', 'sni', 'subjectAltNames', 'insecureSkipVerify'],
  [ClientTlsMode.MUTUAL]: ['credentialName', 'clientCertificate', 'privateKey', 'caCertificates', 'sni', 'subjectAltNames', 'insecureSkipVerify'],
};

function renderClientTls(scope: ValidationScope, what: string, given: ClientTlsOptions): DestinationRuleV1Beta1SpecTrafficPolicyTls {
  const tls = requireObject(scope, what, given);
  const mode = requireOneOf(scope, `${what}.mode`, tls.mode, Object.values(ClientTlsMode));
  for (const [field, value] of Object.entries(tls)) {
    if (field === 'mode' || value === undefined || TLS_FIELDS[mode].includes(field as keyof ClientTlsOptions)) continue;
    throw invalidInput(scope, `${what}.${field}`, value, `Allowed: with mode ${mode}, only ${TLS_FIELDS[mode].join(', ') || 'no other field'} (Istio rejects or ignores the rest).`);
  }
  const file = (field: 'clientCertificate' | 'privateKey' | 'caCertificates') => {
    const value = tls[field];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !/^\/[^\0\s]*$/.test(value)) {
      throw invalidInput(scope, `${what}.${field}`, value, 'Allowed: an absolute path of a file in the proxy container, without white space.');
    }
    return value;
  };
  if (mode === ClientTlsMode.MUTUAL && tls.credentialName === undefined && (tls.clientCertificate === undefined || tls.privateKey === undefined)) {
    throw invalidInput(scope, what, given, 'Allowed: for MUTUAL, a credentialName, or both clientCertificate and privateKey.');
  }
  if (tls.credentialName !== undefined && (tls.clientCertificate !== undefined || tls.privateKey !== undefined || tls.caCertificates !== undefined)) {
    throw invalidInput(scope, what, given, 'Allowed: a credentialName or certificate files, not both.');
  }
  const subjectAltNames = tls.subjectAltNames === undefined ? undefined
    : requireArray(scope, `${what}.subjectAltNames`, tls.subjectAltNames).map((n, i) => requireNonEmpty(scope, `${what}.subjectAltNames[${i}]`, n));
  return {
    mode: mode as unknown as DestinationRuleV1Beta1SpecTrafficPolicyTlsMode,
    credentialName: tls.credentialName === undefined ? undefined : requireDnsSubdomain(scope, `${what}.credentialName`, tls.credentialName),
    clientCertificate: file('clientCertificate'),
    privateKey: file('privateKey'),
    caCertificates: file('caCertificates'),
    sni: tls.sni === undefined ? undefined : requireNonEmpty(scope, `${what}.sni`, tls.sni),
    subjectAltNames,
    insecureSkipVerify: requireBoolean(scope, `${what}.insecureSkipVerify`, tls.insecureSkipVerify),
  };
}
