import { and, desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { getDataset } from "@/db/queries/datasets";
import { humanScores } from "@/db/queries/evaluations";
import { getOptimizerRun } from "@/db/queries/optimizer";
import { getPromptVersion } from "@/db/queries/prompts";
import { evalRuns } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { judgmentOutput } from "@/lib/judge/contract";
import { reaskTurns } from "@/lib/judge/reask";
import { judgeRequest } from "@/lib/judge/render";
import { chatCompletionBody, responseFormat, strictResponseFormat } from "@/lib/llm/request-format";
import { humanNoiseFloor, METRIC_DEFINITIONS, type JudgeMetrics } from "@/lib/metrics";
import { versionAdaptation } from "@/lib/optimizer/adaptation";
import { guardrailText } from "@/lib/optimizer/reflection-prompt";

export const exportFormats = ["text", "json", "messages"] as const;
export type ExportFormat = (typeof exportFormats)[number];

/** The judge's request body with {{field}} placeholders where each example's values go: the same body the judge sends. */
export function requestTemplate(model: string, instruction: string, inputFields: string[]) {
  return chatCompletionBody(judgeRequest(model, instruction, inputFields, Object.fromEntries(inputFields.map((field) => [field, `{{${field}}}`]))));
}

/** The latest finished evaluation of this version per split by the model it was written for, with the hash of its data. */
function metricsBySplit(db: Db, promptId: number, model: string) {
  const runs = db
    .select()
    .from(evalRuns)
    .where(and(eq(evalRuns.promptId, promptId), eq(evalRuns.model, model), eq(evalRuns.status, "done")))
    .orderBy(desc(evalRuns.id))
    .all();
  const bySplit: Record<string, unknown> = {};
  for (const run of runs) {
    if (bySplit[run.split]) continue;
    const metrics = run.metrics as unknown as JudgeMetrics;
    const floor = humanNoiseFloor(humanScores(db, run.datasetId, run.split));
    bySplit[run.split] = {
      evaluationRunId: run.id,
      model: run.model,
      measuredAt: run.finishedAt?.toISOString() ?? null,
      dataHash: run.dataHash,
      ...metrics,
      noiseFloor: { nmse: floor.nmse, interval: floor.interval, labels: floor.pairedLabels },
    };
  }
  return bySplit;
}

/** A prompt version as a bundle any app can load. Holds no key, URL or other secret. */
export function buildPromptBundle(db: Db, promptId: number) {
  const prompt = getPromptVersion(db, promptId);
  const dataset = getDataset(db, prompt.datasetId);
  const run = prompt.optimizerRunId ? getOptimizerRun(db, prompt.optimizerRunId) : null;
  return {
    format: "attune.prompt-bundle/v1",
    dataset: { name: dataset.name, task: dataset.task, inputFields: dataset.inputFields },
    promptVersion: { id: prompt.id, origin: prompt.origin, parentId: prompt.parentId, note: prompt.note, createdAt: prompt.createdAt.toISOString() },
    instruction: prompt.instruction,
    messageTemplate: requestTemplate(prompt.model, prompt.instruction, dataset.inputFields).messages,
    outputSchema: judgmentOutput.schema,
    responseFormat: strictResponseFormat(judgmentOutput),
    /** What Attune sends instead when a provider refuses part of the request; an app talking to such a server does the same. */
    requestFallbacks: {
      when: "the provider answers 400 or 422 naming the part below; ask again so, and keep doing so for that provider and model",
      responseFormat: [responseFormat("json_object", judgmentOutput), "leave response_format out; the answer is still read as the JSON object"],
      maxTokens: "send the same limit as max_completion_tokens",
      temperature: "leave temperature out",
    },
    reask: {
      when: "the answer cannot be read: no JSON object with an integer score from 1 to 5, or cut off at the token limit; never after a refusal",
      times: 1,
      appendToMessages: reaskTurns("{{answer}}", "{{problem}}"),
    },
    model: prompt.model,
    metrics: metricsBySplit(db, prompt.id, prompt.model),
    metricDefinitions: METRIC_DEFINITIONS,
    optimizer: run
      ? {
          runId: run.id,
          seed: run.config.seed,
          budget: run.config.budget,
          minibatchSize: run.config.minibatchSize,
          patience: run.config.patience,
          judgeModel: run.config.judgeModel,
          reflectionModel: run.config.reflectionModel,
          adaptation: versionAdaptation(run),
          metricCallsUsed: run.metricCallsUsed,
          valNmseBefore: run.valNmseBefore,
          valNmseAfter: run.valNmseAfter,
          testNmseBefore: run.testNmseBefore,
          testNmseAfter: run.testNmseAfter,
          /** What the run learned about its providers (a refused response format, more token room) and its sample. */
          notices: run.notices,
        }
      : null,
    guardrails: run
      ? {
          applied: [
            "scale: 1-5 only",
            "output contract: reasoning + score JSON owned by code",
            "leakage: no 8-word runs, identifiers or names from train/val examples",
            `length: at most ${run.config.maxLength} characters`,
          ],
          text: guardrailText(run.config.maxLength),
        }
      : null,
    createdAt: new Date().toISOString(),
  };
}

export interface ExportFile {
  fileName: string;
  contentType: string;
  body: string;
}

export function exportPrompt(db: Db, promptId: number, format: ExportFormat): ExportFile {
  if (!exportFormats.includes(format)) throw new AppError("invalid_input", `--format must be one of ${exportFormats.join(", ")}, not "${format}".`);
  const bundle = buildPromptBundle(db, promptId);
  const stem = `${bundle.dataset.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")}-prompt-v${promptId}`;
  if (format === "text") return { fileName: `${stem}.txt`, contentType: "text/plain; charset=utf-8", body: `${bundle.instruction}\n` };
  if (format === "messages") {
    const body = requestTemplate(bundle.model, bundle.instruction, bundle.dataset.inputFields);
    return { fileName: `${stem}.messages.json`, contentType: "application/json", body: `${JSON.stringify(body, null, 2)}\n` };
  }
  return { fileName: `${stem}.json`, contentType: "application/json", body: `${JSON.stringify(bundle, null, 2)}\n` };
}
