import { ApiObject, App, Chart, DependencyGraph } from 'cdk8s';
import { KubeObject } from '../analysis/types';

/** The objects of one chart, in the order cdk8s emits them. */
export interface SynthesizedChart {
  /** The chart's id, used as the file name. */
  readonly name: string;
  readonly objects: KubeObject[];
}

/**
 * Validates every construct of the app once and renders each chart to plain objects, without writing anything.
 * Throws one error listing every validation message.
 *
 * `Chart.toJson()` would validate the whole app again for every chart; this walks the tree once, then renders
 * each chart's API objects in dependency order, as cdk8s does.
 */
export function synthesizeApp(app: App): SynthesizedChart[] {
  const constructs = app.node.findAll();
  const errors = constructs.flatMap((c) => c.node.validate());
  if (errors.length > 0) {
    throw new Error(`Validation failed with ${errors.length} error${errors.length === 1 ? '' : 's'}:\n${errors.map((e) => `  - ${e}`).join('\n')}`);
  }
  return app.charts.map((chart: Chart) => ({
    name: chart.node.id,
    objects: new DependencyGraph(chart.node).topology()
      .filter((c): c is ApiObject => ApiObject.isApiObject(c) && Chart.of(c) === chart)
      .map((o) => o.toJson() as KubeObject),
  }));
}
