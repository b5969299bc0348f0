"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Button, buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { IssueList } from "@/components/ui/issue-list";
import { isAppError, type InputIssue } from "@/lib/errors";
import { profileColumns, type ColumnProfile } from "@/lib/import/detect";
import { checkMapping, guessMapping, type ImportMapping } from "@/lib/import/mapping";
import { parseImportFile } from "@/lib/import/parse-file";
import type { SourceTable } from "@/lib/import/types";
import { FieldMapping } from "./field-mapping";
import { ImportProgress } from "./import-progress";
import { PreviewTable } from "./preview-table";
import { useImportRun } from "./use-import-run";

/** The browser reads this much of a file for its preview; the server reads all of it. */
const PREVIEW_BYTES = 4 * 1024 * 1024;
const PREVIEW_ROWS = 500;

/** Where it failed: reading the file in the browser, or the server's validation of every row. */
type Failure = { stage: "read" | "import"; message: string; issues: InputIssue[] };

const inputClass = "w-full rounded-md border border-slate-300 px-3 py-2 text-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200";

function datasetNameFrom(fileName: string): string {
  return fileName
    .replace(/\.(csv|jsonl|ndjson|json)$/i, "")
    .replace(/[_-]+/g, " ")
    .trim();
}

/**
 * Upload → preview of the first rows → choose field roles → import. The browser reads the first
 * 4 MB for the preview (structural errors there show at once); the server streams the whole
 * file to disk, checks every row in the background and writes all of them or none, while the
 * page shows how far it got.
 */
export function ImportWizard({ dataset }: { dataset?: { id: number; name: string; inputFields: string[] } }) {
  const router = useRouter();
  const [file, setFile] = useState<File | null>(null);
  const [table, setTable] = useState<SourceTable | null>(null);
  const [mapping, setMapping] = useState<ImportMapping | null>(null);
  const [profiles, setProfiles] = useState<ColumnProfile[]>([]);
  const [name, setName] = useState("");
  const [task, setTask] = useState("");
  const [failure, setFailure] = useState<Failure | null>(null);
  const [truncated, setTruncated] = useState(false);
  const importing = useImportRun();
  const result = importing.run?.status === "done" ? importing.run.summary : null;
  const importFailure: Failure | null = importing.error
    ? { stage: "import", message: importing.error.message, issues: importing.error.issues }
    : importing.run?.status === "failed"
      ? { stage: "import", message: importing.run.error ?? "The import failed.", issues: importing.run.issues ?? [] }
      : null;
  const shownFailure = failure ?? importFailure;

  async function choose(chosen: File | undefined) {
    if (importing.busy) return;
    importing.reset();
    setFailure(null);
    setTable(null);
    setFile(chosen ?? null);
    if (!chosen) return;
    try {
      const partial = chosen.size > PREVIEW_BYTES;
      setTruncated(partial);
      const head = new Uint8Array(await chosen.slice(0, PREVIEW_BYTES).arrayBuffer());
      const parsed = parseImportFile(head, chosen.name, { partial, maxRows: PREVIEW_ROWS });
      const profiles = profileColumns(parsed.columns, parsed.rows);
      const guess = guessMapping(parsed.columns, profiles);
      if (dataset) {
        guess.inputFields = dataset.inputFields.filter((field) => parsed.columns.includes(field));
        guess.labelFields = guess.labelFields.filter((label) => !dataset.inputFields.includes(label.field));
      }
      setTable(parsed);
      setProfiles(profiles);
      setMapping(guess);
      setName(datasetNameFrom(chosen.name));
    } catch (caught) {
      setFailure(isAppError(caught) ? { stage: "read", message: caught.message, issues: caught.issues } : { stage: "read", message: "The file could not be read.", issues: [] });
    }
  }

  async function submit() {
    if (!file || !mapping) return;
    setFailure(null);
    await importing.start(file, mapping, dataset ? { datasetId: dataset.id } : { datasetName: name, task });
    router.refresh();
  }
  const busy = importing.busy;
  // The dataset list and pages learn of the new rows once the import is done.
  useEffect(() => {
    if (result) router.refresh();
  }, [result, router]);

  const mappingIssues = table && mapping ? checkMapping(mapping, table.columns) : [];
  const missingInputs = dataset && mapping ? dataset.inputFields.filter((field) => !mapping.inputFields.includes(field)) : [];

  return (
    <div className="space-y-6">
      <Card title="1. Choose a file">
        <label className="flex cursor-pointer flex-col items-center justify-center rounded-lg border-2 border-dashed border-slate-300 px-6 py-8 text-center hover:border-indigo-400">
          <span className="text-sm font-medium text-slate-800">{file ? file.name : "Choose a CSV or JSONL file"}</span>
          <span className="mt-1 text-xs text-slate-500">One row per example: an id, the input fields, and optionally score columns (1–5), a rationale and a split (train, val or test).</span>
          <input type="file" accept=".csv,.jsonl,.ndjson,.json,text/csv,application/json" className="sr-only" data-testid="import-file" onChange={(event) => void choose(event.target.files?.[0])} />
        </label>
      </Card>

      {shownFailure?.stage === "read" ? <IssueList message={shownFailure.message} issues={shownFailure.issues} /> : null}

      {table && mapping ? (
        <>
          <Card
            title={
              truncated
                ? `2. Check the first rows (${table.rows.length.toLocaleString("en-US")} rows read of a ${Math.round(file!.size / (1024 * 1024)).toLocaleString("en-US")} MB ${table.format.toUpperCase()} file; the server checks every row)`
                : `2. Check the first rows (${table.rows.length.toLocaleString("en-US")} rows, ${table.format.toUpperCase()})`
            }
          >
            <PreviewTable table={table} />
          </Card>
          <Card title="3. Choose what each column is">
            <FieldMapping columns={table.columns} profiles={profiles} mapping={mapping} onChange={setMapping} fixedInputs={dataset?.inputFields} />
            {!dataset ? (
              <div className="mt-5 grid gap-3 md:grid-cols-2">
                <label className="text-sm">
                  <span className="mb-1 block font-medium text-slate-700">New dataset name</span>
                  <input className={inputClass} value={name} onChange={(event) => setName(event.target.value)} data-testid="import-dataset-name" />
                </label>
                <label className="text-sm">
                  <span className="mb-1 block font-medium text-slate-700">Task (what the score measures)</span>
                  <input className={inputClass} value={task} onChange={(event) => setTask(event.target.value)} placeholder="Rate how relevant the summary is to the article." />
                </label>
              </div>
            ) : null}
            {mappingIssues.length > 0 || missingInputs.length > 0 ? (
              <ul className="mt-4 list-disc space-y-1 pl-5 text-sm text-amber-800" data-testid="mapping-issues">
                {missingInputs.map((field) => (
                  <li key={field}>The dataset needs the input field “{field}”; mark the column that holds it as an input field.</li>
                ))}
                {mappingIssues.map((issue, index) => (
                  <li key={index}>{issue.field ? `${issue.field}: ${issue.message}` : issue.message}</li>
                ))}
              </ul>
            ) : null}
            <div className="mt-5 flex items-center gap-3">
              <Button
                onClick={() => void submit()}
                disabled={busy || result !== null || mappingIssues.length > 0 || missingInputs.length > 0 || !mapping.idField || (!dataset && name.trim() === "")}
                data-testid="import-submit"
              >
                {busy ? "Importing…" : truncated ? "Import the whole file" : `Import ${table.rows.length.toLocaleString("en-US")} rows`}
              </Button>
              <span className="text-xs text-slate-500">All rows are imported, or none: a single bad row stops the import and is listed.</span>
            </div>
          </Card>
        </>
      ) : null}

      <ImportProgress sent={importing.sent} run={importing.run} job={importing.job} />

      {shownFailure?.stage === "import" ? <IssueList message={shownFailure.message} issues={shownFailure.issues} /> : null}

      {result ? (
        <div
          role="status"
          data-testid="import-result"
          className={`rounded-lg border p-4 text-sm ${result.changed ? "border-emerald-200 bg-emerald-50 text-emerald-900" : "border-slate-200 bg-white text-slate-800"}`}
        >
          <p>{result.message}</p>
          <Link href={`/datasets/${result.datasetId}`} className={buttonClass("secondary", "mt-3")}>
            Open the dataset
          </Link>
        </div>
      ) : null}
    </div>
  );
}
