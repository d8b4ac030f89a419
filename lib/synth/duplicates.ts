import { describeObject, KubeObject, storedIdentityOf } from '../core/kube-object';

/** An object about to be written, with the construct that made it and the app it belongs to. @internal */
export interface PlacedObject {
  readonly object: KubeObject;
  /** Construct path of the object. */
  readonly path: string;
}

/**
 * Messages for objects that share a kind (and API group), namespace and name in what is applied together: within the
 * base, within a step, and between a step and the base. Applied together, the later one silently replaces the earlier
 * (and deleting one deletes both). Each pair is named once, with both construct paths.
 * @internal
 */
export function duplicateObjectMessages(base: readonly PlacedObject[], steps: ReadonlyMap<string, readonly PlacedObject[]>): string[] {
  const messages: string[] = [];
  const baseIndex = new Map<string, PlacedObject>();
  const describe = (p: PlacedObject, where: string) => `${p.path} (${where})`;
  const report = (first: PlacedObject, firstWhere: string, second: PlacedObject, secondWhere: string) => {
    messages.push(`${describeObject(second.object)} is made twice: by ${describe(first, firstWhere)} and by ${describe(second, secondWhere)}. `
      + 'Allowed: one object per kind, namespace and name in what is applied together (the base and one step); applied together, '
      + 'the later replaces the earlier. Give one of them another name, or make it once.');
  };
  for (const placed of base) {
    const key = storedIdentityOf(placed.object);
    const first = baseIndex.get(key);
    if (first) report(first, 'base', placed, 'base');
    else baseIndex.set(key, placed);
  }
  for (const [step, objects] of steps) {
    const own = new Map<string, PlacedObject>();
    for (const placed of objects) {
      const key = storedIdentityOf(placed.object);
      const inBase = baseIndex.get(key);
      const inStep = own.get(key);
      if (inBase) report(inBase, 'base', placed, `step "${step}"`);
      else if (inStep) report(inStep, `step "${step}"`, placed, `step "${step}"`);
      if (!inStep) own.set(key, placed);
    }
  }
  return messages;
}
