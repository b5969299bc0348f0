import { createHash } from "node:crypto";
import type { Db } from "@/db/client";
import { removeAbandonedImports } from "@/db/queries/imports";
import { AppError } from "@/lib/errors";
import { isDeadOwner } from "@/lib/jobs/owner";
import { applyImport, existingExamples, findTarget, type ImportSummary, type ImportTarget } from "./apply";
import { contentHash } from "./content-hash";
import { IssueSink } from "./issues";
import { checkMapping, type ImportMapping } from "./mapping";
import { readStructure } from "./parse-file";
import { bytesSource, scanSource, type ImportSource } from "./scan";
import type { SourceRow } from "./types";
import { RowValidator } from "./validate-rows";

export type { ImportSummary, ImportTarget } from "./apply";
export { guessMapping, importMappingSchema, type ImportMapping } from "./mapping";
export { bytesSource, type ImportSource } from "./scan";

export type ImportPhase = "reading" | "checking" | "writing";
export type ImportProgress = { phase: ImportPhase; done: number; total: number };

/** The source, reporting the bytes read as it goes. */
function measured(source: ImportSource, onBytes: (bytes: number) => void): ImportSource {
  return {
    ...source,
    read(onChunk) {
      let seen = 0;
      source.read((bytes) => {
        seen += bytes.length;
        onBytes(seen);
        return onChunk(bytes);
      });
    },
  };
}

/**
 * Parse, check and write a file: every row, or on any problem none, with each problem's line
 * and field. The file streams through three times (its structure, its rows, the write), so
 * memory stays that of a piece of it and one id per row, whatever its size.
 */
/** The roles of the columns, or a function choosing them from the columns and the first rows. */
export type MappingChoice = ImportMapping | ((columns: string[], firstRows: SourceRow[]) => ImportMapping);

/** Rows kept from the first pass for guessing column roles from their values. */
const SAMPLE_ROWS = 500;

export function importFile(
  db: Db,
  input: {
    source: ImportSource;
    /** The roles of the columns, or a function choosing them from the columns and the first rows. */
    mapping: MappingChoice;
    target: ImportTarget;
    onProgress?: (progress: ImportProgress) => void;
  },
): ImportSummary {
  const { source, onProgress } = input;
  // A half-written dataset of an import whose process died must not stand in this one's way.
  removeAbandonedImports(db, isDeadOwner);
  const report = (phase: ImportPhase) => (done: number) => onProgress?.({ phase, done, total: phase === "writing" ? rowCount : source.size });
  let rowCount = 0;

  const hash = createHash("sha256");
  const firstRows: SourceRow[] = [];
  const structure = readStructure(measured(source, report("reading")), (row) => void (firstRows.length < SAMPLE_ROWS && firstRows.push(row)));
  source.read((bytes) => void hash.update(bytes));
  const fileHash = hash.digest("hex");
  const mapping = typeof input.mapping === "function" ? input.mapping(structure.columns, firstRows) : input.mapping;
  const mappingIssues = checkMapping(mapping, structure.columns);
  if (mappingIssues.length > 0) throw new AppError("invalid_input", "The chosen fields do not fit this file.", mappingIssues);

  // Every row checked before anything is written, including clashes with the dataset's examples.
  const target = findTarget(db, input.target);
  const existing = target ? existingExamples(db, target.id) : null;
  const validator = new RowValidator(mapping);
  const clashes = new IssueSink();
  scanSource(measured(source, report("checking")), (row) => {
    const valid = validator.check(row);
    if (!valid || !existing) return;
    const known = existing.get(valid.externalId);
    if (known && known.contentHash !== contentHash(target!.inputFields, valid.inputs))
      clashes.add({ line: valid.line, field: "id", message: `id "${valid.externalId}" is already in the dataset with different inputs; give the new example another id` });
  });
  if (validator.issues.count > 0) {
    const { issues } = validator;
    throw new AppError(
      "invalid_input",
      `${issues.lines.toLocaleString("en-US")} of ${structure.rows.toLocaleString("en-US")} rows have problems${issues.more()}. Nothing was imported.`,
      issues.listed,
    );
  }
  if (clashes.count > 0) throw new AppError("invalid_input", `${clashes.count} row(s) clash with examples already in "${target!.name}"${clashes.more()}. Nothing was imported.`, clashes.listed);
  rowCount = structure.rows;

  return applyImport(db, {
    target: input.target,
    fileName: source.name,
    fileHash,
    inputFields: mapping.inputFields,
    rowCount,
    labelers: validator.labelers,
    aggregateLabelers: validator.aggregateLabelers,
    onWritten: report("writing"),
    eachRow: (visit) => {
      const again = new RowValidator(mapping);
      scanSource(source, (row) => {
        const valid = again.check(row);
        if (valid) visit(valid);
      });
    },
  });
}

/** An in-memory file (the demo data, tests, small uploads). */
export function importBytes(db: Db, input: { bytes: Uint8Array; fileName: string; mapping: MappingChoice; target: ImportTarget }): ImportSummary {
  return importFile(db, { source: bytesSource(input.bytes, input.fileName), mapping: input.mapping, target: input.target });
}
