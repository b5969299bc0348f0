import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { openDb, type Db } from "@/db/client";
import { createEvalRun, getEvalRun, recordJudgments, type RunCounters } from "@/db/queries/evaluations";
import { claimJob, getJob, LeaseLost } from "@/db/queries/jobs";
import { currentPrompt } from "@/db/queries/prompts";
import { jobs } from "@/db/schema";
import { createTestDb } from "@/db/testing";
import { seedSupportReplies } from "@/lib/demo/support-replies";
import { envSchema } from "@/lib/env";
import { runEvaluation } from "@/lib/judge/evaluate";
import { createModelRuntime, type ModelRuntime } from "@/lib/llm/runtime";
import { modelClientsFor } from "@/lib/llm/model-clients";
import { cancelEvaluation } from "./cancel";
import { JobLoop } from "./loop";
import { until } from "@/lib/testing";
import { jobHealth } from "./health";
import { JobInterrupted } from "./lease";
import { interruptAllHere, isRunningHere } from "./run-job";
import { isDeadOwner, processOwner } from "./owner";

const host = os.hostname();
/** The test runner's parent: a process on this host that is alive for the whole test. */
const liveOwner = `cli@${host}#${process.ppid}#1`;
const remoteOwner = "worker@another-host#4242#1";
const deadPid = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout;
const zero: RunCounters = { done: 0, modelCalls: 0, cacheHits: 0, retries: 0, errors: 0, malformed: 0, reasked: 0, tokensIn: 0, tokensOut: 0 };

// A slow simulated model whose answer cache lives in the test's database, so nothing is cached across tests.
const runtimes: ModelRuntime[] = [];
async function slowClient(db: Db) {
  const runtime = await createModelRuntime(db, envSchema.parse({ ATTUNE_SIM_LATENCY_MS: "40", ATTUNE_CONCURRENCY: "2" }));
  runtimes.push(runtime);
  return runtime.client;
}
afterAll(async () => {
  for (const runtime of runtimes) await runtime.close();
});

function evalRun(db: Db, owner?: string, leaseMs = 60_000) {
  const { datasetId } = seedSupportReplies(db);
  const prompt = currentPrompt(db, datasetId, "attune-sim-judge");
  return createEvalRun(db, { datasetId, promptId: prompt.id, split: "val", model: "attune-sim-judge", concurrency: 2 }, owner ? { owner, leaseMs } : undefined);
}

const expireLease = (db: Db, runId: number) =>
  db
    .update(jobs)
    .set({ leaseUntil: new Date(Date.now() - 1) })
    .where(eq(jobs.runId, runId))
    .run();

describe("the job runtime", () => {
  it("gives a job to one owner at a time, and refuses the writes of an owner whose lease was taken over", () => {
    const db = createTestDb();
    const run = evalRun(db, remoteOwner);
    const me = { owner: processOwner(), leaseMs: 60_000 };
    expect(claimJob(db, "evaluation", run.id, me, isDeadOwner)).toMatchObject({ claimed: false });
    expect(() => recordJudgments(db, run.id, [], { ...zero, done: 5 }, me.owner)).toThrow(LeaseLost);

    expireLease(db, run.id);
    expect(claimJob(db, "evaluation", run.id, me, isDeadOwner)).toEqual({ claimed: true });
    expect(claimJob(db, "evaluation", run.id, { owner: remoteOwner, leaseMs: 60_000 }, isDeadOwner)).toMatchObject({ claimed: false });
    // The old owner wakes up and tries to write: the transaction is refused and nothing changes.
    expect(() => recordJudgments(db, run.id, [], { ...zero, done: 5 }, remoteOwner)).toThrow(LeaseLost);
    expect(getEvalRun(db, run.id).done).toBe(0);
    expect(getJob(db, "evaluation", run.id)?.owner).toBe(me.owner);
  });

  it("takes a job over at once when its owner was a process on this host that no longer exists, never from a live one or another host", () => {
    expect(deadPid).toMatch(/^\d+$/);
    expect(isDeadOwner(`cli@${host}#${deadPid}#1`)).toBe(true);
    expect(isDeadOwner(liveOwner)).toBe(false);
    expect(isDeadOwner(remoteOwner)).toBe(false);
    // This very pid with another start time: an earlier process that the pid was reused from.
    expect(isDeadOwner(`web@${host}#${process.pid}#1`)).toBe(true);
    expect(isDeadOwner(processOwner())).toBe(false);

    const db = createTestDb();
    const run = evalRun(db, `cli@${host}#${deadPid}#1`);
    expect(claimJob(db, "evaluation", run.id, { owner: processOwner(), leaseMs: 60_000 }, isDeadOwner)).toEqual({ claimed: true });
  });

  it("refuses to run an evaluation a live process holds, naming it", async () => {
    const db = createTestDb();
    const run = evalRun(db, liveOwner);
    await expect(runEvaluation(db, run.id, { client: await slowClient(db) })).rejects.toThrow(`being run by a command-line run (process ${process.ppid} on ${host})`);
    expect(getEvalRun(db, run.id).status).toBe("queued");
  });

  it("stops a run whose job another process took over without writing an end state; the new owner finishes it", async () => {
    const db = createTestDb();
    const run = evalRun(db);
    const client = await slowClient(db);
    const running = runEvaluation(db, run.id, { client });
    await until(() => getEvalRun(db, run.id).done >= 4, "four judgments");
    db.update(jobs)
      .set({ owner: remoteOwner, leaseUntil: new Date(Date.now() + 60_000) })
      .where(eq(jobs.runId, run.id))
      .run();
    await expect(running).rejects.toBeInstanceOf(JobInterrupted);
    const left = getEvalRun(db, run.id);
    expect(left.status).toBe("running");
    expect(left.done).toBeLessThan(left.total);
    expect(jobHealth(db, "evaluation", run.id)).toMatchObject({ state: "running", owner: "a worker (process 4242 on another-host)" });

    // The other owner dies without a word: after its lease the run shows stalled, then anyone takes it.
    db.update(jobs)
      .set({ leaseUntil: new Date(Date.now() - 20_000) })
      .where(eq(jobs.runId, run.id))
      .run();
    expect(jobHealth(db, "evaluation", run.id)).toMatchObject({ state: "stalled", message: expect.stringContaining("stopped renewing its lease 20 s ago") });
    const finished = await runEvaluation(db, run.id, { client });
    expect(finished).toMatchObject({ status: "done", done: finished.total, errors: 0 });
    const judged = db.$client.prepare("select count(*) as n, count(distinct example_id) as distinctN from judgments where run_id = ?").get(run.id) as { n: number; distinctN: number };
    expect(judged).toEqual({ n: finished.total, distinctN: finished.total });
    expect(jobHealth(db, "evaluation", run.id).state).toBe("ended");
  });

  it("cancels a run nobody runs at once; a run another process holds gets the request and keeps its owner", () => {
    const db = createTestDb();
    const idle = evalRun(db);
    expect(cancelEvaluation(db, idle.id).status).toBe("cancelled");
    expect(getJob(db, "evaluation", idle.id)?.finishedAt).not.toBeNull();

    const held = createTestDb();
    const run = evalRun(held, remoteOwner);
    expect(cancelEvaluation(held, run.id)).toMatchObject({ status: "queued", cancelRequested: true });
    expect(getJob(held, "evaluation", run.id)?.owner).toBe(remoteOwner);
  });

  it("stops a run in this process within its heartbeat when another process asks to cancel it", async () => {
    const db = createTestDb();
    const run = evalRun(db);
    const client = await slowClient(db);
    const running = runEvaluation(db, run.id, { client });
    await until(() => getEvalRun(db, run.id).done >= 2, "two judgments");
    // As `attune cancel` in another process does: only the flag in the row.
    db.$client.prepare("update eval_runs set cancel_requested = 1 where id = ?").run(run.id);
    const finished = await running;
    expect(finished.status).toBe("cancelled");
    expect(finished.done).toBeLessThan(finished.total);
  });

  it("runs the same run id of two databases side by side, and a cancel stops only its own", async () => {
    const [first, second] = [createTestDb(), createTestDb()];
    const [a, b] = [evalRun(first), evalRun(second)];
    expect(a.id).toBe(b.id);
    const runningA = runEvaluation(first, a.id, { client: await slowClient(first) });
    const runningB = runEvaluation(second, b.id, { client: await slowClient(second) });
    await until(() => getEvalRun(first, a.id).done >= 1 && getEvalRun(second, b.id).done >= 1, "a judgment in each");
    cancelEvaluation(first, a.id);
    expect((await runningA).status).toBe("cancelled");
    expect(await runningB).toMatchObject({ status: "done", errors: 0 });
  });

  it("interrupts only one database's jobs when that database's job loop stops, and every job when the process does", async () => {
    const [first, second] = [createTestDb(), createTestDb()];
    const [a, b] = [evalRun(first), evalRun(second)];
    const runningA = runEvaluation(first, a.id, { client: await slowClient(first) });
    const runningB = runEvaluation(second, b.id, { client: await slowClient(second) });
    await until(() => getEvalRun(first, a.id).done >= 1 && getEvalRun(second, b.id).done >= 1, "a judgment in each");
    interruptAllHere("The first database's job loop is stopping.", first);
    await expect(runningA).rejects.toBeInstanceOf(JobInterrupted);
    expect(isRunningHere(second, "evaluation", b.id)).toBe(true);
    interruptAllHere("This process is stopping.");
    await expect(runningB).rejects.toBeInstanceOf(JobInterrupted);
    // Both jobs were given back unfinished, for another process to continue.
    expect(getJob(first, "evaluation", a.id)).toMatchObject({ owner: null, finishedAt: null });
    expect(getJob(second, "evaluation", b.id)).toMatchObject({ owner: null, finishedAt: null });
  });
});

describe("the job loop", () => {
  it("ends a job whose model cannot be reached as failed, with the reason, instead of claiming it again and again", async () => {
    const db = createTestDb();
    const { datasetId } = seedSupportReplies(db);
    const prompt = currentPrompt(db, datasetId, "attune-sim-judge");
    const env = envSchema.parse({});
    const runtime = await createModelRuntime(db, env);
    runtimes.push(runtime);
    const lines: string[] = [];
    const loop = new JobLoop({ db, client: runtime.client, models: modelClientsFor(db, env, runtime), concurrency: 2, pollMs: 50, log: (line) => lines.push(line) });
    // A model taken out of the list after the evaluation was queued.
    const run = createEvalRun(db, { datasetId, promptId: prompt.id, split: "val", model: "gone-1", modelLabel: "gone", concurrency: 2 });
    loop.start();
    try {
      await until(() => getEvalRun(db, run.id).status === "failed", "the evaluation to fail");
      expect(getEvalRun(db, run.id).error).toMatch(/No model labelled "gone"/);
      // The job is closed, so no process claims it again.
      expect(getJob(db, "evaluation", run.id)?.finishedAt).toBeTruthy();
      expect(lines.filter((line) => line.startsWith(`Evaluation #${run.id}: started`))).toHaveLength(1);
    } finally {
      await loop.stop();
    }
  });
});

describe("job loops of two databases in one process", () => {
  it("a loop that stops gives back its own database's jobs and leaves the other loop's running", async () => {
    const [first, second] = [createTestDb(), createTestDb()];
    const logs: string[][] = [[], []];
    const loops = await Promise.all([first, second].map(async (db, index) => new JobLoop({ db, client: await slowClient(db), concurrency: 2, pollMs: 20, log: (line) => logs[index]!.push(line) })));
    const [a, b] = [evalRun(first), evalRun(second)];
    for (const loop of loops) loop.start();
    try {
      await until(() => getEvalRun(first, a.id).done >= 1 && getEvalRun(second, b.id).done >= 1, "a judgment in each");
      await loops[0]!.stop();
      expect(getJob(first, "evaluation", a.id)).toMatchObject({ owner: null, finishedAt: null });
      expect(isRunningHere(second, "evaluation", b.id)).toBe(true);
      await until(() => getEvalRun(second, b.id).status === "done", "the other database's evaluation to finish");
      // Never interrupted and taken up again: started once.
      expect(logs[1]!.filter((line) => line.startsWith(`Evaluation #${b.id}: started`))).toHaveLength(1);
    } finally {
      for (const loop of loops) await loop.stop();
    }
  });
});

describe("writes under a busy database", () => {
  it("keeps an evaluation's judgments while another process holds the write lock, and finishes with all of them", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "attune-busy-"));
    const file = path.join(dir, "busy.db");
    const db = openDb(file);
    const run = evalRun(db);
    const running = runEvaluation(db, run.id, { client: await slowClient(db) });
    await until(() => getEvalRun(db, run.id).done >= 4, "four judgments");
    // Another process takes the write lock for 1.5 s, as a long import of old would.
    const holder = spawn(
      process.execPath,
      ["-e", `const db = new (require("better-sqlite3"))(${JSON.stringify(file)}); db.exec("begin immediate"); console.log("locked"); setTimeout(() => { db.exec("commit"); db.close(); }, 1500);`],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    const released = new Promise((resolve) => holder.on("exit", resolve));
    await new Promise((resolve) => holder.stdout!.once("data", resolve));
    const finished = await running;
    expect(await released).toBe(0);
    expect(finished).toMatchObject({ status: "done", done: finished.total, errors: 0 });
    expect((db.$client.prepare("select count(*) as n from judgments where run_id = ?").get(run.id) as { n: number }).n).toBe(finished.total);
    db.$client.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
