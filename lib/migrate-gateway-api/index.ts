// `cdk8s-ossm migrate --to gateway-api`: VirtualServices, DestinationRules and Istio Gateways to Gateway API.
export * from './migrate-gateway-api';
export * from './report';
