import { parseAllDocuments } from 'yaml';
import { countLines, yamlDocuments } from '../../lib/analysis/yaml-stream';

/** Streams whose document boundaries are easy to get wrong. */
const STREAMS = [
  '', '# only a comment\n', 'a: 1\n', '# c\n---\na: 1\n', 'a: 1\n---\nb: 2\n', '---\n---\n', '---', 'a: 1\n---\n',
  'a: 1\n...\n', 'a: 1\n...\nb: 2\n', 'a: 1\n...\n# c\n', '...\n', 'a: 1\n...\n...\n', '---\na: 1\n...\n---\nb: 1\n',
  '%YAML 1.2\n---\na: 1\n', 'a: 1\n...\n%YAML 1.2\n---\nb: 2\n', '--- a\n--- b\n', '--- |\n  text\n---\n',
  'a: ---\nb: "\n  ---x"\nc: |\n  ---\n', 'a: 1\r\n---\r\nb: 2\r\n', '\uFEFF---\na: 1\n', '---\n# c\n',
  'a: 1\n--- # c\nb: 1\n', '---\t\na: 1', 'a:\n  - 1\n---\n\n\nb: 2\n\n', '----\na: 1\n', '....\n', '# x\n\n---\n\n# z\na: 1\n---\n',
  '- a\n- b\n---\n[1, 2]\n---\n"text"\n', '{"apiVersion": "v1",\n "kind": "List"}\n',
];

/** The stream cut into pieces of `size` characters. */
const pieces = (text: string, size: number): string[] => Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));

test.each(STREAMS.map((s) => [JSON.stringify(s), s]))('%s: the documents the yaml package finds, in any pieces', (_name, stream) => {
  const expected = parseAllDocuments(stream.replace(/^\uFEFF/, ''));
  const values = Array.from(expected, (d) => d.toJS());
  for (const size of [1, 2, 3, 5, 8, 1000]) {
    for (const batchChars of [1, 10, 1 << 18]) {
      const docs = [...yamlDocuments(pieces(stream, size), batchChars)].flatMap((b) => b.documents.map((d) => {
        expect(b.text.slice(d.offset, d.offset + d.text.length)).toBe(d.text);
        return d;
      }));
      expect({ size, batchChars, numbers: docs.map((d) => d.number) }).toEqual({ size, batchChars, numbers: values.map((_, i) => i + 1) });
      expect(docs.map((d) => parseAllDocuments(d.text)[0]?.toJS() ?? null)).toEqual(values);
      // a document's line is that of its first character in the stream
      const text = stream.replace(/^\uFEFF/, '');
      let from = 0;
      for (const d of docs) {
        const at = text.indexOf(d.text, from);
        expect({ text: d.text, line: d.line }).toEqual({ text: d.text, line: countLines(text, 0, at) + 1 });
        from = at + d.text.length;
      }
    }
  }
});

test('a document that ends at a --- line knows that line (error messages quote it)', () => {
  const [batch] = [...yamlDocuments(['a: 1\n--- # next\nb: 2\n'], 1 << 18)];
  expect(batch.documents.map((d) => d.nextLine)).toEqual(['--- # next\n', undefined]);
});
