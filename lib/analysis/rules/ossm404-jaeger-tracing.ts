import { rec, str } from '../kube';
import { DEFAULT_SMCP_VERSION } from '../context';
import { Rule } from '../rule';

/** Control-plane versions whose default `tracing.type` is Jaeger (2.6 made it None). */
const JAEGER_BY_DEFAULT = new Set(['v2.0', 'v2.1', 'v2.2', 'v2.3', 'v2.4', 'v2.5']);

/**
 * OSSM404 (warning): a `maistra.io/v2` ServiceMeshControlPlane uses tracing type Jaeger (explicitly, or by default
 * before v2.6). The Red Hat OpenShift distributed tracing (Jaeger) operator left the redhat-operators catalog on
 * 2025-11-03; without it the control plane fails with DependencyMissingError.
 */
export const jaegerTracing: Rule = {
  code: 'OSSM404',
  severity: 'warning',
  title: 'ServiceMeshControlPlane uses Jaeger tracing, whose operator is no longer in the catalog',
  reference: '— (OSSM operator)',
  fix: 'Set spec.tracing.type: None, and bring your own tracing (Tempo / OpenTelemetry, e.g. via meshConfig extensionProviders) if you need it.',
  check(ctx, report) {
    for (const cp of ctx.controlPlanes) {
      if (cp.version !== 'v2') continue;
      const type = str(rec(cp.spec.tracing)?.type);
      const version = str(cp.spec.version) ?? DEFAULT_SMCP_VERSION;
      if (type?.toLowerCase() === 'jaeger') {
        report(cp, 'spec.tracing.type is Jaeger, which needs the Jaeger operator that left the redhat-operators catalog on 2025-11-03 (DependencyMissingError without it)');
      } else if (type === undefined && JAEGER_BY_DEFAULT.has(version)) {
        report(cp, `spec.tracing.type is unset, which means Jaeger for ${version}; it needs the Jaeger operator that left the redhat-operators catalog on 2025-11-03`);
      }
    }
  },
};
