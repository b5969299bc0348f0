import type { Metadata } from "next";
import { idParam } from "@/app/_server/load";
import { OptimizerRunPage } from "@/components/optimizer/run-page";
import { requirePageUser } from "@/app/_server/current-user";

export const metadata: Metadata = { title: "Optimizer run" };

export default async function OptimizerRunRoute({ params }: { params: Promise<{ datasetId: string; runId: string }> }) {
  await requirePageUser();
  const { datasetId, runId } = await params;
  return <OptimizerRunPage datasetId={idParam(datasetId)} runId={idParam(runId)} />;
}
