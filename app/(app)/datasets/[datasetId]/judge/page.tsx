import type { Metadata } from "next";
import { idParam } from "@/app/_server/load";
import { JudgeWorkbench } from "@/components/judge/judge-workbench";

export const metadata: Metadata = { title: "Judge" };

export default async function JudgePage({ params }: { params: Promise<{ datasetId: string }> }) {
  return <JudgeWorkbench datasetId={idParam((await params).datasetId)} />;
}
