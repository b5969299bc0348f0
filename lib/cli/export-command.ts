import fs from "node:fs";
import { parseArgs } from "node:util";
import type { Db } from "@/db/client";
import { getDatasetByName } from "@/db/queries/datasets";
import { resolvePrompt } from "@/db/queries/prompts";
import { AppError } from "@/lib/errors";
import { exportFormats, exportPrompt, type ExportFormat } from "@/lib/export/bundle";
import type { CliIo } from "./output";

export const exportUsage = "attune export --dataset NAME [--prompt ID|current] --format text|json|messages [--out FILE]";

export function runExport(db: Db, judgeModel: string, args: string[], io: CliIo): number {
  const { values } = parseArgs({ args, options: { dataset: { type: "string" }, prompt: { type: "string" }, format: { type: "string" }, out: { type: "string" } } });
  if (!values.dataset || !values.format) throw new AppError("bad_request", `usage: ${exportUsage}`);
  if (!exportFormats.includes(values.format as ExportFormat)) throw new AppError("bad_request", `--format must be one of ${exportFormats.join(", ")}, not "${values.format}".`);
  const dataset = getDatasetByName(db, values.dataset);
  const prompt = resolvePrompt(db, dataset.id, values.prompt, judgeModel);
  const file = exportPrompt(db, prompt.id, values.format as ExportFormat);
  if (values.out) {
    fs.writeFileSync(values.out, file.body);
    io.err(`Wrote prompt v${prompt.id} of "${dataset.name}" as ${values.format} to ${values.out}.`);
  } else io.out(file.body.trimEnd());
  return 0;
}
