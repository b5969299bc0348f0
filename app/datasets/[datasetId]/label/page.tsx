import type { Metadata } from "next";
import { currentLabeler } from "@/app/_server/current-labeler";
import { idParam, loadOr404 } from "@/app/_server/load";
import { LabelerPicker } from "@/components/labeling/labeler-picker";
import { LabelingSession } from "@/components/labeling/labeling-session";
import { Card } from "@/components/ui/card";
import { getDb } from "@/db/client";
import { getDataset } from "@/db/queries/datasets";
import { anchorsOf } from "@/lib/datasets/scale";

export const metadata: Metadata = { title: "Label" };

export default async function LabelPage({ params, searchParams }: { params: Promise<{ datasetId: string }>; searchParams: Promise<{ example?: string }> }) {
  const datasetId = idParam((await params).datasetId);
  const startAt = Number((await searchParams).example) || undefined;
  const db = getDb();
  const dataset = loadOr404(() => getDataset(db, datasetId));
  const labeler = await currentLabeler(db);
  if (!labeler) {
    return (
      <div className="mx-auto max-w-lg">
        <Card title={`Who is labeling ${dataset.name}?`}>
          <p className="mb-4 text-sm text-slate-600">Each label belongs to one labeler. Your choice is kept in this browser.</p>
          <LabelerPicker />
        </Card>
      </div>
    );
  }
  return (
    <LabelingSession
      key={labeler.id}
      labeler={labeler.name}
      startAt={startAt}
      dataset={{ id: dataset.id, name: dataset.name, task: dataset.task, inputFields: dataset.inputFields, anchors: anchorsOf(dataset.scaleAnchors) }}
    />
  );
}
