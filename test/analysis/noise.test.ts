// Warnings on valid configurations: the analyzer at its defaults on the peers' negative cases (the cases of
// ../shared/conformance/peer-analyzers where the peer expects nothing) and on Istio's Bookinfo task files, counted here
// and compared with the section "Warnings on valid configurations" of docs/ANALYZER.md, so that the doc cannot go stale.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, Finding, loadManifests } from '../../lib/analysis';
import { describeWithShared, sharedPath } from '../support/shared';

const CORPUS = sharedPath('conformance', 'peer-analyzers');
const BOOKINFO = sharedPath('reference', 'istio-bookinfo');
const DOC = fs.readFileSync(path.join(__dirname, '../../docs/ANALYZER.md'), 'utf8');
const SECTION = DOC.slice(DOC.indexOf('### Warnings on valid configurations'), DOC.indexOf('### Peer codes the corpus maps to no rule'));

const warnings = (findings: readonly Finding[]): Finding[] => findings.filter((f) => f.severity === 'warning' && f.suppressedBecause === undefined);

/** Each negative case's warnings, by case name (the measure of the doc: `analyze` with no option, as the CLI runs it). */
function negativeCases(): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  for (const name of fs.readdirSync(CORPUS).sort()) {
    const specFile = path.join(CORPUS, name, 'expected.json');
    if (!fs.existsSync(specFile)) continue;
    const spec = JSON.parse(fs.readFileSync(specFile, 'utf8')) as { expected: unknown[] };
    if (spec.expected.length > 0) continue;
    out.set(name, warnings(analyze(loadManifests([path.join(CORPUS, name, 'input.yaml')])).findings));
  }
  return out;
}

/** Each `networking/` task file of Bookinfo with the app (`platform/bookinfo.yaml`) and `destination-rule-all.yaml`. */
function bookinfoFiles(): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  const app = path.join(BOOKINFO, 'platform', 'bookinfo.yaml');
  const drAll = path.join(BOOKINFO, 'networking', 'destination-rule-all.yaml');
  for (const file of fs.readdirSync(path.join(BOOKINFO, 'networking')).filter((f) => f.endsWith('.yaml')).sort()) {
    const own = path.join(BOOKINFO, 'networking', file);
    out.set(file, warnings(analyze(loadManifests(own === drAll ? [app, drAll] : [app, drAll, own])).findings));
  }
  return out;
}

function byRule(sets: Map<string, Finding[]>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const findings of sets.values()) for (const f of findings) counts[f.code] = (counts[f.code] ?? 0) + 1;
  return counts;
}

const total = (sets: Map<string, Finding[]>): number => [...sets.values()].reduce((n, f) => n + f.length, 0);
const withWarnings = (sets: Map<string, Finding[]>): number => [...sets.values()].filter((f) => f.length > 0).length;

/** The "now" column of a row of the summary table. */
function nowColumn(row: string): string {
  const line = SECTION.split('\n').find((l) => l.startsWith(`| ${row} |`));
  if (!line) throw new Error(`docs/ANALYZER.md: no row "${row}" in "Warnings on valid configurations"`);
  return line.split('|').map((c) => c.trim()).filter((c) => c !== '').at(-1)!;
}

/** The rule table of one set: `| `OSSMnnn` | count | ... |` rows after the heading line that starts with `heading`. */
function ruleTable(heading: string): Record<string, number> {
  const start = SECTION.indexOf(heading);
  if (start < 0) throw new Error(`docs/ANALYZER.md: no "${heading}" in "Warnings on valid configurations"`);
  const counts: Record<string, number> = {};
  let inTable = false;
  for (const line of SECTION.slice(start).split('\n').slice(1)) {
    const m = /^\| `(OSSM\d{3})` \| (\d+) \|/.exec(line);
    if (m) counts[m[1]] = (counts[m[1]] ?? 0) + Number(m[2]);
    if (line.startsWith('|')) inTable = true;
    else if (inTable) break;
  }
  return counts;
}

describeWithShared('warnings on valid configurations (docs/ANALYZER.md)', [CORPUS, BOOKINFO], () => {
  const negative = negativeCases();
  const bookinfo = bookinfoFiles();

  test('the measured sets are the documented ones: 92 negative cases and 21 Bookinfo task files', () => {
    expect(negative.size).toBe(92);
    expect(bookinfo.size).toBe(21);
  });

  test('the summary table holds the counts measured now', () => {
    expect(nowColumn("peers' negative cases")).toBe(`${withWarnings(negative)} of ${negative.size} cases, ${total(negative)} warnings`);
    expect(nowColumn('Bookinfo task files')).toBe(`${total(bookinfo)} warnings in ${withWarnings(bookinfo)} files`);
  });

  test('the per-rule tables hold the counts measured now', () => {
    expect(ruleTable('What the')).toEqual(byRule(negative));
    expect(ruleTable('On Bookinfo')).toEqual(byRule(bookinfo));
  });

  test('no OSSM 2.6-only fact on sets without an OSSM 2 object: they are judged as OSSM 3, the default platform', () => {
    const ossm2Only = [...negative.values(), ...bookinfo.values()].flat()
      .filter((f) => f.code === 'OSSM504' || (f.code === 'OSSM501' && f.message.includes('OSSM 2')) || f.code === 'OSSM601');
    expect(ossm2Only).toEqual([]);
  });
});
