/** What the benches share: medians and the list of targets with met / not met. */

/** The median of `xs` (the upper one of an even count). */
export const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A target: what it says, with the measured figure, and whether it is met. */
export type Target = readonly [what: string, met: boolean];

/** Prints `targets` under `title`, each with met / NOT MET. */
export function printTargets(title: string, targets: readonly Target[]): void {
  console.log(`\n${title}:`);
  for (const [what, met] of targets) console.log(`  ${met ? 'met    ' : 'NOT MET'}  ${what}`);
}
