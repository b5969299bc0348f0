import { Badge } from "@/components/ui/badge";
import { formatNumber } from "@/lib/format";
import { InstructionDiff } from "./instruction-diff";
import type { OptimizerRunViewJson } from "./types";

const origin = (candidate: OptimizerRunViewJson["lineage"][number]) =>
  candidate.parentIndex === null
    ? "seed"
    : candidate.origin === "merge"
      ? `merge of #${candidate.parentIndex} and #${candidate.mergeParentIndex} at iteration ${candidate.iteration + 1}`
      : candidate.origin === "final"
        ? `#${candidate.parentIndex} with lines the final choice removed`
        : `from #${candidate.parentIndex} at iteration ${candidate.iteration + 1}`;

/** Every candidate in the pool, how it was made, and what it changed from its parent. */
export function LineageList({ lineage, best, valCount, ended = false }: { lineage: OptimizerRunViewJson["lineage"]; best: number | null; valCount: number; ended?: boolean }) {
  if (lineage.length === 0)
    return <p className="text-sm text-slate-500">{ended ? "No candidate: the run ended before the seed was scored on val." : "No candidate yet: the seed joins once it is scored on val."}</p>;
  return (
    <ol className="space-y-3" data-testid="lineage">
      {lineage.map((candidate) => (
        <li key={candidate.index} className="rounded-lg border border-slate-100 p-3">
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <span className="font-semibold">#{candidate.index}</span>
            <span className="text-slate-500">{origin(candidate)}</span>
            <span className="ml-auto tabular-nums" title={candidate.valScored < valCount ? "Candidates are screened on part of val; finalists earn the rest at the end." : undefined}>
              val NMSE {formatNumber(candidate.valNmse)}
              <span className="text-xs text-slate-500">
                {" "}
                on {candidate.valScored === valCount ? "all" : `${candidate.valScored} of`} {valCount}
              </span>
            </span>
            {candidate.index === best ? <Badge tone="green">chosen</Badge> : null}
          </div>
          {candidate.parentIndex !== null ? (
            <div className="mt-2">
              <InstructionDiff parts={candidate.change} />
            </div>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
