import { ApiObject, App, Chart, DependencyGraph } from 'cdk8s';
import { IConstruct } from 'constructs';
import { KubeObject } from '../core/kube-object';
import { SynthError } from './synth-error';

export { SynthError } from './synth-error';

/** The objects of one chart, in the order cdk8s emits them. @internal */
export interface SynthesizedChart {
  /** The chart's id, used as the file name. */
  readonly name: string;
  /** The chart's objects, resolved to plain data. */
  readonly objects: KubeObject[];
  /** The construct path of each object, in the same order. */
  readonly paths: string[];
}

/**
 * Validates every construct of the app once and renders each chart to plain objects, without writing anything.
 * Throws one {@link SynthError} listing every validation message. Charts come in `app.charts` order, objects in the order
 * `cdk8s synth` writes them (construct order, dependencies first).
 *
 * `Chart.toJson()` would validate the whole app again for every chart and build a dependency graph even where no
 * construct declares a dependency; this walks the tree once and builds a graph only for charts that need one.
 * @internal
 */
export function synthesizeApp(app: App): SynthesizedChart[] {
  const tree = walk(app);
  const errors = tree.constructs.flatMap((c) => c.node.validate());
  if (errors.length > 0) {
    throw new SynthError(`Validation failed with ${errors.length} error${errors.length === 1 ? '' : 's'}:\n${errors.map((e) => `  - ${e}`).join('\n')}`);
  }
  // app.charts builds a dependency graph of the whole app; without dependencies it is the charts in tree order
  const charts = tree.withDependencies.size > 0 ? app.charts : tree.charts;
  return charts.map((chart: Chart) => {
    const apiObjects = tree.withDependencies.has(chart)
      ? new DependencyGraph(chart.node).topology().filter((c): c is ApiObject => ApiObject.isApiObject(c) && Chart.of(c) === chart)
      : tree.apiObjects.get(chart) ?? [];
    return { name: chart.node.id, objects: apiObjects.map((o) => o.toJson() as KubeObject), paths: apiObjects.map((o) => o.node.path) };
  });
}

interface Tree {
  /** Every construct, pre-order (as `node.findAll()`). */
  readonly constructs: IConstruct[];
  /** The API objects of each chart (its closest chart), pre-order. */
  readonly apiObjects: Map<Chart, ApiObject[]>;
  /** Charts in which some construct declares a dependency. */
  readonly withDependencies: Set<Chart>;
  /** Every chart, pre-order. */
  readonly charts: Chart[];
}

function walk(app: App): Tree {
  const tree: Tree = { constructs: [], apiObjects: new Map(), withDependencies: new Set(), charts: [] };
  const visit = (c: IConstruct, chart: Chart | undefined) => {
    tree.constructs.push(c);
    if (Chart.isChart(c)) tree.charts.push(c);
    const closest = Chart.isChart(c) ? c : chart;
    if (closest && c.node.dependencies.length > 0) tree.withDependencies.add(closest);
    if (closest && ApiObject.isApiObject(c)) {
      const list = tree.apiObjects.get(closest) ?? [];
      list.push(c);
      tree.apiObjects.set(closest, list);
    }
    for (const child of c.node.children) visit(child, closest);
  };
  visit(app, undefined);
  return tree;
}
