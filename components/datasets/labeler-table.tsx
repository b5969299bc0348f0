import type { LabelerCount } from "@/db/queries/datasets";
import { LabelerAgreementChart } from "@/components/charts/labeler-agreement-chart";
import { Badge } from "@/components/ui/badge";
import { formatDelta, formatNumber } from "@/lib/format";
import type { LabelerAgreement } from "@/lib/metrics";

/** Labels per labeler, and for people: their NMSE against the others and against adjudicated gold, and their bias. */
export function LabelerTable({ labelers, exampleCount, agreement = [], floor = null }: { labelers: LabelerCount[]; exampleCount: number; agreement?: LabelerAgreement[]; floor?: number | null }) {
  if (labelers.length === 0) return <p className="text-sm text-slate-500">No labels yet. Start labeling, or import a file with a score column.</p>;
  const of = new Map(agreement.map((row) => [row.labelerId, row]));
  const charted = labelers.flatMap((labeler) => {
    const nmse = of.get(labeler.labelerId)?.leaveOneOutNmse;
    return nmse === null || nmse === undefined ? [] : [{ name: labeler.name, nmse, labels: labeler.labels }];
  });
  return (
    <div className="space-y-3">
      <div className="overflow-x-auto">
        <table className="w-full text-sm" data-testid="labeler-table">
          <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="pb-2 pr-3 align-bottom font-medium">Labeler</th>
              <th className="pb-2 pr-3 align-bottom font-medium">Labels</th>
              <th className="pb-2 pr-3 align-bottom font-medium" title="Leave-one-out NMSE: this labeler against the mean of the others, on the examples they share">
                vs others
              </th>
              <th className="pb-2 pr-3 align-bottom font-medium" title="Mean of (own score − the others' mean): positive is lenient">
                Bias
              </th>
              <th className="pb-2 pr-3 align-bottom font-medium" title="NMSE against the adjudicated gold score, where there is one">
                vs adjudicated
              </th>
              <th className="w-1/4 min-w-20 pb-2 align-bottom font-medium">Coverage</th>
            </tr>
          </thead>
          <tbody>
            {labelers.map((labeler) => {
              const row = of.get(labeler.labelerId);
              return (
                <tr key={labeler.labelerId} className="border-t border-slate-100" data-testid={`labeler-${labeler.name}`}>
                  <td className="whitespace-nowrap py-2 pr-3">
                    <span className="font-medium text-slate-800">{labeler.name}</span>{" "}
                    {labeler.isAggregate ? (
                      <Badge tone="amber" title="A published mean of several raters: left out of human-vs-human agreement.">
                        aggregate
                      </Badge>
                    ) : null}
                  </td>
                  <td className="py-2 pr-3 tabular-nums">{labeler.labels.toLocaleString("en-US")}</td>
                  <td className="py-2 pr-3 tabular-nums" title={row ? `on ${row.shared} shared labels` : undefined}>
                    {formatNumber(row?.leaveOneOutNmse)}
                  </td>
                  <td className="py-2 pr-3 tabular-nums">{row?.bias === null || row?.bias === undefined ? "—" : formatDelta(row.bias)}</td>
                  <td className="py-2 pr-3 tabular-nums" title={row?.adjudicated ? `on ${row.adjudicated} adjudicated examples` : undefined}>
                    {formatNumber(row?.adjudicatedNmse)}
                  </td>
                  <td className="py-2">
                    <div className="h-1.5 overflow-hidden rounded-full bg-slate-100">
                      <div className={`h-full ${labeler.isAggregate ? "bg-amber-400" : "bg-indigo-500"}`} style={{ width: `${exampleCount ? (labeler.labels / exampleCount) * 100 : 0}%` }} />
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {charted.length >= 2 ? <LabelerAgreementChart rows={charted} floor={floor} /> : null}
    </div>
  );
}
