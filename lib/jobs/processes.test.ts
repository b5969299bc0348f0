import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDb } from "@/db/client";
import { getDataset } from "@/db/queries/datasets";
import { createEvalRun, getEvalRun } from "@/db/queries/evaluations";
import { getJob } from "@/db/queries/jobs";
import { getOptimizerRun, listOptimizerRuns } from "@/db/queries/optimizer";
import { currentPrompt } from "@/db/queries/prompts";
import { seedSupportReplies } from "@/lib/demo/support-replies";
import { until } from "@/lib/testing";
import { cancelEvaluation } from "./cancel";

// Real processes on one SQLite file: CLI runs, workers, kill -9 and SIGTERM.
const bin = path.join(process.cwd(), "lib/cli/bin.mjs");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "attune-jobs-"));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Proc {
  child: ChildProcess;
  out: () => string;
  exit: Promise<number | null>;
}

function attune(file: string, args: string[], latencyMs = 30): Proc {
  const env = { ...process.env, ATTUNE_DB: file, ATTUNE_SIM_LATENCY_MS: String(latencyMs), ATTUNE_JOB_LEASE_MS: "3000", ATTUNE_CONCURRENCY: "4", OPENAI_BASE_URL: "", OPENAI_API_KEY: "" };
  const child = spawn(process.execPath, [bin, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let text = "";
  child.stdout!.on("data", (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (text += chunk.toString()));
  return { child, out: () => text, exit: new Promise((resolve) => child.on("exit", (code) => resolve(code))) };
}

function database(name: string) {
  const file = path.join(dir, `${name}.db`);
  const db = openDb(file);
  const { datasetId } = seedSupportReplies(db);
  return { file, db, datasetId, dataset: getDataset(db, datasetId).name };
}

describe("one job, many processes", () => {
  it("leaves a run a live CLI holds to it, refuses a second CLI, and takes it over at once after kill -9", async () => {
    const { file, db, dataset } = database("takeover");
    const owner = attune(file, ["optimize", "--dataset", dataset, "--budget", "500", "--patience", "0", "--json"]);
    await until(() => (listOptimizerRuns(db)[0]?.iterations ?? 0) >= 1, "the CLI's first iteration");
    const runId = listOptimizerRuns(db)[0]!.id;
    expect(getJob(db, "optimization", runId)?.owner).toMatch(new RegExp(`^cli@.+#${owner.child.pid}#`));

    const worker = attune(file, ["worker", "--until-idle"]);
    expect(await worker.exit).toBe(0);
    expect(worker.out()).not.toContain(`Optimizer run #${runId}: started`);
    const second = attune(file, ["resume", String(runId)]);
    expect(await second.exit).toBe(1);
    expect(second.out()).toContain(`is being run by a command-line run (process ${owner.child.pid} on `);

    owner.child.kill("SIGKILL");
    await owner.exit;
    const left = getOptimizerRun(db, runId);
    expect(left.status).toBe("running");
    const takeover = attune(file, ["worker", "--until-idle"], 0);
    expect(await takeover.exit).toBe(0);
    // Taken over at its first poll, long before the dead owner's lease would have run out.
    expect(takeover.out()).toContain(`Optimizer run #${runId}: started (taking over).`);
    expect(takeover.out()).toContain(`Optimizer run #${runId}: done.`);
    const done = getOptimizerRun(db, runId);
    expect(done.status).toBe("done");
    const rows = db.$client.prepare("select count(*) as n, count(distinct iteration) as distinctN, max(iteration) as last from optimizer_iterations where run_id = ?").get(runId) as {
      n: number;
      distinctN: number;
      last: number;
    };
    expect(rows).toEqual({ n: done.iterations, distinctN: done.iterations, last: done.iterations - 1 });
    expect(getJob(db, "optimization", runId)?.finishedAt).not.toBeNull();
  }, 120_000);

  it("gives a queued evaluation to exactly one of two workers polling the same file", async () => {
    const { file, db, datasetId } = database("race");
    const run = createEvalRun(db, { datasetId, promptId: currentPrompt(db, datasetId, "attune-sim-judge").id, split: "val", model: "attune-sim-judge", concurrency: 4 });
    const workers = [attune(file, ["worker"], 20), attune(file, ["worker"], 20)];
    await until(() => getEvalRun(db, run.id).status === "done", "the evaluation to finish");
    for (const worker of workers) worker.child.kill("SIGTERM");
    expect(await Promise.all(workers.map((worker) => worker.exit))).toEqual([0, 0]);
    expect(workers.filter((worker) => worker.out().includes(`Evaluation #${run.id}: started`))).toHaveLength(1);
    const judged = db.$client.prepare("select count(*) as n, count(distinct example_id) as distinctN from judgments where run_id = ?").get(run.id) as { n: number; distinctN: number };
    const finished = getEvalRun(db, run.id);
    expect(judged).toEqual({ n: finished.total, distinctN: finished.total });
    expect(finished).toMatchObject({ done: finished.total, modelCalls: finished.total, errors: 0 });
  }, 120_000);

  it("stops a worker's run on a cancel from another process, and a stopped worker gives its job back for the next one", async () => {
    const { file, db, datasetId } = database("cancel");
    const promptId = currentPrompt(db, datasetId, "attune-sim-judge").id;
    const first = createEvalRun(db, { datasetId, promptId, split: "val", model: "attune-sim-judge", concurrency: 1 });
    const worker = attune(file, ["worker"], 100);
    await until(() => getEvalRun(db, first.id).done >= 2, "the worker to start judging");
    expect(cancelEvaluation(db, first.id).status).toBe("running");
    await until(() => getEvalRun(db, first.id).status === "cancelled", "the cancel to reach the worker", { timeoutMs: 5_000 });
    expect(getEvalRun(db, first.id).done).toBeLessThan(first.total);

    const second = createEvalRun(db, { datasetId, promptId, split: "train", model: "attune-sim-judge", concurrency: 1 });
    await until(() => getEvalRun(db, second.id).done >= 2, "the worker to pick up the next run");
    worker.child.kill("SIGTERM");
    expect(await worker.exit).toBe(0);
    expect(worker.out()).toContain(`Evaluation #${second.id}: handed over`);
    expect(getJob(db, "evaluation", second.id)).toMatchObject({ owner: null, finishedAt: null });
    expect(getEvalRun(db, second.id).status).toBe("running");
    const next = attune(file, ["worker", "--until-idle"], 0);
    expect(await next.exit).toBe(0);
    expect(getEvalRun(db, second.id)).toMatchObject({ status: "done", errors: 0 });
  }, 120_000);
});
