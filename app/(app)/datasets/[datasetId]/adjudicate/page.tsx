import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { idParam, loadOr404 } from "@/app/_server/load";
import { requirePageUser } from "@/app/_server/current-user";
import { AdjudicationView } from "@/components/adjudication/adjudication-view";
import { getDb } from "@/db/client";
import { ADJUDICATION_SPREAD } from "@/db/queries/adjudications";
import { canAdjudicate } from "@/db/queries/auth";
import { getDataset } from "@/db/queries/datasets";

export const metadata: Metadata = { title: "Adjudicate" };

export default async function AdjudicatePage({ params }: { params: Promise<{ datasetId: string }> }) {
  const user = await requirePageUser();
  const datasetId = idParam((await params).datasetId);
  const dataset = loadOr404(() => getDataset(getDb(), datasetId));
  if (!canAdjudicate(user)) redirect(`/datasets/${datasetId}`);
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Adjudicate</h1>
        <p className="text-sm text-slate-600">
          Examples whose people scored {ADJUDICATION_SPREAD} or more points apart. The score you set becomes the gold score wherever {dataset.name}&apos;s metrics are computed (the people&apos;s own
          labels still make the human noise floor); changing or clearing it keeps its history.
        </p>
      </div>
      <AdjudicationView datasetId={datasetId} inputFields={dataset.inputFields} />
    </div>
  );
}
