import type { LabelerCount } from "@/db/queries/datasets";
import { Badge } from "@/components/ui/badge";

export function LabelerTable({ labelers, exampleCount }: { labelers: LabelerCount[]; exampleCount: number }) {
  if (labelers.length === 0) return <p className="text-sm text-slate-500">No labels yet. Start labeling, or import a file with a score column.</p>;
  return (
    <table className="w-full text-sm" data-testid="labeler-table">
      <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
        <tr>
          <th className="pb-2 font-medium">Labeler</th>
          <th className="pb-2 font-medium">Labels</th>
          <th className="w-1/2 pb-2 font-medium">Coverage</th>
        </tr>
      </thead>
      <tbody>
        {labelers.map((labeler) => (
          <tr key={labeler.labelerId} className="border-t border-slate-100">
            <td className="py-2 pr-3">
              <span className="font-medium text-slate-800">{labeler.name}</span>{" "}
              {labeler.isAggregate ? (
                <Badge tone="amber" title="A published mean of several raters: left out of human-vs-human agreement.">
                  aggregate
                </Badge>
              ) : null}
            </td>
            <td className="py-2 pr-3 tabular-nums">{labeler.labels.toLocaleString("en-US")}</td>
            <td className="py-2">
              <div className="h-1.5 overflow-hidden rounded-full bg-slate-100">
                <div className={`h-full ${labeler.isAggregate ? "bg-amber-400" : "bg-indigo-500"}`} style={{ width: `${exampleCount ? (labeler.labels / exampleCount) * 100 : 0}%` }} />
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
