import { AppError, type InputIssue } from "@/lib/errors";
import { decodeUtf8 } from "./decode";
import { parseCsv } from "./parse-csv";
import { parseJsonl } from "./parse-jsonl";
import { IMPORT_LIMITS } from "./limits";
import type { ImportFormat, SourceTable } from "./types";

/** ": 1,000,000 problems, the first 200 listed" when the list is cut. */
export const moreIssues = (issues: readonly InputIssue[]) =>
  issues.length > IMPORT_LIMITS.listedIssues ? `: ${issues.length.toLocaleString("en-US")} problems, the first ${IMPORT_LIMITS.listedIssues} listed` : "";

export function detectFormat(fileName: string, text: string): ImportFormat {
  const lower = fileName.toLowerCase();
  if (lower.endsWith(".csv")) return "csv";
  if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson") || lower.endsWith(".json")) return "jsonl";
  return text.trimStart().startsWith("{") ? "jsonl" : "csv";
}

function csvTable(text: string): { table: SourceTable; issues: InputIssue[] } {
  const { records, issues } = parseCsv(text);
  const header = records[0];
  if (!header) return { table: { format: "csv", columns: [], rows: [] }, issues };
  const columns = header.cells.map((cell) => cell.trim());
  if (columns.length > IMPORT_LIMITS.columns) {
    return { table: { format: "csv", columns: [], rows: [] }, issues: [{ line: header.line, message: `the header has ${columns.length} columns; at most ${IMPORT_LIMITS.columns} are allowed` }] };
  }
  const seen = new Map<string, number>();
  columns.forEach((column, index) => {
    if (column === "") issues.push({ line: header.line, message: `column ${index + 1} of the header has no name` });
    else if (seen.has(column)) issues.push({ line: header.line, field: column, message: "this column name appears twice in the header" });
    seen.set(column, index);
  });
  const rows = records.slice(1).flatMap((record) => {
    if (record.cells.length !== columns.length) {
      issues.push({
        line: record.line,
        message: `has ${record.cells.length} fields but the header has ${columns.length} (check commas and quoting)`,
      });
      return [];
    }
    const values: Record<string, unknown> = {};
    columns.forEach((column, index) => (values[column] = record.cells[index]));
    return [{ line: record.line, values }];
  });
  return { table: { format: "csv", columns, rows }, issues };
}

/**
 * Bytes → table of rows with their line numbers. Structural problems (encoding, quoting,
 * JSON syntax, no rows) are thrown together as one invalid_input error.
 */
export function parseImportFile(bytes: Uint8Array, fileName: string): SourceTable {
  if (bytes.length === 0) throw new AppError("invalid_input", `${fileName} is empty.`, [{ message: "the file is empty" }]);
  const decoded = decodeUtf8(bytes);
  if ("issue" in decoded) throw new AppError("invalid_input", `${fileName} is not UTF-8 text.`, [decoded.issue]);
  const text = decoded.text.replace(/^\uFEFF/, "");
  if (text.trim() === "") throw new AppError("invalid_input", `${fileName} is empty.`, [{ message: "the file holds only whitespace" }]);

  const format = detectFormat(fileName, text);
  const { table, issues } =
    format === "csv"
      ? csvTable(text)
      : (() => {
          const parsed = parseJsonl(text);
          return { table: { format, columns: parsed.columns, rows: parsed.rows } satisfies SourceTable, issues: parsed.issues };
        })();
  if (issues.length > 0) {
    throw new AppError("invalid_input", `${fileName} could not be read as ${format.toUpperCase()}${moreIssues(issues)}.`, issues.slice(0, IMPORT_LIMITS.listedIssues));
  }
  if (table.rows.length === 0) {
    const what = format === "csv" ? "a header but no data rows" : "no JSON rows";
    throw new AppError("invalid_input", `${fileName} has ${what}.`, [{ message: `the file has ${what}` }]);
  }
  return table;
}
