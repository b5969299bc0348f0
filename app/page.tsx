import Link from "next/link";
import { CreateDatasetForm } from "@/components/datasets/create-dataset-form";
import { DatasetList } from "@/components/datasets/dataset-list";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { getDb } from "@/db/client";
import { listDatasets } from "@/db/queries/datasets";

export default function DatasetsPage() {
  const datasets = listDatasets(getDb());
  return (
    <div className="grid gap-8 lg:grid-cols-[1fr_320px]">
      <div>
        <div className="mb-5 flex items-center justify-between">
          <div>
            <h1 className="text-2xl font-semibold tracking-tight">Datasets</h1>
            <p className="text-sm text-slate-600">Label examples 1–5, then align a judge model with your labelers.</p>
          </div>
          <Link href="/import" className={buttonClass("primary")}>
            Import a file
          </Link>
        </div>
        {datasets.length === 0 ? (
          <EmptyState
            title="No datasets yet"
            action={
              <Link href="/import" className={buttonClass("primary")}>
                Import CSV or JSONL
              </Link>
            }
          >
            Import a CSV or JSONL file of examples (with or without scores), or create an empty dataset on the right.
          </EmptyState>
        ) : (
          <DatasetList datasets={datasets} />
        )}
      </div>
      <Card title="New empty dataset">
        <CreateDatasetForm />
      </Card>
    </div>
  );
}
