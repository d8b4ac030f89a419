/**
 * Reading a YAML stream document by document, without holding it whole.
 *
 * YAML forbids a line that starts with `---` or `...` (followed by a space, a tab or the line's end) anywhere inside
 * a document, so cutting the stream at such lines finds its documents exactly, before any parsing.
 * @internal
 */
import * as fs from 'node:fs';

/** One document of a YAML stream, within its {@link YamlBatch}. @internal */
export interface YamlDocumentText {
  /** Offset of the document's text in its batch's text. */
  readonly offset: number;
  /** The document's text: its `---` line (if any), directives before it, its content and its `...` line (if any). */
  readonly text: string;
  /** Line (1-based) of the text's first character in the stream. */
  readonly line: number;
  /** Number (1-based) of the document in the stream, counted as the `yaml` package's parseAllDocuments counts. */
  readonly number: number;
  /** The `---` line that ends the document, if one does: a parse error at the document's end points into it. */
  readonly nextLine: string | undefined;
}

/** Consecutive documents of a YAML stream, and the text they are in (which may hold comments between them). @internal */
export interface YamlBatch {
  readonly text: string;
  readonly documents: readonly YamlDocumentText[];
}

/**
 * A `---` or `...` at the start of a line, followed by a blank or the end. Lines end at `\n` (or `\r\n`): like the
 * `yaml` package, a lone `\r` is not taken as a line break.
 */
const MARKER = /\n(?:---|\.\.\.)(?=[ \t\r\n]|$)/g;
/** A marker on the stream's first line, which has no line break before it. */
const STREAM_START_MARKER = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/;
/** Whether a piece of text may hold a marker: a quick test before the exact one. */
const MARKER_HINT = /\n(?:---|\.\.\.)/;
const BYTE_ORDER_MARK = '\uFEFF';

/** Number of `\n` in `text` from `start` (inclusive) to `end` (exclusive). */
export function countLines(text: string, start = 0, end = text.length): number {
  let n = 0;
  for (let i = text.indexOf('\n', start); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** A string with the same characters that shares no memory with `s` (V8 keeps slices of long strings as views). */
function flatCopy(s: string): string {
  return (` ${s}`).slice(1);
}

/** Whether a part of the stream with no `---` before it holds content (anything but blanks, comments and directives). */
function hasContent(text: string, start: number, end: number): boolean {
  for (let i = start; i < end;) {
    const lineEnd = text.indexOf('\n', i);
    const line = text.slice(i, lineEnd === -1 || lineEnd > end ? end : lineEnd);
    const trimmed = line.trim();
    if (trimmed !== '' && !trimmed.startsWith('#') && !line.startsWith('%')) return true;
    if (lineEnd === -1) break;
    i = lineEnd + 1;
  }
  return false;
}

/**
 * Splits a YAML stream, given as consecutive pieces of text, into its documents, and yields them in batches of
 * about `batchChars` characters (a document longer than that is a batch of its own). Each piece is scanned once; only
 * the text of the batch being gathered is kept between pieces.
 * @internal
 */
export function* yamlDocuments(chunks: Iterable<string>, batchChars: number, maxDocumentChars = Infinity, file = 'the input'): Generator<YamlBatch> {
  /** The text not yet yielded: the batch being gathered, the part being read, then what is not yet scanned. */
  let buf = '';
  /** Start (in `buf`) of the part being read: a document, or what comes before one. */
  let start = 0;
  /** Line of `start` in the stream. */
  let line = 1;
  /** Whether the part being read began with a `---` line. */
  let explicit = false;
  let documents = 0;
  /** Where (in `buf`) to look for the next line break followed by a marker. */
  let scanFrom = 0;
  let streamStartSeen = false;
  /** Start (in `buf`) of the batch being gathered, and its documents. */
  let batchStart = 0;
  let batch: YamlDocumentText[] = [];

  function* flush(end: number): Generator<YamlBatch> {
    if (batch.length === 0) return;
    // A copy, not a slice of `buf`: the strings parsed from it keep it alive, and it should not keep `buf` alive
    // (unless it is all of `buf`, as a document larger than a read is).
    const text = buf.slice(batchStart, end);
    yield { text: text.length === buf.length ? text : flatCopy(text), documents: batch };
    batch = [];
  }

  /** Ends the part being read at `end`, taking it if it is a document; the next part starts at `next`. */
  function* cut(end: number, next: number, nextExplicit: boolean): Generator<YamlBatch> {
    if (explicit || hasContent(buf, start, end)) {
      if (batch.length === 0) batchStart = start;
      const lineEnd = nextExplicit ? buf.indexOf('\n', end) : -1;
      batch.push({
        offset: start - batchStart,
        text: buf.slice(start, end),
        line,
        number: ++documents,
        nextLine: nextExplicit ? buf.slice(end, lineEnd === -1 ? buf.length : lineEnd + 1) : undefined,
      });
      if (end - batchStart >= batchChars) yield* flush(end);
    } else if (nextExplicit && /^%/m.test(buf.slice(start, end))) {
      explicit = true; // directives belong to the document the `---` starts: keep them in its text
      return;
    }
    line += countLines(buf, start, next);
    start = next;
    explicit = nextExplicit;
  }

  /** A marker at `at`: `---` starts a document; `...` ends one, and what follows it starts without `---`. */
  function* marker(at: number): Generator<YamlBatch> {
    if (buf.charCodeAt(at) === 0x2d /* - */) {
      if (at === start && !explicit) explicit = true; // nothing before it since the stream's start or a `...`
      else yield* cut(at, at, true);
      return;
    }
    const lineEnd = buf.indexOf('\n', at);
    const next = lineEnd === -1 ? buf.length : lineEnd + 1;
    yield* cut(next, next, false);
  }

  /** Takes the documents that end in `buf`; unless `final`, a last line without a line break waits for more. */
  function* scan(final: boolean): Generator<YamlBatch> {
    const lastBreak = final ? buf.length : buf.lastIndexOf('\n');
    if (!streamStartSeen && (final || buf.length >= 4)) {
      // The stream's first line has no line break before it. `---` there only marks the part explicit; `...` ends
      // a (empty) part, and is taken once its line is complete.
      if (!STREAM_START_MARKER.test(buf)) streamStartSeen = true;
      else if (buf.startsWith('-')) streamStartSeen = explicit = true;
      else if (lastBreak !== -1) {
        streamStartSeen = true;
        yield* marker(0);
      }
    }
    if (lastBreak === -1) return;
    MARKER.lastIndex = scanFrom;
    for (let m = MARKER.exec(buf); m !== null; m = MARKER.exec(buf)) {
      const at = m.index + 1;
      if (at > lastBreak) break; // that line may go on in the next chunk
      yield* marker(at);
      MARKER.lastIndex = at + 3;
    }
    scanFrom = lastBreak;
  }

  /** Chunks read after `buf` that hold no marker: joined to it only when one comes, so that a document larger than
   * a chunk is copied once, not once per chunk. */
  let pending: string[] = [];
  let pendingChars = 0;
  /** The last few characters read, to find a marker cut between two chunks. */
  let tail = '';
  const take = (): void => {
    // Keep the batch, the part being read, and the line break before a marker that may start the next chunk.
    const keep = Math.min(start, scanFrom, batch.length > 0 ? batchStart : start);
    buf = buf.slice(keep) + pending.join('');
    pending = [];
    pendingChars = 0;
    start -= keep;
    scanFrom -= keep;
    batchStart -= keep;
  };
  let first = true;
  for (let chunk of chunks) {
    if (first && chunk.startsWith(BYTE_ORDER_MARK)) chunk = chunk.slice(1);
    first = false;
    const mayHoldMarker = !streamStartSeen || MARKER_HINT.test(chunk) || MARKER_HINT.test(tail + chunk.slice(0, 4));
    tail = chunk.length >= 4 ? chunk.slice(-4) : (tail + chunk).slice(-4);
    pending.push(chunk);
    pendingChars += chunk.length;
    if (buf.length - start + pendingChars > maxDocumentChars) {
      throw new InputTextError(`${file}: a YAML document longer than ${maxDocumentChars} characters (from line ${line}), more than any manifest holds; refusing to read on`);
    }
    if (!mayHoldMarker) continue;
    take();
    yield* scan(false);
  }
  take();
  yield* scan(true);
  if (start < buf.length) yield* cut(buf.length, buf.length, false);
  yield* flush(start);
}

/** Size of each read: large enough to amortize the system call, small against the documents it holds. */
const CHUNK_BYTES = 1 << 20;

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** How much input one load may read, shared by every file and stream it reads. @internal */
export interface ReadBudget {
  /** Bytes still allowed. */
  bytesLeft: number;
  /** The limit, for messages. */
  readonly maxBytes: number;
}

/** Input that is not valid UTF-8, or larger than allowed: the message names the file and the byte offset. */
export class InputTextError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'InputTextError';
  }
}

/**
 * Offset of the first byte in `bytes` that does not belong to a well-formed UTF-8 sequence (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF); a sequence cut off by the end counts as ill-formed at its start
 * only when `final`. `-1` when all is well-formed.
 */
export function invalidUtf8Offset(bytes: Uint8Array, final: boolean): number {
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    const n = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (n === 0) return i;
    for (let k = 1; k < n; k++) {
      if (i + k >= bytes.length) return final ? i : -1;
      const c = bytes[i + k];
      const lo = k === 1 && b === 0xe0 ? 0xa0 : k === 1 && b === 0xf0 ? 0x90 : 0x80;
      const hi = k === 1 && b === 0xed ? 0x9f : k === 1 && b === 0xf4 ? 0x8f : 0xbf;
      if (c < lo || c > hi) return i;
    }
    i += n;
  }
  return -1;
}

/**
 * The text of an open file descriptor, read in chunks of {@link CHUNK_BYTES} and decoded as UTF-8 (a character cut
 * between two chunks is decoded whole). Standard input in non-blocking mode is waited for. Stops with an
 * {@link InputTextError} naming `file` at the first byte that is not UTF-8 or is a NUL (which YAML and JSON never
 * hold: `/dev/zero` stops at once), and when the `budget` of bytes is spent — before holding more than that.
 * @internal
 */
export function* readTextChunks(fd: number, file = `file descriptor ${fd}`, budget?: ReadBudget): Generator<string> {
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  /** Bytes read before the current chunk, and the undecoded end of the previous chunk (at most 3 bytes). */
  let offset = 0;
  let carry: Uint8Array = new Uint8Array(0);
  const invalid = (bytes: Uint8Array, final: boolean): InputTextError => {
    const joined = Buffer.concat([carry, bytes]);
    const at = invalidUtf8Offset(joined, final);
    const where = offset - carry.length + (at < 0 ? joined.length : at);
    return new InputTextError(`${file}: not valid UTF-8 at byte offset ${where}; manifests must be UTF-8 text (convert it, e.g. with iconv -t UTF-8)`);
  };
  for (;;) {
    let n: number;
    try {
      n = fs.readSync(fd, buffer, 0, CHUNK_BYTES, null);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') {
        sleep(10);
        continue;
      }
      if ((e as NodeJS.ErrnoException).code === 'EOF') break;
      // e.g. standard input closed (EBADF), a folder (EISDIR), a device error (EIO)
      throw new InputTextError(`${file}: cannot read: ${(e as Error).message}`);
    }
    if (n === 0) break;
    const bytes = buffer.subarray(0, n);
    if (budget !== undefined) {
      budget.bytesLeft -= n;
      if (budget.bytesLeft < 0) {
        throw new InputTextError(`${file}: the input is larger than ${budget.maxBytes} bytes in all, the most one run reads; `
          + 'split it, or allow more with --max-bytes (LoadOptions.maxBytes)');
      }
    }
    const nul = bytes.indexOf(0);
    if (nul >= 0) {
      throw new InputTextError(`${file}: a NUL byte at byte offset ${offset + nul}; manifests are text (YAML and JSON hold no NUL), this is not a manifest`);
    }
    let text: string;
    try {
      text = decoder.decode(bytes, { stream: true });
    } catch {
      throw invalid(bytes, false);
    }
    // the bytes the decoder holds back: the start of a character cut by the chunk's end
    const pending = pendingUtf8Bytes(bytes);
    carry = bytes.subarray(bytes.length - pending).slice();
    offset += n;
    if (text !== '') yield text;
  }
  let rest: string;
  try {
    rest = decoder.decode();
  } catch {
    throw invalid(new Uint8Array(0), true);
  }
  if (rest !== '') yield rest;
}

/** How many bytes at the end of `bytes` start a UTF-8 character that is not complete yet (0 to 3). */
function pendingUtf8Bytes(bytes: Uint8Array): number {
  for (let k = 1; k <= Math.min(3, bytes.length); k++) {
    const b = bytes[bytes.length - k];
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > k ? k : 0;
  }
  return 0;
}
