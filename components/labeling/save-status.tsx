"use client";

import { useEffect, useState } from "react";

export function SaveStatus({
  pendingCount,
  failed,
  nextRetryAt,
  onRetry,
}: {
  pendingCount: number;
  failed: { exampleId: number; error: string | null }[];
  nextRetryAt: number | null;
  onRetry: () => void;
}) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (failed.length === 0) return;
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [failed.length]);

  if (failed.length > 0) {
    const seconds = nextRetryAt ? Math.max(0, Math.ceil((nextRetryAt - now) / 1000)) : null;
    return (
      <div role="alert" data-testid="save-status" data-state="failed" className="flex items-center gap-2 rounded-md bg-rose-50 px-2.5 py-1 text-xs text-rose-800 ring-1 ring-rose-200">
        <span>
          {failed.length} {failed.length === 1 ? "save" : "saves"} not stored yet: {failed[0]!.error}
          {seconds !== null ? ` Retrying in ${seconds}s.` : ""}
        </span>
        <button type="button" className="font-medium underline" onClick={onRetry}>
          Retry now
        </button>
      </div>
    );
  }
  if (pendingCount > 0) {
    return (
      <span data-testid="save-status" data-state="saving" className="text-xs text-slate-500">
        Saving…
      </span>
    );
  }
  return (
    <span data-testid="save-status" data-state="saved" className="text-xs text-emerald-700">
      All labels saved
    </span>
  );
}
