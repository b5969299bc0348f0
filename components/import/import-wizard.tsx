"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button, buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { IssueList } from "@/components/ui/issue-list";
import { ApiError, fetchJson } from "@/lib/api-client";
import { isAppError, type InputIssue } from "@/lib/errors";
import { checkMapping, guessMapping, type ImportMapping } from "@/lib/import/mapping";
import { parseImportFile } from "@/lib/import/parse-file";
import type { SourceTable } from "@/lib/import/types";
import { FieldMapping } from "./field-mapping";
import { PreviewTable } from "./preview-table";

interface ImportSummary {
  datasetId: number;
  changed: boolean;
  message: string;
}

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
 * Upload → preview of the first rows → choose field roles → import. The file is read in the
 * browser for the preview (structural errors show at once); the server validates every row
 * again and writes all of them or none.
 */
export function ImportWizard({ dataset }: { dataset?: { id: number; name: string; inputFields: string[] } }) {
  const router = useRouter();
  const [file, setFile] = useState<File | null>(null);
  const [table, setTable] = useState<SourceTable | null>(null);
  const [mapping, setMapping] = useState<ImportMapping | null>(null);
  const [name, setName] = useState("");
  const [task, setTask] = useState("");
  const [failure, setFailure] = useState<Failure | null>(null);
  const [result, setResult] = useState<ImportSummary | null>(null);
  const [busy, setBusy] = useState(false);

  async function choose(chosen: File | undefined) {
    setFailure(null);
    setResult(null);
    setTable(null);
    setFile(chosen ?? null);
    if (!chosen) return;
    try {
      const parsed = parseImportFile(new Uint8Array(await chosen.arrayBuffer()), chosen.name);
      const guess = guessMapping(parsed.columns);
      if (dataset) {
        guess.inputFields = dataset.inputFields.filter((field) => parsed.columns.includes(field));
        guess.labelFields = guess.labelFields.filter((label) => !dataset.inputFields.includes(label.field));
      }
      setTable(parsed);
      setMapping(guess);
      setName(datasetNameFrom(chosen.name));
    } catch (caught) {
      setFailure(isAppError(caught) ? { stage: "read", message: caught.message, issues: caught.issues } : { stage: "read", message: "The file could not be read.", issues: [] });
    }
  }

  async function submit() {
    if (!file || !mapping) return;
    setBusy(true);
    setFailure(null);
    const form = new FormData();
    form.set("file", file);
    form.set("mapping", JSON.stringify(mapping));
    form.set("target", JSON.stringify(dataset ? { datasetId: dataset.id } : { datasetName: name, task }));
    try {
      const summary = await fetchJson<ImportSummary>("/api/import", { method: "POST", body: form });
      setResult(summary);
      router.refresh();
    } catch (caught) {
      setFailure({ stage: "import", message: caught instanceof Error ? caught.message : "The import failed.", issues: caught instanceof ApiError ? caught.issues : [] });
    } finally {
      setBusy(false);
    }
  }

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

      {failure?.stage === "read" ? <IssueList message={failure.message} issues={failure.issues} /> : null}

      {table && mapping ? (
        <>
          <Card title={`2. Check the first rows (${table.rows.length.toLocaleString("en-US")} rows, ${table.format.toUpperCase()})`}>
            <PreviewTable table={table} />
          </Card>
          <Card title="3. Choose what each column is">
            <FieldMapping columns={table.columns} mapping={mapping} onChange={setMapping} fixedInputs={dataset?.inputFields} />
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
                disabled={busy || mappingIssues.length > 0 || missingInputs.length > 0 || !mapping.idField || (!dataset && name.trim() === "")}
                data-testid="import-submit"
              >
                {busy ? "Importing…" : `Import ${table.rows.length.toLocaleString("en-US")} rows`}
              </Button>
              <span className="text-xs text-slate-500">All rows are imported, or none: a single bad row stops the import and is listed.</span>
            </div>
          </Card>
        </>
      ) : null}

      {failure?.stage === "import" ? <IssueList message={failure.message} issues={failure.issues} /> : null}

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
