import { formatNumber } from "@/lib/format";
import type { OptimizerRunViewJson } from "./types";

/** How the final instruction was chosen: the finalists, the rule that decided, and the lines tried without. */
export function FinalChoice({ selection, valCount }: { selection: NonNullable<OptimizerRunViewJson["run"]["finalSelection"]>; valCount: number }) {
  return (
    <div className="space-y-3 text-sm" data-testid="final-choice">
      <p className="text-slate-700">
        Chose candidate <b>#{selection.chosen}</b>: {selection.rule}. The final choice spent {selection.metricCalls} metric calls.
      </p>
      <table className="w-full text-left text-xs">
        <thead className="uppercase tracking-wide text-slate-500">
          <tr>
            <th className="py-1 font-medium">Candidate</th>
            <th className="py-1 font-medium">Val NMSE</th>
            <th className="py-1 font-medium">Scored on</th>
            <th className="py-1 font-medium" title="Mean difference in per-example score (100 · (1 − e²/16)) from the chosen candidate on the val examples both were scored on, ± one standard error">
              Against the choice
            </th>
            <th className="py-1 font-medium">Length</th>
          </tr>
        </thead>
        <tbody className="tabular-nums">
          {selection.finalists.map((finalist) => (
            <tr key={finalist.index} className="border-t border-slate-100">
              <td className="py-1">#{finalist.index}</td>
              <td>{formatNumber(finalist.valNmse)}</td>
              <td>
                {finalist.examples} of {valCount}
              </td>
              <td>
                {finalist.index === selection.chosen
                  ? "—"
                  : `${Math.abs(finalist.meanDiff) < 5e-5 ? "level" : `${finalist.meanDiff > 0 ? "better" : "worse"} by ${formatNumber(Math.abs(finalist.meanDiff) * 100)}`} ± ${formatNumber(finalist.standardError * 100)} on ${finalist.examples} shared examples`}
              </td>
              <td>{finalist.length}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="text-xs text-slate-500">Against the choice: the mean difference in per-example score, 100 · (1 − e²/16), on the val examples both were scored on, ± one standard error.</p>
      {selection.ablations.length > 0 ? (
        <ul className="space-y-1 text-xs text-slate-600">
          {selection.ablations.map((ablation, index) => (
            <li key={index}>
              {ablation.kept ? "Kept" : selection.pruned?.replaced === false ? "Tried without" : "Removed"} {ablation.fromSeed ? "the seed's line " : ""}“{ablation.line}” (
              {ablation.kept ? "it helps" : "no worse without it"} on {ablation.examples} train examples)
            </li>
          ))}
          {selection.pruned ? (
            <li data-testid="pruned-on-val">
              {selection.pruned.replaced
                ? `Without the removed lines it did no worse on val (${formatNumber(selection.pruned.sumDiff)} on ${selection.pruned.examples} examples), so the shorter instruction is the final one.`
                : `Without the removed lines it did worse on val (${formatNumber(selection.pruned.sumDiff)} on ${selection.pruned.examples} examples), so the lines stay: val chose the winner, and the train examples do not overrule it.`}
            </li>
          ) : null}
        </ul>
      ) : null}
    </div>
  );
}
