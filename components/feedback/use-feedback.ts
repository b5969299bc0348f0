"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { BulletView } from "@/db/queries/feedback";
import { ApiError, fetchJson, type Jsonify } from "@/lib/api-client";

export type Bullet = Jsonify<BulletView>;
export type Status = Bullet["status"];
interface FeedbackData {
  bullets: Bullet[];
  /** Every bullet of the evaluation (or of the dataset with runId 0) by status, counted by the server. */
  counts: Record<Status, number>;
}

/** One review as it can be taken back: what each bullet's status and reviewer were before. */
export interface ReviewStep {
  description: string;
  before: { id: number; status: Status; reviewer: string | null }[];
}

/**
 * A dataset's bullets (one evaluation's, or runId 0 for every example's newest), with reviews that
 * show at once and save in the background, and an undo stack of the reviews made on this page.
 */
export function useFeedback(datasetId: number, runId: number, reviewer: string) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [undoStack, setUndoStack] = useState<ReviewStep[]>([]);
  /** What the last review or undo did, in words. */
  const [notice, setNotice] = useState<string | null>(null);
  const key = ["feedback", datasetId, runId];
  const query = useQuery({
    queryKey: key,
    queryFn: () => fetchJson<FeedbackData>(`/api/datasets/${datasetId}/feedback${runId > 0 ? `?runId=${runId}` : ""}`),
  });
  const bullets = query.data?.bullets ?? [];
  const fail = (caught: unknown) => setError(caught instanceof ApiError ? caught.message : "The review was not saved.");
  const patch = (change: (bullet: Bullet) => Bullet) => queryClient.setQueryData<FeedbackData>(key, (data) => data && { ...data, bullets: data.bullets.map(change) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["feedback", datasetId] });

  /** A proposed bullet has no reviewer to show; an undone one gets its earlier reviewer back. */
  async function send(ids: number[], status: Status, reviewerOf: (id: number) => string | null) {
    patch((bullet) => (ids.includes(bullet.id) ? { ...bullet, status, reviewer: reviewerOf(bullet.id) } : bullet));
    await fetchJson(`/api/datasets/${datasetId}/feedback/review`, { method: "POST", body: JSON.stringify({ ids, status }) });
  }

  /** Sets the status of these bullets; the step joins the undo stack. */
  async function review(ids: number[], status: Status, description: string) {
    const changing = bullets.filter((bullet) => ids.includes(bullet.id) && bullet.status !== status);
    if (changing.length === 0) return;
    setError(null);
    setNotice(description);
    setUndoStack((stack) => [...stack.slice(-49), { description, before: changing.map(({ id, status, reviewer }) => ({ id, status, reviewer })) }]);
    try {
      await send(
        changing.map((bullet) => bullet.id),
        status,
        () => (status === "proposed" ? null : reviewer),
      );
    } catch (caught) {
      fail(caught);
    }
    await refresh();
  }

  /** Puts the bullets of the last review back as they were. */
  async function undo(): Promise<ReviewStep | null> {
    const step = undoStack.at(-1);
    if (!step) return null;
    setUndoStack((stack) => stack.slice(0, -1));
    setError(null);
    setNotice(`Undid “${step.description}”`);
    try {
      // The server records whoever sets a status as its reviewer, an undo too: the page shows what it will store.
      for (const status of ["proposed", "accepted", "rejected"] as const) {
        const ids = step.before.filter((entry) => entry.status === status).map((entry) => entry.id);
        if (ids.length > 0) await send(ids, status, () => (status === "proposed" ? null : reviewer));
      }
    } catch (caught) {
      fail(caught);
    }
    await refresh();
    return step;
  }

  async function saveEdit(edit: { id: number; field: "text" | "rule"; value: string }) {
    setError(null);
    patch((bullet) =>
      bullet.id !== edit.id ? bullet : edit.field === "text" ? { ...bullet, editedText: edit.value.trim(), status: "accepted" as const, reviewer } : { ...bullet, rule: edit.value.trim() || null },
    );
    try {
      await fetchJson(`/api/feedback/${edit.id}`, { method: "PATCH", body: JSON.stringify(edit.field === "text" ? { text: edit.value } : { rule: edit.value || null }) });
    } catch (caught) {
      fail(caught);
    }
    await refresh();
  }

  const generate = useMutation({
    mutationFn: async () => ({ runId, ...(await fetchJson<{ created: number; total: number }>(`/api/datasets/${datasetId}/feedback`, { method: "POST", body: JSON.stringify({ runId }) })) }),
    onSuccess: () => {
      // The evaluation picker's bullet counts come from the page's server render.
      router.refresh();
      return refresh();
    },
    onError: fail,
  });

  return { query, bullets, counts: query.data?.counts ?? null, error, notice, review, undo, lastStep: undoStack.at(-1) ?? null, saveEdit, generate };
}
