import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

// The import processes the job loop starts open this file too.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "attune-import-runs-"));
const file = path.join(dir, "imports.db");
process.env.ATTUNE_DB = file;
process.env.ATTUNE_JOB_LEASE_MS = "3000";

const { openDb } = await import("@/db/client");
const { createImportRun, getImportRun } = await import("@/db/queries/import-runs");
const { getJob } = await import("@/db/queries/jobs");
const { JobLoop } = await import("@/lib/jobs/loop");
const { writeBodyToFile } = await import("@/lib/http");
const { until } = await import("@/lib/testing");

const db = openDb(file);
const loop = new JobLoop({ db, client: undefined as never, concurrency: 2, pollMs: 200, log: () => {} });
loop.start();
afterAll(async () => {
  await loop.stop();
  db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const mapping = { idField: "id", inputFields: ["question", "answer"], labelFields: [{ field: "score", labeler: "bulk" }] };
function upload(name: string, rows: number, bad: (i: number) => boolean = () => false) {
  const uploadPath = path.join(dir, `${name}.upload`);
  const lines = Array.from({ length: rows }, (_, i) =>
    JSON.stringify({ id: `${name}-${i}`, question: `question ${i} `.repeat(8), answer: `answer ${i} `.repeat(20), score: bad(i) ? 9 : (i % 5) + 1 }),
  );
  fs.writeFileSync(uploadPath, lines.join("\n"));
  return createImportRun(db, { fileName: `${name}.jsonl`, uploadPath, fileBytes: fs.statSync(uploadPath).size, mapping, target: { datasetName: name, mustBeNew: true }, createdBy: null });
}

const examplesOf = (name: string) =>
  db.$client.prepare("select count(*) as n, count(distinct e.external_id) as ids from examples e join datasets d on d.id = e.dataset_id where d.name = ?").get(name) as { n: number; ids: number };

describe("imports of uploaded files, in the background", () => {
  it("streams an upload to disk no further than its cap, and leaves no file when it is over", async () => {
    const target = path.join(dir, "capped.upload");
    const body = (size: number) => new Request("http://x/", { method: "POST", body: new Uint8Array(size), duplex: "half" } as RequestInit);
    await expect(writeBodyToFile(body(5000), target, 4096)).rejects.toMatchObject({ code: "too_large" });
    expect(fs.existsSync(target)).toBe(false);
    expect(await writeBodyToFile(body(4096), target, 4096)).toBe(4096);
    expect(fs.statSync(target).size).toBe(4096);
    // An upload never overwrites a file.
    await expect(writeBodyToFile(body(10), target, 4096)).rejects.toThrow(/EEXIST/);
  });

  it("imports a file in a process of its own, with its progress, and deletes the upload", async () => {
    const run = upload("background", 2000);
    loop.kick();
    await until(() => getImportRun(db, run.id).status === "done", "the import");
    const done = getImportRun(db, run.id);
    expect(done).toMatchObject({ attempts: 1, phase: "writing", done: 2000, total: 2000, summary: expect.objectContaining({ examplesAdded: 2000, datasetCreated: true }) });
    expect(examplesOf("background")).toEqual({ n: 2000, ids: 2000 });
    expect(fs.existsSync(run.uploadPath)).toBe(false);
    expect(getJob(db, "import", run.id)?.finishedAt).not.toBeNull();
  });

  it("ends failed with every row's problem listed, imports nothing and deletes the upload", async () => {
    const run = upload("bad rows", 1200, (i) => i % 400 === 7);
    loop.kick();
    await until(() => getImportRun(db, run.id).status === "failed", "the import to fail");
    const failed = getImportRun(db, run.id);
    expect(failed.error).toBe("3 of 1,200 rows have problems. Nothing was imported.");
    expect(failed.issues).toEqual([8, 408, 808].map((line) => ({ line, field: "score", message: "score 9 is outside the 1–5 scale" })));
    expect(examplesOf("bad rows").n).toBe(0);
    expect(fs.existsSync(run.uploadPath)).toBe(false);
  });

  it("starts over in a new process when its process is killed, and the dataset holds every row once", async () => {
    const run = upload("killed", 60_000);
    loop.kick();
    await until(() => {
      const now = getImportRun(db, run.id);
      return now.phase === "writing" && now.done > 0;
    }, "the import to write");
    const owner = getJob(db, "import", run.id)!.owner!;
    const pid = Number(/#(\d+)#/.exec(owner)![1]);
    expect(pid).not.toBe(process.pid);
    process.kill(pid, "SIGKILL");
    await until(() => getImportRun(db, run.id).status === "done", "the import to finish in a second process", { timeoutMs: 90_000 });
    expect(getImportRun(db, run.id).attempts).toBe(2);
    expect(examplesOf("killed")).toEqual({ n: 60_000, ids: 60_000 });
    expect(db.$client.prepare("select count(*) as n from datasets where import_owner is not null").get()).toEqual({ n: 0 });
  }, 120_000);
});
