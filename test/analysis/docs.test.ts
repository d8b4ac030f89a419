import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES, RULE_CODE_PATTERN } from '../../lib/analysis';

const DOC = fs.readFileSync(path.join(__dirname, '../../docs/ANALYZER.md'), 'utf8');
const rows = DOC.split('\n')
  .filter((l) => /^\| OSSM\d{3} \|/.test(l))
  .map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));

test('every rule has a stable code and a documentation row with its severity and reference codes', () => {
  expect(rows.map((r) => r[0])).toEqual(RULES.map((r) => r.code));
  for (const rule of RULES) {
    expect(rule.code).toMatch(RULE_CODE_PATTERN);
    const row = rows.find((r) => r[0] === rule.code) as string[];
    expect({ code: rule.code, severity: row[1] }).toEqual({ code: rule.code, severity: rule.severity });
    for (const ref of rule.reference.match(/(IST|KIA)\d{4}/g) ?? []) expect(row[3]).toContain(ref);
    expect(row[2].length).toBeGreaterThan(20);
    expect(row[4].length).toBeGreaterThan(5);
  }
});

test('codes are unique and sorted', () => {
  const codes = RULES.map((r) => r.code);
  expect(new Set(codes).size).toBe(codes.length);
  expect([...codes].sort()).toEqual(codes);
});
