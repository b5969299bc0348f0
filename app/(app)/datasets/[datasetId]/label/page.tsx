import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/app/_server/current-user";
import { idParam, loadOr404 } from "@/app/_server/load";
import { LabelingSession } from "@/components/labeling/labeling-session";
import { getDb } from "@/db/client";
import { getDataset } from "@/db/queries/datasets";
import { queuesFor } from "@/db/queries/queues";
import { anchorsOf } from "@/lib/datasets/scale";

export const metadata: Metadata = { title: "Label" };

type Search = { example?: string; queue?: string };

export default async function LabelPage({ params, searchParams }: { params: Promise<{ datasetId: string }>; searchParams: Promise<Search> }) {
  const datasetId = idParam((await params).datasetId);
  const search = await searchParams;
  const startAt = Number(search.example) || undefined;
  const db = getDb();
  const dataset = loadOr404(() => getDataset(db, datasetId));
  const user = await requirePageUser();
  // The labeler's queues come first: the first one unless they chose another or "all examples".
  const queues = queuesFor(db, datasetId, user.labelerId);
  const chosen = search.queue === "all" || startAt !== undefined ? null : (queues.find((queue) => queue.id === Number(search.queue)) ?? queues[0] ?? null);
  return (
    <div className="space-y-4">
      {queues.length > 0 ? (
        <nav className="flex flex-wrap items-center gap-2 text-sm" aria-label="Queues" data-testid="queue-picker">
          <span className="text-slate-500">Label from</span>
          {queues.map((queue) => (
            <Link
              key={queue.id}
              href={`/datasets/${datasetId}/label?queue=${queue.id}`}
              className={`rounded-full px-3 py-1 ${chosen?.id === queue.id ? "bg-indigo-600 text-white" : "bg-white text-slate-700 ring-1 ring-slate-200"}`}
              aria-current={chosen?.id === queue.id ? "page" : undefined}
            >
              {queue.name} · {queue.done}/{queue.items} done
            </Link>
          ))}
          <Link
            href={`/datasets/${datasetId}/label?queue=all`}
            className={`rounded-full px-3 py-1 ${chosen === null ? "bg-indigo-600 text-white" : "bg-white text-slate-700 ring-1 ring-slate-200"}`}
            aria-current={chosen === null ? "page" : undefined}
          >
            all examples
          </Link>
        </nav>
      ) : null}
      <LabelingSession
        key={`${user.id}:${chosen?.id ?? "all"}`}
        labeler={user.username}
        startAt={startAt}
        queue={chosen ? { id: chosen.id, name: chosen.name } : undefined}
        dataset={{ id: dataset.id, name: dataset.name, task: dataset.task, inputFields: dataset.inputFields, anchors: anchorsOf(dataset.scaleAnchors) }}
      />
    </div>
  );
}
