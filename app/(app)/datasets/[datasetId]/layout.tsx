import type { ReactNode } from "react";
import { idParam, loadOr404 } from "@/app/_server/load";
import { DatasetTabs } from "@/components/datasets/dataset-tabs";
import { MissingModelNotice } from "@/components/datasets/missing-model-notice";
import { getDb } from "@/db/client";
import { getDataset } from "@/db/queries/datasets";
import { requirePageUser } from "@/app/_server/current-user";
import { getEnv } from "@/lib/env";
import { missingDatasetModels } from "@/lib/llm/model-list";

export default async function DatasetLayout({ children, params }: { children: ReactNode; params: Promise<{ datasetId: string }> }) {
  const user = await requirePageUser();
  const datasetId = idParam((await params).datasetId);
  const db = getDb();
  const dataset = loadOr404(() => getDataset(db, datasetId));
  const missing = missingDatasetModels(db, getEnv(), dataset);
  return (
    <div>
      <DatasetTabs datasetId={dataset.id} name={dataset.name} />
      <MissingModelNotice datasetId={dataset.id} missing={missing} canChoose={user.role === "admin"} />
      {children}
    </div>
  );
}
