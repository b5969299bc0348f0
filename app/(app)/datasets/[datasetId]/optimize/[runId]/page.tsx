import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { idParam, loadOr404 } from "@/app/_server/load";
import { OptimizerRunPage } from "@/components/optimizer/run-page";
import { requirePageUser } from "@/app/_server/current-user";
import { getDb } from "@/db/client";
import { getOptimizerRun } from "@/db/queries/optimizer";

export const metadata: Metadata = { title: "Optimizer run" };

export default async function OptimizerRunRoute({ params }: { params: Promise<{ datasetId: string; runId: string }> }) {
  await requirePageUser();
  const { datasetId: datasetParam, runId: runParam } = await params;
  const datasetId = idParam(datasetParam);
  const runId = idParam(runParam);
  // A run that does not exist, or belongs to another dataset, is a 404: not a page that loads forever or shows it under the wrong tabs.
  const run = loadOr404(() => getOptimizerRun(getDb(), runId));
  if (run.datasetId !== datasetId) notFound();
  return <OptimizerRunPage datasetId={datasetId} runId={runId} />;
}
