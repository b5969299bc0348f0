import { firstInvalidUtf8Offset } from "./decode";
import { IssueSink } from "./issues";
import { IMPORT_LIMITS } from "./limits";
import { CsvParser, type CsvRecord } from "./parse-csv";
import { JsonlParser } from "./parse-jsonl";
import type { ImportFormat, SourceRow } from "./types";

/** A file to import, read in pieces as often as needed: from memory, or from disk (see file-source). */
export interface ImportSource {
  name: string;
  size: number;
  /** Calls `onChunk` with the bytes in order; reading stops early when it returns false. */
  read(onChunk: (bytes: Uint8Array) => boolean | void): void;
}

const CHUNK_BYTES = 1 << 20;

export function bytesSource(bytes: Uint8Array, name: string): ImportSource {
  return {
    name,
    size: bytes.length,
    read(onChunk) {
      for (let start = 0; start < bytes.length; start += CHUNK_BYTES) if (onChunk(bytes.subarray(start, start + CHUNK_BYTES)) === false) return;
    },
  };
}

export function detectFormat(fileName: string, firstText: string): ImportFormat {
  const lower = fileName.toLowerCase();
  if (lower.endsWith(".csv")) return "csv";
  if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson") || lower.endsWith(".json")) return "jsonl";
  return firstText.trimStart().startsWith("{") ? "jsonl" : "csv";
}

export interface ScanResult {
  format: ImportFormat;
  columns: string[];
  rows: number;
  /** Nothing but whitespace (or nothing at all). */
  empty: boolean;
  /** Where the bytes stop being UTF-8, if they do: reading stopped there. */
  badByteOffset: number | null;
  issues: IssueSink;
}

/** CSV records → rows under the header, with the header's and the rows' shape checked. */
function csvRows(emit: (row: SourceRow) => void, issues: IssueSink, columnsOut: string[]) {
  let columns: string[] | null = null;
  let tooWide = false;
  return (record: CsvRecord) => {
    if (tooWide) return;
    if (!columns) {
      columns = record.cells.map((cell) => cell.trim());
      if (columns.length > IMPORT_LIMITS.columns) {
        tooWide = true;
        issues.add({ line: record.line, message: `the header has ${columns.length} columns; at most ${IMPORT_LIMITS.columns} are allowed` });
        return;
      }
      const seen = new Set<string>();
      columns.forEach((column, index) => {
        if (column === "") issues.add({ line: record.line, message: `column ${index + 1} of the header has no name` });
        else if (seen.has(column)) issues.add({ line: record.line, field: column, message: "this column name appears twice in the header" });
        seen.add(column);
      });
      columnsOut.push(...columns);
      return;
    }
    if (record.cells.length !== columns.length) {
      issues.add({ line: record.line, message: `has ${record.cells.length} fields but the header has ${columns.length} (check commas and quoting)` });
      return;
    }
    const values: Record<string, unknown> = {};
    columns.forEach((column, index) => (values[column] = record.cells[index]));
    emit({ line: record.line, values });
  };
}

/**
 * Reads a source once from start to end, decoding UTF-8 as it streams and handing each data row
 * to `onRow`; memory stays that of one piece and one record, whatever the file's size. With
 * `partial`, the source is a file's beginning (a preview): its cut-off last record is dropped.
 */
export function scanSource(source: ImportSource, onRow: (row: SourceRow) => void = () => {}, options: { partial?: boolean } = {}): ScanResult {
  const issues = new IssueSink();
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
  const columns: string[] = [];
  let rows = 0;
  const emit = (row: SourceRow) => {
    rows++;
    onRow(row);
  };
  let parser: CsvParser | JsonlParser | null = null;
  let format: ImportFormat = "csv";
  let head = "";
  let empty = true;
  let offset = 0;
  let badOffset = -1;
  let previous: Uint8Array = new Uint8Array(0);

  const feed = (text: string) => {
    if (empty && text.trim() !== "") empty = false;
    if (!parser) {
      head += text;
      // The format is known from the name, or from the first character that is not a space.
      if (!/\.(csv|jsonl|ndjson|json)$/i.test(source.name) && head.trim() === "") return;
      format = detectFormat(source.name, head);
      parser = format === "csv" ? new CsvParser(csvRows(emit, issues, columns), issues) : new JsonlParser(emit, issues);
      text = head;
      head = "";
    }
    parser.push(text);
  };

  source.read((bytes) => {
    let text: string;
    try {
      text = decoder.decode(bytes, { stream: true });
    } catch {
      // The bad byte is in this piece, or in the unfinished character the previous one ended with.
      const tail = previous.subarray(Math.max(0, previous.length - 3));
      const joined = new Uint8Array(tail.length + bytes.length);
      joined.set(tail);
      joined.set(bytes, tail.length);
      badOffset = offset - tail.length + Math.max(0, firstInvalidUtf8Offset(joined));
      return false;
    }
    if (offset === 0) text = text.replace(/^\uFEFF/, "");
    offset += bytes.length;
    previous = bytes;
    feed(text);
  });
  if (badOffset >= 0) return { format, columns, rows, empty: false, badByteOffset: badOffset, issues };
  try {
    feed(decoder.decode());
  } catch {
    // The file ends inside a character: the offset of its first byte.
    let start = previous.length - 1;
    while (start > 0 && start > previous.length - 4 && (previous[start]! & 0xc0) === 0x80) start--;
    return { format, columns, rows, empty: false, badByteOffset: offset - previous.length + Math.max(0, start), issues };
  }
  const found = parser as CsvParser | JsonlParser | null;
  if (found && !options.partial) found.end();
  return { format, columns: found instanceof JsonlParser ? [...found.columns] : columns, rows, empty, badByteOffset: null, issues };
}

/** The line a byte offset falls on and the byte there, by reading the source again (only to report a bad byte). */
export function byteAt(source: ImportSource, target: number): { line: number; byte: number } {
  let line = 1;
  let seen = 0;
  let byte = 0;
  source.read((bytes) => {
    const end = Math.min(bytes.length, target - seen);
    for (let i = 0; i < end; i++) if (bytes[i] === 0x0a) line++;
    if (target - seen < bytes.length) byte = bytes[target - seen]!;
    seen += bytes.length;
    return seen <= target;
  });
  return { line, byte };
}
