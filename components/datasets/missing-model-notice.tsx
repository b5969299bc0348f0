import Link from "next/link";
import type { missingDatasetModels } from "@/lib/llm/model-list";

type Missing = ReturnType<typeof missingDatasetModels>[number];

/**
 * Shown on every tab of a dataset whose chosen judge or reflection model is no longer configured:
 * the pages then read the server default's evaluations, and new evaluations and runs are refused.
 */
export function MissingModelNotice({ datasetId, missing, canChoose }: { datasetId: number; missing: Missing[]; canChoose: boolean }) {
  if (missing.length === 0) return null;
  return (
    <div role="alert" className="mb-4 space-y-1 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200" data-testid="missing-model">
      {missing.map((entry) => (
        <p key={entry.role}>
          This dataset&apos;s {entry.role} model &ldquo;{entry.label}&rdquo; is no longer configured.{" "}
          {entry.role === "judge"
            ? `Results on these pages are ${entry.standIn}'s, the server default; evaluations and optimizations are refused until another judge is chosen.`
            : "Optimizations are refused until another reflection model is chosen."}{" "}
          {canChoose ? (
            <Link href={`/datasets/${datasetId}/judge`} className="font-medium underline">
              Choose on the Judge tab
            </Link>
          ) : (
            "An admin chooses one on the Judge tab."
          )}
        </p>
      ))}
    </div>
  );
}
