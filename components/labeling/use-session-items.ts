"use client";

import { useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import type { QueueItem } from "@/db/queries/labeling";
import { ApiError, fetchJson } from "@/lib/api-client";

const BATCH = 5;
/** Holds last ten minutes on the server; a session renews the ones it still has well before. */
const RENEW_MS = 4 * 60_000;

/**
 * The examples of a labeling session. Without a queue: every example in import order, fetched once.
 * With a queue: the server serves (and holds) a batch at a time; `more` asks for the next batch
 * before the labeler reaches the end, so there is no wait between examples; held items are renewed
 * while the page is open and given back when the session ends.
 */
export function useSessionItems(datasetId: number, labeler: string, queue: { id: number } | undefined) {
  const all = useQuery({
    queryKey: ["queue", datasetId, labeler],
    queryFn: () => fetchJson<{ items: QueueItem[] }>(`/api/datasets/${datasetId}/queue`),
    staleTime: Infinity,
    enabled: queue === undefined,
  });
  const [served, setServed] = useState<QueueItem[] | null>(null);
  /** The server had nothing more for this labeler the last time it was asked. */
  const [exhausted, setExhausted] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const asking = useRef(false);

  /**
   * Asks the server again: `stillOpen` is how many served items the labeler has not labeled (the
   * server returns those first, renewing their holds), `extra` how many new ones to ask for.
   */
  const more = useCallback(
    async (stillOpen = 0, extra = BATCH) => {
      if (!queue || asking.current) return;
      const count = Math.min(100, stillOpen + extra);
      if (count === 0) return;
      asking.current = true;
      try {
        const { items } = await fetchJson<{ items: number[] }>(`/api/queues/${queue.id}/serve`, { method: "POST", body: JSON.stringify({ count }) });
        setNotice(null);
        if (extra > 0) setExhausted(items.length < count);
        setServed((current) => {
          const have = new Set((current ?? []).map((item) => item.exampleId));
          return [...(current ?? []), ...items.filter((id) => !have.has(id)).map((exampleId) => ({ exampleId, labeled: false }))];
        });
      } catch (caught) {
        const message = caught instanceof ApiError ? caught.message : "The queue could not be read.";
        // The first batch failing leaves nothing to label; a later one keeps what is here.
        setServed((current) => {
          if (current === null) setError(new Error(message));
          else setNotice(message);
          return current;
        });
        setExhausted(true);
      } finally {
        asking.current = false;
      }
    },
    [queue],
  );

  /** After "nothing left", look again: others' holds expire and labels arrive. */
  const lookAgain = useCallback(() => {
    setExhausted(false);
    void more();
  }, [more]);

  useEffect(() => {
    if (!queue) return;
    // eslint-disable-next-line react-hooks/set-state-in-effect -- more() sets state when the server answers, not during the effect
    void more();
    // The labeler leaves (another page, or the tab closes): their holds go back so others are served those items at once.
    const release = () => void fetch(`/api/queues/${queue.id}/serve`, { method: "DELETE", keepalive: true }).catch(() => undefined);
    window.addEventListener("pagehide", release);
    return () => {
      window.removeEventListener("pagehide", release);
      release();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- one first batch per queue
  }, [queue?.id]);

  if (!queue) return { items: all.data?.items ?? null, isPending: all.isPending, error: all.error, notice: null, exhausted: true, more, lookAgain, renewEveryMs: null };
  return { items: served, isPending: served === null && error === null, error, notice, exhausted, more, lookAgain, renewEveryMs: RENEW_MS };
}
