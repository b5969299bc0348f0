import type { Metadata } from "next";
import { requirePageUser } from "@/app/_server/current-user";
import { ImportWizard } from "@/components/import/import-wizard";

export const metadata: Metadata = { title: "Import" };

export default async function ImportPage() {
  await requirePageUser("admin");
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Import a dataset</h1>
        <p className="text-sm text-slate-600">CSV or JSONL. Nested JSON objects become dotted columns, such as expert.relevance.</p>
      </div>
      <ImportWizard />
    </div>
  );
}
