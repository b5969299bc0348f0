import type { ReactNode } from "react";
import { idParam, loadOr404 } from "@/app/_server/load";
import { DatasetTabs } from "@/components/datasets/dataset-tabs";
import { getDb } from "@/db/client";
import { getDataset } from "@/db/queries/datasets";
import { requirePageUser } from "@/app/_server/current-user";

export default async function DatasetLayout({ children, params }: { children: ReactNode; params: Promise<{ datasetId: string }> }) {
  await requirePageUser();
  const datasetId = idParam((await params).datasetId);
  const dataset = loadOr404(() => getDataset(getDb(), datasetId));
  return (
    <div>
      <DatasetTabs datasetId={dataset.id} name={dataset.name} />
      {children}
    </div>
  );
}
