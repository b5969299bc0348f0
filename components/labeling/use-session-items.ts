"use client";

import { useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import type { QueueItem } from "@/db/queries/labeling";
import { fetchJson } from "@/lib/api-client";

const BATCH = 5;

/**
 * The examples of a labeling session. Without a queue: every example in import order, fetched once.
 * With a queue: the server serves (and holds) a batch at a time; `more` asks for the next batch
 * before the labeler reaches the end, so there is no wait between examples. Holds are given back
 * when the session ends.
 */
export function useSessionItems(datasetId: number, labeler: string, queue: { id: number } | undefined) {
  const all = useQuery({
    queryKey: ["queue", datasetId, labeler],
    queryFn: () => fetchJson<{ items: QueueItem[] }>(`/api/datasets/${datasetId}/queue`),
    staleTime: Infinity,
    enabled: queue === undefined,
  });
  const [served, setServed] = useState<QueueItem[] | null>(null);
  const [exhausted, setExhausted] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const asking = useRef(false);

  /** Asks for the next batch; `stillOpen` is how many served items the labeler has not labeled yet. */
  const more = useCallback(
    async (stillOpen = 0) => {
      if (!queue || asking.current || exhausted) return;
      asking.current = true;
      try {
        const { items } = await fetchJson<{ items: number[] }>(`/api/queues/${queue.id}/serve`, { method: "POST", body: JSON.stringify({ count: Math.min(100, stillOpen + BATCH) }) });
        setServed((current) => {
          const have = new Set((current ?? []).map((item) => item.exampleId));
          const fresh = items.filter((id) => !have.has(id));
          if (fresh.length === 0) setExhausted(true);
          return [...(current ?? []), ...fresh.map((exampleId) => ({ exampleId, labeled: false }))];
        });
      } catch (caught) {
        setError(caught instanceof Error ? caught : new Error("The queue could not be read."));
      } finally {
        asking.current = false;
      }
    },
    [queue, exhausted],
  );

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

  if (!queue) return { items: all.data?.items ?? null, isPending: all.isPending, error: all.error, exhausted: true, more };
  return { items: served, isPending: served === null && error === null, error, exhausted, more };
}
