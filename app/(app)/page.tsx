import Link from "next/link";
import { requirePageUser } from "@/app/_server/current-user";
import { CreateDatasetForm } from "@/components/datasets/create-dataset-form";
import { DatasetList } from "@/components/datasets/dataset-list";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { getDb } from "@/db/client";
import { listDatasets } from "@/db/queries/datasets";

export default async function DatasetsPage() {
  const user = await requirePageUser();
  const isAdmin = user.role === "admin";
  const datasets = listDatasets(getDb());
  return (
    <div className={isAdmin ? "grid gap-8 lg:grid-cols-[1fr_320px]" : ""}>
      <div>
        <div className="mb-5 flex items-center justify-between">
          <div>
            <h1 className="text-2xl font-semibold tracking-tight">Datasets</h1>
            <p className="text-sm text-slate-600">Label examples 1–5, then align a judge model with your labelers.</p>
          </div>
          {isAdmin ? (
            <Link href="/import" className={buttonClass("primary")}>
              Import a file
            </Link>
          ) : null}
        </div>
        {datasets.length === 0 ? (
          <EmptyState
            title="No datasets yet"
            action={
              isAdmin ? (
                <Link href="/import" className={buttonClass("primary")}>
                  Import CSV or JSONL
                </Link>
              ) : null
            }
          >
            {isAdmin ? "Import a CSV or JSONL file of examples (with or without scores), or create an empty dataset on the right." : "An admin has not added a dataset yet."}
          </EmptyState>
        ) : (
          <DatasetList datasets={datasets} />
        )}
      </div>
      {isAdmin ? (
        <Card title="New empty dataset">
          <CreateDatasetForm />
        </Card>
      ) : null}
    </div>
  );
}
