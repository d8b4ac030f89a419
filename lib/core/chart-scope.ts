import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ValidationError } from './validation';

/**
 * Throws a {@link ValidationError} unless `construct` is inside a cdk8s Chart: cdk8s writes objects per chart, and
 * would otherwise fail with its bare "cannot find a parent chart". The message names the construct path and the fix.
 * @internal
 */
export function requireInChart(construct: IConstruct, constructName: string): void {
  if (construct.node.scopes.some((s) => Chart.isChart(s))) return;
  const parent = construct.node.scope;
  const parentPath = parent === undefined || parent.node.path === '' ? '(the App itself)' : parent.node.path;
  throw new ValidationError(construct.node.path, 'scope', parentPath,
    `Allowed: a Chart, or a construct inside one: cdk8s writes Kubernetes objects per chart. Make a chart and put the ${constructName} in it, `
    + `e.g. const chart = new Chart(app, 'my-app'); new ${constructName}(chart, '${construct.node.id}', { ... }).`);
}
