import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import type { Db } from "@/db/client";
import { AppError } from "@/lib/errors";
import { guessMapping, importFile, type ImportMapping } from "@/lib/import";
import { profileColumns } from "@/lib/import/detect";
import { fileSource } from "@/lib/import/file-source";
import type { SourceRow } from "@/lib/import/types";
import { runImportRun } from "@/lib/import/run-import";
import { setProcessRole } from "@/lib/jobs/owner";
import type { CliIo } from "./output";

export const importUsage = `attune import FILE --dataset NAME [--task TEXT] [--id-field F] [--input-fields a,b]
       [--label-fields l1,l2 | l1=labeler,…] [--rationale-field F] [--split-field F] [--json]`;

type MappingFlag = "id-field" | "input-fields" | "label-fields" | "rationale-field" | "split-field";

const list = (value: string | undefined) =>
  value
    ?.split(",")
    .map((item) => item.trim())
    .filter(Boolean);

/** Flags override the roles guessed from the column names and the first rows' values. */
export function mappingFromFlags(columns: string[], flags: Partial<Record<MappingFlag, string>>, firstRows: SourceRow[] = []): ImportMapping {
  const guess = guessMapping(columns, firstRows.length > 0 ? profileColumns(columns, firstRows) : undefined);
  const labelFields = list(flags["label-fields"])?.map((entry) => {
    const [field, labeler] = entry.split("=");
    return { field: field!.trim(), labeler: (labeler ?? field!).trim() };
  });
  const idField = flags["id-field"] ?? guess.idField;
  const roles = new Set([idField, flags["rationale-field"], flags["split-field"], ...(labelFields ?? guess.labelFields).map((label) => label.field)]);
  return {
    idField,
    inputFields: list(flags["input-fields"]) ?? guess.inputFields.filter((field) => !roles.has(field)),
    labelFields: labelFields ?? guess.labelFields,
    rationaleField: flags["rationale-field"] ?? (labelFields ? undefined : guess.rationaleField),
    splitField: flags["split-field"] ?? guess.splitField,
  };
}

export function runImport(db: Db, args: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      dataset: { type: "string" },
      task: { type: "string" },
      "id-field": { type: "string" },
      "input-fields": { type: "string" },
      "label-fields": { type: "string" },
      "rationale-field": { type: "string" },
      "split-field": { type: "string" },
      json: { type: "boolean", default: false },
    },
  });
  const file = positionals[0];
  if (!file || !values.dataset) throw new AppError("bad_request", `usage: ${importUsage}`);
  if (!fs.existsSync(file)) throw new AppError("not_found", `No file at ${file}.`);
  // Progress on stderr about once a second: a big file reads through three times.
  let said = 0;
  const summary = importFile(db, {
    source: fileSource(file, path.basename(file)),
    mapping: (columns, firstRows) => mappingFromFlags(columns, values, firstRows),
    target: { datasetName: values.dataset, task: values.task },
    onProgress: ({ phase, done, total }) => {
      if (values.json || Date.now() - said < 1000) return;
      said = Date.now();
      io.err(`  ${phase} ${phase === "writing" ? `${done.toLocaleString("en-US")}/${total.toLocaleString("en-US")} rows` : `${Math.round((100 * done) / Math.max(1, total))}%`}`);
    },
  });
  io.out(values.json ? JSON.stringify(summary) : summary.message);
  return 0;
}

/** Internal: a job loop runs an uploaded file's import in its own process with this command. */
export function runImportRunCommand(db: Db, args: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { from: { type: "string" } } });
  const id = Number(positionals[0]);
  if (!Number.isSafeInteger(id) || id < 1) throw new AppError("bad_request", "usage: attune import-run ID [--from OWNER]");
  setProcessRole("import");
  const run = runImportRun(db, id, values.from);
  io.out(`${run.status}${run.error ? `: ${run.error}` : ""}`);
  // The import ended (done or failed with its problems stored): nothing for the loop to retry.
  return 0;
}
