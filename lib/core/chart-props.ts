import { ApiObject, ChartProps } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { KubeObject } from './kube-object';
import { requireSafeMap } from './safe-map';
import { invalidInput, requireBoolean, requireDnsLabel, ValidationScope } from './validation';
import { duplicateObjectMessages } from '../synth/duplicates';

/**
 * Checks the props every chart of this library inherits from cdk8s's `ChartProps` — `labels` (a key-safe map of
 * label keys to label values: no `null`, no `__proto__` or `constructor` key, no `a/b/c` key), `namespace` (a
 * DNS-1123 label) and `disableResourceNameHashes` (a boolean) — before they reach cdk8s, which would drop a
 * `__proto__` label silently, fail deep inside on a `constructor` key or a `null` value, and emit namespaces and
 * label keys the API server refuses. Returns the props to hand to `Chart`'s constructor, with the labels as a
 * checked copy. Called before `super()`, so the error names the chart's path-to-be.
 * @internal
 */
export function checkedChartProps<P extends ChartProps>(scope: Construct, id: string, props: P | undefined): P {
  const path: ValidationScope = scope.node.path === '' ? id : `${scope.node.path}/${id}`;
  if (props === undefined) return {} as P;
  if (typeof props !== 'object' || props === null || Array.isArray(props)) throw invalidInput(path, 'props', props, 'Allowed: an object.');
  const labels = requireSafeMap(path, 'labels', props.labels, 'labels');
  if (props.namespace !== undefined) requireDnsLabel(path, 'namespace', props.namespace);
  requireBoolean(path, 'disableResourceNameHashes', props.disableResourceNameHashes);
  return props.labels === undefined ? props : { ...props, labels: { ...labels } };
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
      const placed = root.node.findAll().filter(ApiObject.isApiObject).map((o) => ({
        object: { apiVersion: o.apiVersion, kind: o.kind, metadata: { name: o.name, namespace: o.metadata.namespace } } as KubeObject,
        path: o.node.path,
      }));
      return duplicateObjectMessages(placed, new Map());
    },
  });
}
