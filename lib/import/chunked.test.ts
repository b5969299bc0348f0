import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDb, type Db } from "@/db/client";
import { getDatasetByName, listDatasets } from "@/db/queries/datasets";
import { findOrCreateLabeler } from "@/db/queries/labelers";
import { saveLabel } from "@/db/queries/labeling";
import { datasets, examples, labels } from "@/db/schema";
import { createTestDb } from "@/db/testing";
import { seedSupportReplies } from "@/lib/demo/support-replies";
import { AppError } from "@/lib/errors";
import { processOwner } from "@/lib/jobs/owner";
import { until } from "@/lib/testing";
import { IMPORT_CHUNK_ROWS } from "./apply";
import { importBytes } from "./index";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "attune-chunked-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const rowsText = (count: number) => Array.from({ length: count }, (_, i) => JSON.stringify({ id: `r${i}`, question: `question ${i}`, answer: `answer ${i}`, score: (i % 5) + 1 })).join("\n");
const mapping = { idField: "id", inputFields: ["question", "answer"], labelFields: [{ field: "score", labeler: "bulk" }] };
const importRows = (db: Db, count: number, datasetName = "big") => importBytes(db, { bytes: new TextEncoder().encode(rowsText(count)), fileName: "big.jsonl", mapping, target: { datasetName } });
const count = (db: Db, table: typeof examples | typeof labels | typeof datasets) =>
  db.$client.prepare(`select count(*) as n from ${table === examples ? "examples" : table === labels ? "labels" : "datasets"}`).get() as { n: number };

describe("imports of a new dataset in pieces", () => {
  it("writes a file bigger than a piece in several transactions, with the same result as one", () => {
    const db = createTestDb();
    const rows = IMPORT_CHUNK_ROWS * 3 + 7;
    const summary = importRows(db, rows);
    expect(summary).toMatchObject({ datasetCreated: true, rows, examplesAdded: rows, labelsAdded: rows, changed: true });
    expect(count(db, examples).n).toBe(rows);
    const positions = db.$client.prepare("select min(position) as first, max(position) as last, count(distinct position) as n from examples").get();
    expect(positions).toEqual({ first: 0, last: rows - 1, n: rows });
    expect(getDatasetByName(db, "big").importOwner).toBeNull();
    // The same file again changes nothing.
    expect(importRows(db, rows, "big").changed).toBe(false);
  });

  it("leaves nothing behind when a piece fails part-way, and says why", () => {
    const db = createTestDb();
    // A write that fails in the third piece, as a full disk would.
    db.$client.exec(`create trigger fail_late before insert on examples when new.external_id = 'r${IMPORT_CHUNK_ROWS * 2 + 3}' begin select raise(abort, 'disk full'); end`);
    expect(() => importRows(db, IMPORT_CHUNK_ROWS * 4)).toThrow("disk full");
    expect([count(db, datasets).n, count(db, examples).n, count(db, labels).n]).toEqual([0, 0, 0]);
  });

  it("keeps a dataset being imported out of every list and lookup, and removes it when its process is gone", () => {
    const db = createTestDb();
    seedSupportReplies(db);
    const deadOwner = `cli@${os.hostname()}#${spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout}#1`;
    const half = db
      .insert(datasets)
      .values({ name: "half", inputFields: ["question", "answer"], importOwner: deadOwner, importLeaseUntil: new Date(Date.now() + 60_000) })
      .returning()
      .get();
    const live = db
      .insert(datasets)
      .values({ name: "in progress", inputFields: ["question", "answer"], importOwner: processOwner(), importLeaseUntil: new Date(Date.now() + 60_000) })
      .returning()
      .get();
    expect(listDatasets(db).map((dataset) => dataset.name)).toEqual(["Support replies"]);
    expect(() => getDatasetByName(db, "half")).toThrow(AppError);
    // Importing under the name of a live import is refused; the next import removes the dead one.
    expect(() => importRows(db, 3, "in progress")).toThrow(/is being imported by process \d+ on /);
    importRows(db, 3, "small");
    const names = db
      .select({ id: datasets.id })
      .from(datasets)
      .all()
      .map((row) => row.id);
    expect(names).not.toContain(half.id);
    expect(names).toContain(live.id);
  });
});

describe("an import from another process while people label", () => {
  it("never fails a label save, and a killed import leaves no dataset behind", async () => {
    const file = path.join(dir, "shared.db");
    const db = openDb(file);
    const { datasetId } = seedSupportReplies(db);
    const labeler = findOrCreateLabeler(db, "kim");
    const exampleIds = (db.$client.prepare("select id from examples where dataset_id = ?").all(datasetId) as { id: number }[]).map((row) => row.id);
    const rowsFile = path.join(dir, "rows.jsonl");
    fs.writeFileSync(rowsFile, rowsText(30_000));
    const env = { ...process.env, ATTUNE_DB: file };
    const args = [path.join(process.cwd(), "lib/cli/bin.mjs"), "import", rowsFile, "--dataset", "bulk", "--input-fields", "question,answer", "--label-fields", "score=bulk"];

    const child = spawn(process.execPath, args, { env, stdio: "ignore" });
    const exit = new Promise<number | null>((resolve) => child.on("exit", resolve));
    let ended = false;
    void exit.then(() => (ended = true));
    let saves = 0;
    let failures = 0;
    let slowest = 0;
    while (!ended) {
      const started = performance.now();
      try {
        saveLabel(db, { exampleId: exampleIds[saves % exampleIds.length]!, labelerId: labeler.id, score: (saves % 5) + 1, rationale: "" });
      } catch {
        failures++;
      }
      slowest = Math.max(slowest, performance.now() - started);
      saves++;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    expect(await exit).toBe(0);
    expect(saves).toBeGreaterThan(20);
    expect(failures).toBe(0);
    expect(getDatasetByName(db, "bulk")).toBeTruthy();
    expect(slowest).toBeLessThan(2000);

    // kill -9 part-way: the half-written dataset is never listed, and the next import removes it.
    const killed = spawn(process.execPath, [...args.slice(0, 4), "bulk again", ...args.slice(5)], { env, stdio: "ignore" });
    await until(() => (db.$client.prepare("select count(*) as n from datasets where import_owner is not null").get() as { n: number }).n === 1, "the hidden dataset", { everyMs: 5 });
    await until(
      () => (db.$client.prepare("select count(*) as n from examples e join datasets d on d.id = e.dataset_id where d.import_owner is not null").get() as { n: number }).n > 0,
      "its first rows",
      { everyMs: 5 },
    );
    killed.kill("SIGKILL");
    await new Promise((resolve) => killed.on("exit", resolve));
    expect(listDatasets(db).map((dataset) => dataset.name)).not.toContain("bulk again");
    importRows(db, 2, "after the crash");
    expect(db.$client.prepare("select count(*) as n from datasets where name = 'bulk again'").get()).toEqual({ n: 0 });
    db.$client.close();
  }, 120_000);
});
