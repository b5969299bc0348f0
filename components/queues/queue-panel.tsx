"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useUser } from "@/components/auth/user-context";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ProgressBar } from "@/components/ui/progress-bar";
import type { QueueProgress } from "@/db/queries/queues";
import { ApiError, fetchJson, type Jsonify } from "@/lib/api-client";
import { QueueForm } from "./queue-form";

type Queue = Jsonify<QueueProgress>;
const statusTone = { open: "green", paused: "amber", closed: "neutral" } as const;
const ruleWords: Record<string, string> = {
  judge_disagreement: "judge disagrees most",
  human_disagreement: "humans disagree",
  few_labels: "fewer than k labels",
  split: "a split",
  sample: "random sample",
};

/** The dataset's labeling queues with their progress and each assignee's; admins create, pause and close them. */
export function QueuePanel({ datasetId }: { datasetId: number }) {
  const { isAdmin } = useUser();
  const queryClient = useQueryClient();
  const key = ["queues", datasetId];
  const queues = useQuery({ queryKey: key, queryFn: () => fetchJson<{ queues: Queue[] }>(`/api/datasets/${datasetId}/queues`), refetchInterval: 10_000 });
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function setStatus(queue: Queue, status: Queue["status"]) {
    setError(null);
    try {
      await fetchJson(`/api/queues/${queue.id}`, { method: "PATCH", body: JSON.stringify({ status }) });
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : "The queue did not change.");
    }
    await queryClient.invalidateQueries({ queryKey: key });
  }
  const list = queues.data?.queues ?? [];
  return (
    <div className="space-y-3" data-testid="queue-panel">
      {list.length === 0 && !creating ? <p className="text-sm text-slate-500">No labeling queue yet. Everyone labels every example, in import order.</p> : null}
      {list.map((queue) => (
        <div key={queue.id} className="rounded-lg border border-slate-200 p-3 text-sm" data-testid="queue">
          <div className="flex flex-wrap items-center gap-2">
            <span className="font-medium text-slate-800">{queue.name}</span>
            <Badge tone={statusTone[queue.status]}>{queue.status}</Badge>
            <span className="text-xs text-slate-500">
              {ruleWords[queue.rule.kind] ?? queue.rule.kind}
              {queue.rule.split ? ` · ${queue.rule.split}` : ""} ·{" "}
              {queue.rule.kind === "few_labels" ? `until ${queue.labelsPerExample} labels` : `${queue.labelsPerExample} more label${queue.labelsPerExample === 1 ? "" : "s"} each`} ·{" "}
              {queue.assignees === null ? "everyone" : `${queue.assignees.length} assigned`}
            </span>
            <span className="ml-auto flex gap-1">
              {queue.status === "open" ? (
                <Link href={`/datasets/${datasetId}/label?queue=${queue.id}`} className="text-xs text-indigo-600 hover:underline">
                  Label →
                </Link>
              ) : null}
              {isAdmin && queue.status !== "closed" ? (
                <>
                  <Button variant="ghost" className="py-0 text-xs" onClick={() => void setStatus(queue, queue.status === "open" ? "paused" : "open")} data-testid="queue-pause">
                    {queue.status === "open" ? "Pause" : "Reopen"}
                  </Button>
                  <Button variant="ghost" className="py-0 text-xs" onClick={() => window.confirm(`Close “${queue.name}” for good?`) && void setStatus(queue, "closed")}>
                    Close
                  </Button>
                </>
              ) : null}
            </span>
          </div>
          <div className="mt-2">
            <ProgressBar value={queue.done} total={queue.items} label="Items with all their labels" testId="queue-progress" />
          </div>
          {queue.people.length > 0 ? (
            <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600" data-testid="queue-people">
              {queue.people.map((person) => (
                <li key={person.labelerId}>
                  {person.name} <b className="tabular-nums">{person.labels}</b>/{queue.items}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ))}
      {error ? <p className="text-sm text-rose-700">{error}</p> : null}
      {isAdmin ? (
        creating ? (
          <QueueForm
            datasetId={datasetId}
            onCancel={() => setCreating(false)}
            onCreated={() => {
              setCreating(false);
              void queryClient.invalidateQueries({ queryKey: key });
            }}
          />
        ) : (
          <Button variant="secondary" onClick={() => setCreating(true)} data-testid="new-queue">
            New queue…
          </Button>
        )
      ) : null}
    </div>
  );
}
