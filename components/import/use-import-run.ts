"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ApiError, fetchJson } from "@/lib/api-client";
import type { InputIssue } from "@/lib/errors";
import type { ImportMapping } from "@/lib/import/mapping";
import type { JobHealth } from "@/lib/jobs/health";

export interface ImportRunJson {
  id: number;
  status: "queued" | "running" | "done" | "failed";
  fileName: string;
  fileBytes: number;
  phase: "reading" | "checking" | "writing" | null;
  done: number;
  total: number;
  attempts: number;
  summary: { datasetId: number; changed: boolean; message: string } | null;
  error: string | null;
  issues: InputIssue[] | null;
}

/** The file's bytes to the server, with upload progress (fetch cannot report it). */
function uploadFile(file: File, onProgress: (sent: number) => void): Promise<{ uploadId: string }> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", "/api/uploads");
    request.setRequestHeader("content-type", "application/octet-stream");
    request.upload.onprogress = (event) => onProgress(event.loaded);
    request.onerror = () => reject(new ApiError("Cannot reach the Attune server. Check your connection.", 0, "network"));
    request.onload = () => {
      const body = (() => {
        try {
          return JSON.parse(request.responseText) as { uploadId?: string; error?: { message: string; code: string; issues?: InputIssue[] } };
        } catch {
          return null;
        }
      })();
      if (request.status === 201 && body?.uploadId) resolve({ uploadId: body.uploadId });
      else reject(new ApiError(body?.error?.message ?? `The server answered ${request.status}.`, request.status, body?.error?.code ?? "unknown", body?.error?.issues ?? []));
    };
    request.send(file);
  });
}

/**
 * An import from the browser: the upload (with its progress), then the background import the
 * page follows until it ends, done or failed with its problems.
 */
export function useImportRun() {
  const [sent, setSent] = useState<{ bytes: number; of: number } | null>(null);
  const [runId, setRunId] = useState<number | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const run = useQuery({
    queryKey: ["import", runId],
    queryFn: () => fetchJson<{ run: ImportRunJson; job: JobHealth }>(`/api/imports/${runId}`),
    enabled: runId !== null,
    refetchInterval: (query) => (["done", "failed"].includes(query.state.data?.run.status ?? "queued") ? false : 500),
  });

  async function start(file: File, mapping: ImportMapping, target: object) {
    setError(null);
    setRunId(null);
    setSent({ bytes: 0, of: file.size });
    try {
      const { uploadId } = await uploadFile(file, (bytes) => setSent({ bytes, of: file.size }));
      const created = await fetchJson<{ run: { id: number } }>("/api/imports", { method: "POST", body: JSON.stringify({ uploadId, fileName: file.name, mapping, target }) });
      setRunId(created.run.id);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError("The upload failed.", 0, "unknown"));
      setSent(null);
    }
  }

  /** Forgets the last import, so a new file starts from a clean page (no old success or error box). */
  function reset() {
    setError(null);
    setRunId(null);
    setSent(null);
  }

  const status = run.data?.run.status;
  const busy = sent !== null && error === null && status !== "done" && status !== "failed";
  return { start, reset, sent, run: runId === null ? null : (run.data?.run ?? null), job: runId === null ? null : (run.data?.job ?? null), error, busy };
}
