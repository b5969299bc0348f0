import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/app/_server/current-user";
import { idParam, loadOr404 } from "@/app/_server/load";
import { OptimizeForm } from "@/components/optimizer/optimize-form";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { getDb } from "@/db/client";
import { getDataset } from "@/db/queries/datasets";
import { labeledExampleIds } from "@/db/queries/evaluations";
import { bulletCounts } from "@/db/queries/feedback";
import { listOptimizerRuns } from "@/db/queries/optimizer";
import { minimumBudgetFor } from "@/lib/optimizer/strategies/eval-policy";
import { currentPrompt } from "@/db/queries/prompts";
import { getEnv } from "@/lib/env";
import { formatDelta, formatNumber, timeAgo } from "@/lib/format";
import { datasetModels } from "@/lib/llm/model-list";

export const metadata: Metadata = { title: "Optimize" };

export default async function OptimizePage({ params }: { params: Promise<{ datasetId: string }> }) {
  const datasetId = idParam((await params).datasetId);
  const user = await requirePageUser();
  const db = getDb();
  const dataset = loadOr404(() => getDataset(db, datasetId));
  const { judge, reflection } = datasetModels(db, getEnv(), dataset);
  const prompt = currentPrompt(db, datasetId, judge.model);
  const runs = listOptimizerRuns(db, datasetId);
  const counts = bulletCounts(db, datasetId);
  const train = labeledExampleIds(db, datasetId, "train").length;
  const val = labeledExampleIds(db, datasetId, "val").length;
  const active = runs.some((run) => run.status === "queued" || run.status === "running");

  return (
    <div className="space-y-6">
      <Card title="Optimize the judge's instruction">
        <p className="mb-4 text-sm text-slate-600">
          A GEPA-style reflective optimizer rewrites prompt v{prompt.id} of <b>{dataset.name}</b> for the judge model <span className="font-mono">{judge.label ?? judge.model}</span> using{" "}
          <span className="font-mono">{reflection.label ?? reflection.model}</span> to reflect (both chosen on the Judge tab). Each iteration judges a minibatch of train examples ({train} labeled)
          with a parent instruction, shows the reflection model those judgments with the humans&apos; feedback and more train examples with the humans&apos; scores and rationales (they cost no judge
          call), and keeps the new instruction only if it scores higher on the minibatch and holds up on a screening part of the {val} val examples (a val split large for the budget is sampled down
          first); finalists are scored on the rest of val at the end, as far as the budget goes. Guardrails refuse any proposal that changes the 1–5 scale or the output format, copies example text, or
          grows past 4,000 characters, before it costs a call. Test examples are never shown to the optimizer.
        </p>
        <p className="mb-4 text-sm text-slate-600">
          Reviewed feedback: {counts.accepted} accepted and {counts.rejected} rejected bullets ({counts.proposed} still proposed).{" "}
          <Link href={`/datasets/${datasetId}/disagreements?view=feedback`} className="text-indigo-600 hover:underline">
            Review feedback →
          </Link>
        </p>
        {user.role !== "admin" ? (
          <p className="text-sm text-slate-500">Only an admin starts an optimization (it spends model calls).</p>
        ) : train === 0 || val === 0 ? (
          <p className="text-sm text-amber-700">The optimizer needs labeled examples in both train and val.</p>
        ) : (
          <OptimizeForm datasetId={datasetId} minimumBudget={minimumBudgetFor(val, 3)} active={active} />
        )}
      </Card>
      <Card title="Runs">
        {runs.length === 0 ? (
          <p className="text-sm text-slate-500">No optimizer run yet.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm" data-testid="optimizer-runs">
              <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th className="py-1 font-medium">Run</th>
                  <th className="py-1 font-medium">Status</th>
                  <th className="py-1 font-medium">Judge model</th>
                  <th className="py-1 font-medium">Val NMSE</th>
                  <th className="py-1 font-medium">Test NMSE</th>
                  <th className="py-1 font-medium">Iterations</th>
                  <th className="py-1 font-medium">Calls</th>
                  <th className="py-1 font-medium">Started</th>
                </tr>
              </thead>
              <tbody>
                {runs.map((run) => (
                  <tr key={run.id} className="border-t border-slate-100">
                    <td className="py-1.5">
                      <Link href={`/datasets/${datasetId}/optimize/${run.id}`} className="text-indigo-600 hover:underline">
                        #{run.id}
                      </Link>
                    </td>
                    <td>
                      <Badge>{run.status}</Badge>
                    </td>
                    <td className="max-w-40 truncate font-mono text-xs text-slate-600" title={run.config.adapted ? "adapted to this model" : undefined}>
                      {run.config.judgeModelLabel ?? run.config.judgeModel}
                      {run.config.adapted ? " (adapt)" : ""}
                    </td>
                    <td className="tabular-nums">
                      {formatNumber(run.valNmseBefore)} → {formatNumber(run.valNmseAfter)}
                      {run.valNmseBefore !== null && run.valNmseAfter !== null ? <span className="text-slate-500"> ({formatDelta(run.valNmseAfter - run.valNmseBefore)})</span> : null}
                    </td>
                    <td className="tabular-nums">{run.testNmseBefore === null ? "—" : `${formatNumber(run.testNmseBefore)} → ${formatNumber(run.testNmseAfter)}`}</td>
                    <td className="tabular-nums">
                      {run.iterations} ({run.accepted} accepted)
                    </td>
                    <td className="tabular-nums">
                      {run.metricCallsUsed}/{run.config.budget}
                    </td>
                    <td className="text-slate-500">{timeAgo(run.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}
