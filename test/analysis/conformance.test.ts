// The peer-analyzer conformance corpus (../shared/conformance/peer-analyzers: cases from istioctl analyze's and Kiali's
// test suites), counted like its runner, plus the findings the corpus maps to no rule of ours, counted through the
// table "Peer codes the corpus maps to no rule" of docs/ANALYZER.md.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, Finding, loadManifests, RULE_CODES } from '../../lib/analysis';
import { describeWithShared, sharedPath } from '../support/shared';

const CORPUS = sharedPath('conformance', 'peer-analyzers');
const DOC = fs.readFileSync(path.join(__dirname, '../../docs/ANALYZER.md'), 'utf8');

interface Expected { peerCode: string; kind: string; namespace?: string; name: string; ourRule: string | null }
interface Spec { expected: Expected[]; alsoTrue?: Array<{ ourRule: string; kind: string; namespace?: string; name: string }> }

const key = (rule: string, kind: string, namespace: string | undefined, name: string): string => `${rule}|${kind}|${namespace ?? ''}|${name}`;

/** Peer code → our rules, from the documented table (a code may have several rows, one per meaning). */
function mappingTable(): Map<string, string[]> {
  const section = DOC.slice(DOC.indexOf('### Peer codes the corpus maps to no rule'));
  const table = new Map<string, string[]>();
  for (const line of section.split('\n')) {
    const m = /^\| (IST|KIA)(\d{4}) \|.*\| (OSSM\d{3}|—) \|$/.exec(line);
    if (!m) {
      if (table.size > 0 && !line.startsWith('|')) break;
      continue;
    }
    const code = `${m[1]}${m[2]}`;
    table.set(code, [...(table.get(code) ?? []), ...(m[3] === '—' ? [] : [m[3]])]);
  }
  return table;
}

interface Tally { total: number; mapped: number; mappedCaught: number; tableCaught: number; falsePositives: string[] }

function run(table: Map<string, string[]>): Tally {
  const tally: Tally = { total: 0, mapped: 0, mappedCaught: 0, tableCaught: 0, falsePositives: [] };
  for (const name of fs.readdirSync(CORPUS).sort()) {
    const specFile = path.join(CORPUS, name, 'expected.json');
    if (!fs.existsSync(specFile)) continue;
    const spec = JSON.parse(fs.readFileSync(specFile, 'utf8')) as Spec;
    const findings: Finding[] = analyze(loadManifests([path.join(CORPUS, name, 'input.yaml')])).findings.filter((f) => f.suppressedBecause === undefined);
    const have = new Set(findings.map((f) => key(f.code, f.kind, f.namespace, f.name)));
    const wanted = new Set<string>();
    for (const e of spec.expected) {
      tally.total++;
      if (e.ourRule !== null) {
        tally.mapped++;
        wanted.add(key(e.ourRule, e.kind, e.namespace, e.name));
        if (have.has(key(e.ourRule, e.kind, e.namespace, e.name))) tally.mappedCaught++;
      } else if ((table.get(e.peerCode) ?? []).some((rule) => have.has(key(rule, e.kind, e.namespace, e.name)))) {
        tally.tableCaught++;
      }
    }
    const alsoTrue = new Set((spec.alsoTrue ?? []).map((a) => key(a.ourRule, a.kind, a.namespace, a.name)));
    for (const f of findings) {
      const k = key(f.code, f.kind, f.namespace, f.name);
      if (f.severity === 'error' && !wanted.has(k) && !alsoTrue.has(k)) tally.falsePositives.push(`${name}: ${f.code} ${f.kind}/${f.namespace ?? ''}/${f.name}`);
    }
  }
  return tally;
}

describeWithShared('peer-analyzer conformance', [CORPUS], () => {
  test('the documented mapping table names only rules that exist', () => {
    const table = mappingTable();
    expect(table.size).toBeGreaterThan(5);
    for (const rules of table.values()) for (const rule of rules) expect(RULE_CODES.has(rule)).toBe(true);
  });

  test('holds the bar: at least 190 of the mapped findings, 210 of all, and no false positive', () => {
    const t = run(mappingTable());
    const all = t.mappedCaught + t.tableCaught;
    // the line the coordinator reads, next to the shared runner's
    console.log(`peer-analyzers (own count): ${all}/${t.total} expected findings caught (${t.mappedCaught}/${t.mapped} with a mapped rule, `
      + `${t.tableCaught}/${t.total - t.mapped} through the documented table), ${t.falsePositives.length} false positives`);
    expect(t.falsePositives).toEqual([]);
    expect(t.mappedCaught).toBeGreaterThanOrEqual(190);
    expect(all).toBeGreaterThanOrEqual(210);
  });
});
