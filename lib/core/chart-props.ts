import { ApiObject, Chart, ChartProps } from 'cdk8s';
import { IConstruct } from 'constructs';
import { describeObject, KubeObject, storedIdentityOf } from './kube-object';
import { requireSafeMap } from './safe-map';
import { invalidInput, requireBoolean, requireDnsLabel, requireObject } from './validation';

/**
 * What a chart hands to `Chart`'s constructor: the props when they are an object, else none (cdk8s would fail on
 * `null` with a TypeError). {@link requireChartProps}, right after, refuses what is wrong with them.
 * @internal
 */
export function chartPropsForSuper<P extends ChartProps>(props: P | undefined): P {
  return typeof props === 'object' && props !== null && !Array.isArray(props) ? props : {} as P;
}

/**
 * Checks the props every chart of this library inherits from cdk8s's `ChartProps` — `labels` (a key-safe map of
 * label keys to label values: no `null`, no `__proto__` or `constructor` key, no `a/b/c` key), `namespace` (a
 * DNS-1123 label) and `disableResourceNameHashes` (a boolean) — as the chart's first act, before any object is made:
 * cdk8s would drop a `__proto__` label silently, fail deep inside on a `constructor` key or a `null` value, and emit
 * namespaces and label keys the API server refuses. Then makes the app refuse objects made twice
 * ({@link refuseDuplicateObjects}).
 * @internal
 */
export function requireChartProps(chart: Chart, props: ChartProps | undefined): void {
  if (props !== undefined) {
    requireObject(chart, 'props', props);
    requireSafeMap(chart, 'labels', props.labels, 'labels');
    if (props.namespace !== undefined) requireDnsLabel(chart, 'namespace', props.namespace);
    requireBoolean(chart, 'disableResourceNameHashes', props.disableResourceNameHashes);
  }
  chart.node.addValidation({ validate: () => replacedChartLabels(chart) });
  refuseDuplicateObjects(chart);
}

/**
 * A chart label that an object of the chart sets to a value of its own (cdk8s lets the object's win, e.g. `app`
 * and `version`, which select workloads) would be dropped from that object without a word: one message per key,
 * naming the first such object.
 */
function replacedChartLabels(chart: Chart): string[] {
  const labels = Object.entries(chart.labels);
  if (labels.length === 0) return [];
  const messages: string[] = [];
  const objects = chart.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c) && Chart.of(c) === chart);
  for (const [key, value] of labels) {
    const replaced = objects.find((o) => o.metadata.getLabel(key) !== value);
    if (replaced !== undefined) {
      messages.push(invalidInput(chart, `labels value of "${key}"`, value,
        `Allowed: labels that the chart's objects do not set themselves; ${replaced.node.path} sets "${key}" to ${JSON.stringify(replaced.metadata.getLabel(key))}, which would replace the chart's on it. Choose another key.`).message);
    }
  }
  return messages;
}

const guarded = new WeakSet<IConstruct>();

/**
 * Makes the app that `scope` belongs to refuse, when it is validated (`app.synth()`, `app.synthYaml()`,
 * `writeDist`), two objects with one identity (API group, kind, namespace, name) anywhere in it: applied together,
 * the later would silently replace the earlier. Each pair is named once, with both construct paths. Registered
 * once per app, by every chart of this library.
 * @internal
 */
export function refuseDuplicateObjects(scope: IConstruct): void {
  const root = scope.node.root;
  if (guarded.has(root)) return;
  guarded.add(root);
  root.node.addValidation({
    validate: () => {
      const messages: string[] = [];
      const first = new Map<string, ApiObject>();
      for (const o of root.node.findAll().filter(ApiObject.isApiObject)) {
        const object = { apiVersion: o.apiVersion, kind: o.kind, metadata: { name: o.name, namespace: o.metadata.namespace } } as KubeObject;
        const identity = storedIdentityOf(object);
        const earlier = first.get(identity);
        if (earlier === undefined) {
          first.set(identity, o);
          continue;
        }
        messages.push(`${o.node.path}: ${describeObject(object)} is made twice: by ${earlier.node.path} and by ${o.node.path}. `
          + 'Allowed: one object per kind, namespace and name in an app; applied together, the later replaces the earlier. '
          + 'Give one of them another name, or make it once.');
      }
      return messages;
    },
  });
}
