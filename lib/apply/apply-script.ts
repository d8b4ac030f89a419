import { ApplyAction, ApplyPlan } from './apply-plan';

/** The plan's words that need no quoting in a POSIX shell. */
const PLAIN = /^[-A-Za-z0-9_./:=@%+,]+$/;

/** One `oc` argument for a POSIX shell: as is, single-quoted, or (when it names a captured value) double-quoted. */
function shellWord(word: string): string {
  if (/\$\{[A-Za-z_][A-Za-z0-9_]*\}/.test(word)) return `"${word.replace(/["\\`]/g, '\\$&')}"`;
  return PLAIN.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function ocLine(args: readonly string[]): string {
  return `$OC ${args.map(shellWord).join(' ')}`;
}

/** A message inside double quotes. */
function message(text: string): string {
  return text.replace(/["\\`$]/g, '\\$&');
}

function scriptLines(action: ApplyAction, plan: ApplyPlan): string[] {
  switch (action.type) {
    case 'run':
      return [ocLine(action.args)];
    case 'wait':
      return [`${ocLine(action.args)} || fail "${message(`timed out or failed waiting for ${action.waitsFor}`)}"`];
    case 'each':
      return [`for item in $${action.variable}; do`,
        `  ${ocLine(action.args)} || fail "${message(`timed out or failed waiting for ${action.waitsFor}`)}: $item"`,
        'done'];
    case 'capture':
      return [`${action.variable}=$(poll ${plan.timeoutSeconds} "${message(action.waitsFor)}" ${action.args.map(shellWord).join(' ')})`];
  }
}

/**
 * The plan as a POSIX shell script (`set -eu`, `OC=${OC:-oc}`): the same `oc` commands `cdk8s-ossm apply` runs, in
 * the same order, with the same timeouts. What `cdk8s-ossm apply --dry-run` prints. @internal
 */
export function applyScript(plan: ApplyPlan, intervalSeconds: number): string {
  const lines = [
    '#!/bin/sh',
    '# Written by cdk8s-ossm apply --dry-run: apply each stage, then wait for what the next one needs.',
    'set -eu',
    'OC=${OC:-oc}',
    `INTERVAL=\${INTERVAL:-${intervalSeconds}}`,
    'fail() { echo "cdk8s-ossm apply: $*" >&2; exit 1; }',
    '# poll SECONDS WHAT ARGS...: runs "$OC ARGS..." until it prints something, at most SECONDS; prints that',
    'poll() {',
    '  limit=$1; what=$2; shift 2; waited=0',
    '  while :; do',
    '    value=$($OC "$@" 2>/dev/null) || value=',
    '    if [ -n "$value" ]; then printf \'%s\\n\' "$value"; return 0; fi',
    '    [ "$waited" -lt "$limit" ] || fail "timed out after ${limit}s waiting for $what"',
    '    sleep "$INTERVAL"; waited=$((waited + INTERVAL))',
    '  done',
    '}',
  ];
  for (const stage of plan.stages) {
    lines.push('', `# ${stage.folder}`);
    for (const action of stage.actions) lines.push(...scriptLines(action, plan));
  }
  return `${lines.join('\n')}\n`;
}
