import { createHash } from "node:crypto";
import type { Db } from "@/db/client";
import { AppError } from "@/lib/errors";
import { applyImport, type ImportSummary, type ImportTarget } from "./apply";
import { checkMapping, type ImportMapping } from "./mapping";
import { IMPORT_LIMITS } from "./limits";
import { moreIssues, parseImportFile } from "./parse-file";
import { validateRows } from "./validate-rows";

export type { ImportSummary, ImportTarget } from "./apply";
export { guessMapping, importMappingSchema, type ImportMapping } from "./mapping";

/** Parse, validate and write a file: every row, or on any problem none, with each problem's line and field. */
export function importFile(
  db: Db,
  input: {
    bytes: Uint8Array;
    fileName: string;
    /** The roles of the columns, or a function choosing them once the columns are known. */
    mapping: ImportMapping | ((columns: string[]) => ImportMapping);
    target: ImportTarget;
  },
): ImportSummary {
  const table = parseImportFile(input.bytes, input.fileName);
  const mapping = typeof input.mapping === "function" ? input.mapping(table.columns) : input.mapping;
  const mappingIssues = checkMapping(mapping, table.columns);
  if (mappingIssues.length > 0) throw new AppError("invalid_input", "The chosen fields do not fit this file.", mappingIssues);

  const { rows, issues, aggregateLabelers } = validateRows(table.rows, mapping);
  if (issues.length > 0) {
    const bad = new Set(issues.map((issue) => issue.line)).size;
    throw new AppError(
      "invalid_input",
      `${bad.toLocaleString("en-US")} of ${table.rows.length.toLocaleString("en-US")} rows have problems${moreIssues(issues)}. Nothing was imported.`,
      issues.slice(0, IMPORT_LIMITS.listedIssues),
    );
  }
  const fileHash = createHash("sha256").update(input.bytes).digest("hex");
  return applyImport(db, { target: input.target, fileName: input.fileName, fileHash, inputFields: mapping.inputFields, rows, aggregateLabelers });
}
