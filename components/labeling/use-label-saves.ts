"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, fetchJson } from "@/lib/api-client";

export type LabelOp = { kind: "save"; score: number; rationale: string } | { kind: "restore"; previous: { score: number; rationale: string } | null };

interface PendingSave {
  exampleId: number;
  op: LabelOp;
  attempts: number;
  error: string | null;
  /** Epoch ms of the next automatic attempt; null waits for "Retry now". */
  retryAt: number | null;
}

const storageKey = (datasetId: number, labeler: string) => `attune:pending-labels:${datasetId}:${labeler}`;
const retryDelay = (attempts: number) => Math.min(30_000, 1_000 * 2 ** (attempts - 1));

function send(exampleId: number, op: LabelOp): Promise<unknown> {
  return op.kind === "save"
    ? fetchJson("/api/labels", { method: "POST", body: JSON.stringify({ exampleId, score: op.score, rationale: op.rationale }) })
    : fetchJson("/api/labels/restore", { method: "POST", body: JSON.stringify({ exampleId, previous: op.previous }) });
}

/**
 * Label writes leave the page at once and are sent one at a time in the background.
 * The latest write per example wins; a failed one stays listed and is retried with backoff,
 * and unsent writes are kept in localStorage so a reload sends them rather than losing them.
 */
export function useLabelSaves(datasetId: number, labeler: string) {
  const [pending, setPending] = useState<PendingSave[]>([]);
  const [now, setNow] = useState(() => Date.now());
  const inFlight = useRef(false);
  const loaded = useRef(false);

  useEffect(() => {
    const stored = window.localStorage.getItem(storageKey(datasetId, labeler));
    if (stored) {
      try {
        const restored = (JSON.parse(stored) as PendingSave[]).map((entry) => ({ ...entry, retryAt: Date.now() }));
        // eslint-disable-next-line react-hooks/set-state-in-effect -- merges saves kept in localStorage, which only exists in the browser
        setPending((current) => [...restored.filter((entry) => !current.some((other) => other.exampleId === entry.exampleId)), ...current]);
      } catch {
        window.localStorage.removeItem(storageKey(datasetId, labeler));
      }
    }
  }, [datasetId, labeler]);

  useEffect(() => {
    // The first run happens before the stored writes above are merged in: writing now would erase them.
    if (!loaded.current) {
      loaded.current = true;
      return;
    }
    if (pending.length === 0) window.localStorage.removeItem(storageKey(datasetId, labeler));
    else window.localStorage.setItem(storageKey(datasetId, labeler), JSON.stringify(pending));
  }, [pending, datasetId, labeler]);

  const enqueue = useCallback((exampleId: number, op: LabelOp) => {
    setPending((current) => [...current.filter((entry) => entry.exampleId !== exampleId), { exampleId, op, attempts: 0, error: null, retryAt: Date.now() }]);
  }, []);

  // Send the first write that is due; re-run whenever the list changes or a retry comes due.
  useEffect(() => {
    if (inFlight.current) return;
    const due = pending.find((entry) => entry.retryAt !== null && entry.retryAt <= now);
    if (!due) {
      const next = pending.map((entry) => entry.retryAt).filter((at): at is number => at !== null);
      if (next.length === 0) return;
      const timer = window.setTimeout(() => setNow(Date.now()), Math.max(50, Math.min(...next) - Date.now()));
      return () => window.clearTimeout(timer);
    }
    inFlight.current = true;
    send(due.exampleId, due.op)
      .then(() => setPending((current) => current.filter((entry) => entry !== due && !(entry.exampleId === due.exampleId && entry.op === due.op))))
      .catch((error: unknown) => {
        const message = error instanceof Error ? error.message : "The save failed.";
        // A refusal (4xx other than a timeout or rate limit) will not pass by itself: wait for the person.
        const permanent = error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429;
        setPending((current) =>
          current.map((entry) =>
            entry.exampleId === due.exampleId && entry.op === due.op
              ? { ...entry, attempts: entry.attempts + 1, error: message, retryAt: permanent ? null : Date.now() + retryDelay(entry.attempts + 1) }
              : entry,
          ),
        );
      })
      .finally(() => {
        inFlight.current = false;
        setNow(Date.now());
      });
  }, [pending, now]);

  useEffect(() => {
    if (pending.length === 0) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [pending.length]);

  const retryNow = useCallback(() => {
    setPending((current) => current.map((entry) => ({ ...entry, retryAt: Date.now() })));
    setNow(Date.now());
  }, []);

  return {
    enqueue,
    retryNow,
    pendingCount: pending.length,
    failed: pending.filter((entry) => entry.error !== null),
    nextRetryAt: pending.reduce<number | null>((soonest, entry) => (entry.retryAt !== null && (soonest === null || entry.retryAt < soonest) ? entry.retryAt : soonest), null),
  };
}
