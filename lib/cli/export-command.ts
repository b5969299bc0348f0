import fs from "node:fs";
import { parseArgs } from "node:util";
import type { Db } from "@/db/client";
import { getDatasetByName } from "@/db/queries/datasets";
import { resolvePrompt } from "@/db/queries/prompts";
import type { AttuneEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { exportFormats, exportPrompt, type ExportFormat } from "@/lib/export/bundle";
import { labelsExport } from "@/lib/export/labels";
import { datasetModels } from "@/lib/llm/model-list";
import { checkOutPath, type CliIo } from "./output";

export const exportUsage = "attune export --dataset NAME [--prompt ID|current] --format text|json|messages [--out FILE]";

export function runExport(db: Db, env: AttuneEnv, args: string[], io: CliIo): number {
  const { values } = parseArgs({ args, options: { dataset: { type: "string" }, prompt: { type: "string" }, format: { type: "string" }, out: { type: "string" } } });
  if (!values.dataset || !values.format) throw new AppError("bad_request", `usage: ${exportUsage}`);
  if (!exportFormats.includes(values.format as ExportFormat)) throw new AppError("bad_request", `--format must be one of ${exportFormats.join(", ")}, not "${values.format}".`);
  if (values.out) checkOutPath(values.out);
  const dataset = getDatasetByName(db, values.dataset);
  const prompt = resolvePrompt(db, dataset.id, values.prompt, datasetModels(db, env, dataset).judge.model);
  const file = exportPrompt(db, prompt.id, values.format as ExportFormat);
  if (values.out) {
    fs.writeFileSync(values.out, file.body);
    io.err(`Wrote prompt v${prompt.id} of "${dataset.name}" as ${values.format} to ${values.out}.`);
  } else io.out(file.body.trimEnd());
  return 0;
}

export const exportLabelsUsage = "attune export-labels --dataset NAME [--format csv|jsonl] [--out FILE]";

/** Every example with every label, rationale, labeler and gold score; `attune import` reads the file back. */
export function runExportLabels(db: Db, args: string[], io: CliIo): number {
  const { values } = parseArgs({ args, options: { dataset: { type: "string" }, format: { type: "string", default: "csv" }, out: { type: "string" } } });
  if (!values.dataset) throw new AppError("bad_request", `usage: ${exportLabelsUsage}`);
  if (values.format !== "csv" && values.format !== "jsonl") throw new AppError("bad_request", `--format must be csv or jsonl, not "${values.format}".`);
  if (values.out) checkOutPath(values.out);
  const dataset = getDatasetByName(db, values.dataset);
  let lines = 0;
  if (values.out) {
    // Written to a temporary file first, so a failed export never leaves half a file under the name, nor the partial one.
    const partial = `${values.out}.partial`;
    const fd = fs.openSync(partial, "w");
    try {
      for (const line of labelsExport(db, dataset.id, values.format)) {
        fs.writeSync(fd, line);
        lines++;
      }
    } catch (error) {
      fs.closeSync(fd);
      fs.rmSync(partial, { force: true });
      throw error;
    }
    fs.closeSync(fd);
    fs.renameSync(partial, values.out);
    io.err(`Wrote ${(values.format === "csv" ? lines - 1 : lines).toLocaleString("en-US")} examples of "${dataset.name}" with their labels to ${values.out}.`);
  } else for (const line of labelsExport(db, dataset.id, values.format)) io.out(line.replace(/\n$/, ""));
  return 0;
}
