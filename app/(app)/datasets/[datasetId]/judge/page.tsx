import type { Metadata } from "next";
import { idParam } from "@/app/_server/load";
import { JudgeWorkbench } from "@/components/judge/judge-workbench";
import { requirePageUser } from "@/app/_server/current-user";

export const metadata: Metadata = { title: "Judge" };

export default async function JudgePage({ params }: { params: Promise<{ datasetId: string }> }) {
  await requirePageUser();
  return <JudgeWorkbench datasetId={idParam((await params).datasetId)} />;
}
