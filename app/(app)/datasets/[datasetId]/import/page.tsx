import type { Metadata } from "next";
import { requirePageUser } from "@/app/_server/current-user";
import { idParam, loadOr404 } from "@/app/_server/load";
import { ImportWizard } from "@/components/import/import-wizard";
import { getDb } from "@/db/client";
import { getDataset } from "@/db/queries/datasets";

export const metadata: Metadata = { title: "Import rows" };

export default async function DatasetImportPage({ params }: { params: Promise<{ datasetId: string }> }) {
  await requirePageUser("admin");
  const datasetId = idParam((await params).datasetId);
  const dataset = loadOr404(() => getDataset(getDb(), datasetId));
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Import rows into {dataset.name}</h1>
        <p className="text-sm text-slate-600">Rows already in the dataset are left as they are; re-importing the same file changes nothing.</p>
      </div>
      <ImportWizard dataset={{ id: dataset.id, name: dataset.name, inputFields: dataset.inputFields }} />
    </div>
  );
}
