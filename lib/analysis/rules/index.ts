import { Rule, RuleInfo } from '../rule';
import { suppressionRule } from './ossm001-suppression';
import { duplicateObject } from './ossm002-duplicate-object';
import { subsetNotFound } from './ossm101-subset-not-found';
import { hostNotFound } from './ossm102-host-not-found';
import { conflictingMeshVirtualServices } from './ossm103-conflicting-mesh-vs';
import { gatewayNotFound } from './ossm104-gateway-not-found';
import { hostNotInGateway } from './ossm105-host-not-in-gateway';
import { weightSum } from './ossm106-weight-sum';
import { outOfRange } from './ossm107-out-of-range';
import { unreachableRule } from './ossm108-unreachable-rule';
import { repeatedDestination } from './ossm109-repeated-destination';
import { destinationPort } from './ossm110-destination-port';
import { ineffectiveMatch } from './ossm111-ineffective-match';
import { legacyGatewayName } from './ossm112-legacy-gateway-name';
import { invalidRegex } from './ossm113-invalid-regex';
import { jwtClaimRoute } from './ossm114-jwt-claim-route';
import { nonStringField } from './ossm115-non-string-field';
import { duplicateDestinationRule } from './ossm201-duplicate-destination-rule';
import { subsetSelectsNoPods } from './ossm202-subset-selects-no-pods';
import { duplicateSubset } from './ossm203-duplicate-subset';
import { subsetWithoutLabels } from './ossm204-subset-without-labels';
import { consecutiveErrorsOnly } from './ossm205-consecutive-errors';
import { gatewaySelector } from './ossm301-gateway-selector';
import { routeWithIor } from './ossm302-route-with-ior';
import { gatewayPort } from './ossm303-gateway-port';
import { conflictingGateways } from './ossm304-conflicting-gateways';
import { configOutsideMesh } from './ossm401-config-outside-mesh';
import { workloadOutsideMesh } from './ossm402-workload-outside-mesh';
import { memberRollPlacement } from './ossm403-member-roll-placement';
import { jaegerTracing } from './ossm404-jaeger-tracing';
import { revisionBasedWithoutDefaultTag } from './ossm405-revision-based-without-default-tag';
import { injectionLabelMissing } from './ossm501-injection-label';
import { deprecatedAnnotation } from './ossm502-deprecated-annotation';
import { portName } from './ossm503-port-name';
import { namespaceInjectionLabel } from './ossm504-namespace-injection-label';
import { istioAnnotation } from './ossm505-istio-annotation';
import { unrestrictedPod } from './ossm506-unrestricted-pod';
import { namespaceNotInjected } from './ossm507-namespace-not-injected';
import { injectionWebhookAddress } from './ossm508-injection-webhook-address';
import { v1Api } from './ossm601-v1-api';
import { ambiguousShortHost } from './ossm602-ambiguous-short-host';
import { unexpandedHost } from './ossm603-unexpanded-host';
import { deprecatedField } from './ossm604-deprecated-field';
import { serviceEntryAddresses } from './ossm605-service-entry-addresses';
import { serviceEntryResolution } from './ossm606-service-entry-resolution';
import { plainTextToStrict } from './ossm701-plaintext-to-strict';
import { policySelectsNoPods } from './ossm702-policy-selects-no-pods';
import { unknownPrincipal } from './ossm703-unknown-principal';
import { policySourceNamespace } from './ossm704-policy-source-namespace';
import { policyMethod } from './ossm705-policy-method';
import { identityWithoutMtls } from './ossm706-identity-without-mtls';
import { policyDeniesEveryCaller } from './ossm707-policy-denies-every-caller';
import { peerAuthenticationValidity } from './ossm708-peer-authentication-validity';
import { sidecarConflict } from './ossm801-sidecar-conflict';
import { sidecarEgressHost } from './ossm802-sidecar-egress-host';
import { rootSidecarSelector } from './ossm803-root-sidecar-selector';
import { virtualServiceAndHttpRoute } from './ossm901-virtual-service-and-http-route';
import { httpRouteBackend } from './ossm902-http-route-backend';
import { unknownGatewayClass } from './ossm903-unknown-gateway-class';
import { ambientL7WithoutWaypoint } from './ossm904-ambient-l7-without-waypoint';
import { waypointNotDeployed } from './ossm905-waypoint-not-deployed';
import { peerAuthenticationDisableInAmbient } from './ossm906-peer-authentication-disable-ambient';
import { sidecarClientsBypassWaypoint } from './ossm907-sidecar-clients-bypass-waypoint';

let codes: ReadonlySet<string> = new Set();

/** Every rule of the analyzer with its check, in code order. @internal */
export const ANALYZER_RULES: readonly Rule[] = [
  suppressionRule(() => codes),
  duplicateObject,
  subsetNotFound,
  hostNotFound,
  conflictingMeshVirtualServices,
  gatewayNotFound,
  hostNotInGateway,
  weightSum,
  outOfRange,
  unreachableRule,
  repeatedDestination,
  destinationPort,
  ineffectiveMatch,
  legacyGatewayName,
  invalidRegex,
  jwtClaimRoute,
  nonStringField,
  duplicateDestinationRule,
  subsetSelectsNoPods,
  duplicateSubset,
  subsetWithoutLabels,
  consecutiveErrorsOnly,
  gatewaySelector,
  routeWithIor,
  gatewayPort,
  conflictingGateways,
  configOutsideMesh,
  workloadOutsideMesh,
  memberRollPlacement,
  jaegerTracing,
  revisionBasedWithoutDefaultTag,
  injectionLabelMissing,
  deprecatedAnnotation,
  portName,
  namespaceInjectionLabel,
  istioAnnotation,
  unrestrictedPod,
  namespaceNotInjected,
  injectionWebhookAddress,
  v1Api,
  ambiguousShortHost,
  unexpandedHost,
  deprecatedField,
  serviceEntryAddresses,
  serviceEntryResolution,
  plainTextToStrict,
  policySelectsNoPods,
  unknownPrincipal,
  policySourceNamespace,
  policyMethod,
  identityWithoutMtls,
  policyDeniesEveryCaller,
  peerAuthenticationValidity,
  sidecarConflict,
  sidecarEgressHost,
  rootSidecarSelector,
  virtualServiceAndHttpRoute,
  httpRouteBackend,
  unknownGatewayClass,
  ambientL7WithoutWaypoint,
  waypointNotDeployed,
  peerAuthenticationDisableInAmbient,
  sidecarClientsBypassWaypoint,
];

/** Every rule of the analyzer, in code order: its code, severity, title, the peers' code it corresponds to and its fix. */
export const RULES: readonly RuleInfo[] = ANALYZER_RULES;

/** The codes of {@link RULES}. */
export const RULE_CODES: ReadonlySet<string> = (codes = new Set(RULES.map((r) => r.code)));
