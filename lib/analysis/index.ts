/**
 * Offline analyzer for OpenShift Service Mesh 2.6 (Istio 1.20) and 3 (Istio 1.30) configuration: finds, in plain Kubernetes objects,
 * the mistakes that otherwise only show up in a running cluster. Rules: docs/ANALYZER.md.
 * @packageDocumentation
 */
export { analyze, AnalysisResult, compareFindings } from './analyze';
export { AnalyzeOptions, MeshPlatform, Membership, SMCP_ISTIO_VERSIONS } from './context';
export { formatFinding, formatText } from './format';
export { loadManifests, parseManifests, manifestSource, LoadOptions } from './load';
export { CLUSTER_SCOPED_KINDS, isNamespaced } from './kube';
export { resolveHost } from './hosts';
export { RuleInfo, SUPPRESS_ANNOTATION_PREFIX, RULE_CODE_PATTERN } from './rule';
export { RULES, RULE_CODES } from './rules';
export { suppressFinding } from './suppress';
export { Finding, KubeObject, ManifestSource, Severity } from './types';
