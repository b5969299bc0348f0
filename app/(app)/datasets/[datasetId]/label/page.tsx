import type { Metadata } from "next";
import { requirePageUser } from "@/app/_server/current-user";
import { idParam, loadOr404 } from "@/app/_server/load";
import { LabelingSession } from "@/components/labeling/labeling-session";
import { getDb } from "@/db/client";
import { getDataset } from "@/db/queries/datasets";
import { anchorsOf } from "@/lib/datasets/scale";

export const metadata: Metadata = { title: "Label" };

export default async function LabelPage({ params, searchParams }: { params: Promise<{ datasetId: string }>; searchParams: Promise<{ example?: string }> }) {
  const datasetId = idParam((await params).datasetId);
  const startAt = Number((await searchParams).example) || undefined;
  const db = getDb();
  const dataset = loadOr404(() => getDataset(db, datasetId));
  const user = await requirePageUser();
  return (
    <LabelingSession
      key={user.id}
      labeler={user.username}
      startAt={startAt}
      dataset={{ id: dataset.id, name: dataset.name, task: dataset.task, inputFields: dataset.inputFields, anchors: anchorsOf(dataset.scaleAnchors) }}
    />
  );
}
