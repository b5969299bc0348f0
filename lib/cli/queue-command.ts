import { parseArgs } from "node:util";
import type { Db } from "@/db/client";
import { getDatasetByName } from "@/db/queries/datasets";
import { listQueues } from "@/db/queries/queues";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/http";
import { createQueueFromRule } from "@/lib/queues/create";
import { queueInputSchema } from "@/lib/queues/schemas";
import type { CliIo } from "./output";

export const queueUsage = `attune queue create --dataset NAME --name QUEUE --rule judge_disagreement|human_disagreement|few_labels|split|sample
       [--k N] [--split S] [--size N] [--seed N] [--stratify] [--run ID] [--assign user1,user2] [--json]
  attune queue list --dataset NAME [--json]`;

const whole = (value: string | undefined, flag: string) => {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isSafeInteger(number)) throw new AppError("bad_request", `--${flag} must be a whole number, not "${value}".`);
  return number;
};

export function runQueue(db: Db, args: string[], io: CliIo): number {
  const [action, ...rest] = args;
  const { values } = parseArgs({
    args: rest,
    options: {
      dataset: { type: "string" },
      name: { type: "string" },
      rule: { type: "string" },
      k: { type: "string", default: "1" },
      split: { type: "string" },
      size: { type: "string" },
      seed: { type: "string" },
      stratify: { type: "boolean", default: false },
      run: { type: "string" },
      assign: { type: "string" },
      json: { type: "boolean", default: false },
    },
  });
  if ((action !== "create" && action !== "list") || !values.dataset) throw new AppError("bad_request", `usage: ${queueUsage}`);
  const dataset = getDatasetByName(db, values.dataset);
  if (action === "list") {
    const queues = listQueues(db, dataset.id);
    if (values.json) io.out(JSON.stringify({ dataset: dataset.name, queues }));
    else if (queues.length === 0) io.out(`"${dataset.name}" has no labeling queue.`);
    else
      for (const queue of queues)
        io.out(
          `#${queue.id}  ${queue.status.padEnd(6)} ${JSON.stringify(queue.name)}  ${queue.rule.kind}  k=${queue.labelsPerExample}  ${queue.done}/${queue.items} done  ${queue.people.map((person) => `${person.name} ${person.labels}`).join(", ") || "no labels yet"}`,
        );
    return 0;
  }
  const input = parseInput(
    queueInputSchema,
    {
      name: values.name ?? "",
      labelsPerExample: whole(values.k, "k"),
      assignees:
        values.assign
          ?.split(",")
          .map((name) => name.trim())
          .filter(Boolean) ?? [],
      rule: {
        kind: values.rule,
        ...(values.split ? { split: values.split } : {}),
        ...(values.size ? { size: whole(values.size, "size") } : {}),
        ...(values.seed ? { seed: whole(values.seed, "seed") } : {}),
        ...(values.run ? { runId: whole(values.run, "run") } : {}),
        ...(values.stratify ? { stratify: true } : {}),
      },
    },
    "queue",
  );
  const queue = createQueueFromRule(db, dataset.id, input);
  const created = listQueues(db, dataset.id).find((entry) => entry.id === queue.id)!;
  io.out(values.json ? JSON.stringify(created) : `Queue #${queue.id} "${queue.name}" on "${dataset.name}": ${created.items} examples, ${queue.labelsPerExample} label(s) each.`);
  return 0;
}
