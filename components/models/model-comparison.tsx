"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useUser } from "@/components/auth/user-context";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ProgressBar } from "@/components/ui/progress-bar";
import type { ModelComparison } from "@/db/schema";
import { ApiError, fetchJson, type Jsonify } from "@/lib/api-client";
import type { comparisonView } from "@/lib/judge/model-comparisons";
import type { describeModel } from "@/lib/llm/model-list";
import { AdaptPanel } from "./adapt-panel";
import { ComparisonChart } from "./comparison-chart";
import { ComparisonTable } from "./comparison-table";

type View = Jsonify<ReturnType<typeof comparisonView>>;
type ModelChoice = Jsonify<ReturnType<typeof describeModel>>;

/** Start a comparison of the configured models, watch each model's evaluation, read the table and the chart. */
export function ModelComparisonView({ datasetId, versions, currentPromptId }: { datasetId: number; versions: { id: number; origin: string }[]; currentPromptId: number | null }) {
  const { isAdmin } = useUser();
  const queryClient = useQueryClient();
  const setup = useQuery({
    queryKey: ["comparisons", datasetId],
    queryFn: () => fetchJson<{ models: ModelChoice[]; comparisons: Jsonify<ModelComparison>[] }>(`/api/datasets/${datasetId}/comparisons`),
  });
  const [chosen, setChosen] = useState<string[] | null>(null);
  const [split, setSplit] = useState("val");
  const [promptId, setPromptId] = useState(currentPromptId ?? versions[0]?.id ?? 0);
  const [shownId, setShownId] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [adapting, setAdapting] = useState<string | null>(null);
  const models = setup.data?.models ?? [];
  const labels = chosen ?? models.filter((model) => model.refused === null).map((model) => model.label);
  const comparisonId = shownId ?? setup.data?.comparisons[0]?.id ?? null;
  const view = useQuery({
    queryKey: ["comparison", comparisonId],
    queryFn: () => fetchJson<View>(`/api/comparisons/${comparisonId}`),
    enabled: comparisonId !== null,
    refetchInterval: (query) => (query.state.data?.models.some((model) => model.run.status === "queued" || model.run.status === "running") ? 1000 : false),
  });

  async function start() {
    setError(null);
    try {
      const { comparison } = await fetchJson<{ comparison: { id: number } }>(`/api/datasets/${datasetId}/comparisons`, { method: "POST", body: JSON.stringify({ split, promptId, models: labels }) });
      setShownId(comparison.id);
      await queryClient.invalidateQueries({ queryKey: ["comparisons", datasetId] });
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : "The comparison did not start.");
    }
  }

  const running = view.data?.models.some((model) => model.run.status === "queued" || model.run.status === "running") ?? false;
  return (
    <div className="space-y-4" data-testid="model-comparison">
      {isAdmin ? (
        <Card title="Compare">
          <div className="flex flex-wrap items-end gap-4 text-sm">
            <label className="flex flex-col gap-1">
              <span className="text-xs font-medium text-slate-600">Prompt version</span>
              <select className="rounded-md border border-slate-300 px-2 py-1" value={promptId} onChange={(event) => setPromptId(Number(event.target.value))} data-testid="compare-prompt">
                {versions.map((version) => (
                  <option key={version.id} value={version.id}>
                    v{version.id} · {version.origin}
                    {version.id === currentPromptId ? " · current" : ""}
                  </option>
                ))}
              </select>
            </label>
            <label className="flex flex-col gap-1">
              <span className="text-xs font-medium text-slate-600">Split</span>
              <select className="rounded-md border border-slate-300 px-2 py-1" value={split} onChange={(event) => setSplit(event.target.value)} data-testid="compare-models-split">
                {["val", "test", "train", "all"].map((name) => (
                  <option key={name}>{name}</option>
                ))}
              </select>
            </label>
            <fieldset className="flex flex-wrap gap-3">
              <legend className="mb-1 text-xs font-medium text-slate-600">Models</legend>
              {models.map((model) => (
                <label
                  key={model.label}
                  className="flex items-center gap-1"
                  title={model.refused ?? `${model.model} on ${model.server} · $${model.inputPricePerMTok} / $${model.outputPricePerMTok} per million tokens`}
                >
                  <input
                    type="checkbox"
                    disabled={model.refused !== null}
                    checked={labels.includes(model.label)}
                    onChange={() => setChosen(labels.includes(model.label) ? labels.filter((label) => label !== model.label) : [...labels, model.label])}
                    data-testid={`compare-model-${model.label}`}
                  />
                  {model.label}
                  {model.refused ? <Badge tone="red">not allowed</Badge> : null}
                </label>
              ))}
            </fieldset>
            <Button onClick={() => void start()} disabled={labels.length === 0 || running || promptId === 0} data-testid="compare-models">
              {running ? "Comparing…" : `Compare ${labels.length} model${labels.length === 1 ? "" : "s"}`}
            </Button>
          </div>
          {error ? <p className="mt-2 text-sm text-rose-700">{error}</p> : null}
        </Card>
      ) : null}
      {setup.data && setup.data.comparisons.length === 0 && !view.data ? <p className="text-sm text-slate-500">No comparison yet.</p> : null}
      {view.data ? (
        <Card
          title={`Comparison #${view.data.comparison.id} · prompt v${view.data.comparison.promptId} · ${view.data.comparison.split} split`}
          action={
            setup.data && setup.data.comparisons.length > 1 ? (
              <select
                className="min-w-0 max-w-full rounded-md border border-slate-300 px-2 py-1 text-sm"
                value={comparisonId ?? 0}
                onChange={(event) => setShownId(Number(event.target.value))}
                aria-label="Past comparisons"
              >
                {setup.data.comparisons.map((entry) => (
                  <option key={entry.id} value={entry.id}>
                    #{entry.id} · v{entry.promptId} · {entry.split} · {entry.labels.join(", ")}
                  </option>
                ))}
              </select>
            ) : null
          }
        >
          <div className="space-y-4">
            <div className="grid gap-3 md:grid-cols-3">
              {view.data.models.map((model) => (
                <ProgressBar
                  key={model.label}
                  value={model.run.done}
                  total={model.run.total}
                  label={`${model.label} · ${model.run.status}${model.run.errors ? ` · ${model.run.errors} errors` : ""}`}
                  testId={`compare-progress-${model.label}`}
                />
              ))}
            </div>
            <ComparisonTable view={view.data} onAdapt={isAdmin && !running ? setAdapting : undefined} />
            {adapting && view.data.models.some((model) => model.label === adapting) ? (
              <AdaptPanel key={`${view.data.comparison.id}-${adapting}`} datasetId={datasetId} view={view.data} label={adapting} onClose={() => setAdapting(null)} />
            ) : null}
            {view.data.models.filter((model) => model.row?.nmse !== null && model.row !== null).length >= 2 ? (
              <ComparisonChart
                points={view.data.models.flatMap((model) => (model.row && model.row.nmse !== null ? [{ label: model.label, nmse: model.row.nmse, costPer1000: model.row.costPer1000 }] : []))}
                floor={view.data.noiseFloor}
              />
            ) : null}
          </div>
        </Card>
      ) : null}
    </div>
  );
}
