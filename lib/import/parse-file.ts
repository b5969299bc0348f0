import { AppError } from "@/lib/errors";
import { byteAt, bytesSource, scanSource, type ImportSource, type ScanResult } from "./scan";
import type { SourceRow, SourceTable } from "./types";

export { detectFormat } from "./scan";

/**
 * Reads a source through once and throws the structural problems (encoding, quoting, JSON
 * syntax, no rows) together as one invalid_input error; otherwise says what the file holds.
 */
export function readStructure(source: ImportSource, onRow?: (row: SourceRow) => void, options: { partial?: boolean } = {}): ScanResult {
  const fileName = source.name;
  if (source.size === 0) throw new AppError("invalid_input", `${fileName} is empty.`, [{ message: "the file is empty" }]);
  const scan = scanSource(source, onRow, options);
  if (scan.badByteOffset !== null) {
    const { line, byte } = byteAt(source, scan.badByteOffset);
    const hex = byte.toString(16).padStart(2, "0").toUpperCase();
    throw new AppError("invalid_input", `${fileName} is not UTF-8 text.`, [
      { line, message: `the file is not valid UTF-8 (byte 0x${hex} at offset ${scan.badByteOffset}); save it as UTF-8 and upload it again` },
    ]);
  }
  if (scan.empty) throw new AppError("invalid_input", `${fileName} is empty.`, [{ message: "the file holds only whitespace" }]);
  if (scan.issues.count > 0) throw new AppError("invalid_input", `${fileName} could not be read as ${scan.format.toUpperCase()}${scan.issues.more()}.`, scan.issues.listed);
  if (scan.rows === 0) {
    const what = scan.format === "csv" ? "a header but no data rows" : "no JSON rows";
    throw new AppError("invalid_input", `${fileName} has ${what}.`, [{ message: `the file has ${what}` }]);
  }
  return scan;
}

/**
 * Bytes → table of rows with their line numbers, for the browser's preview: with `partial` the
 * bytes are the file's beginning and at most `maxRows` rows are kept.
 */
export function parseImportFile(bytes: Uint8Array, fileName: string, options: { partial?: boolean; maxRows?: number } = {}): SourceTable {
  const rows: SourceRow[] = [];
  const limit = options.maxRows ?? Number.POSITIVE_INFINITY;
  const scan = readStructure(bytesSource(bytes, fileName), (row) => void (rows.length < limit && rows.push(row)), options);
  return { format: scan.format, columns: scan.columns, rows };
}
