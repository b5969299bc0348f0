import Link from "next/link";
import type { ReactNode } from "react";
import { Card } from "@/components/ui/card";
import { formatDelta, formatInterval, formatNumber, formatPercent } from "@/lib/format";
import { METRIC_DEFINITIONS, noBetterThanBaseline, withinInterval, type JudgeMetrics, type NoiseFloor } from "@/lib/metrics";
import { ConfusionMatrix } from "./confusion-matrix";
import type { EvaluationDetail } from "./types";

function Metric({ label, value, hint }: { label: ReactNode; value: string; hint?: string }) {
  return (
    <div className="rounded-lg bg-slate-50 px-3 py-2">
      <div className="text-[11px] font-medium uppercase tracking-wide text-slate-500">{label}</div>
      <div className="text-base font-semibold tabular-nums text-slate-900">{value}</div>
      {hint ? <div className="text-[11px] text-slate-500">{hint}</div> : null}
    </div>
  );
}

export function NoiseFloorNote({ floor }: { floor: NoiseFloor }) {
  if (floor.nmse === null) {
    return <span data-testid="noise-floor">Human noise floor: needs two or more people labeling the same examples (aggregates do not count).</span>;
  }
  return (
    <span data-testid="noise-floor" title={METRIC_DEFINITIONS.noiseFloor}>
      Human noise floor: NMSE <b className="tabular-nums">{formatNumber(floor.nmse)}</b>
      {floor.interval ? <span className="tabular-nums text-slate-500"> (95% {formatInterval(floor.interval)})</span> : null} (each label vs the others) · Krippendorff&apos;s α{" "}
      <b className="tabular-nums">{formatNumber(floor.alpha)}</b> · {floor.pairedLabels} labels by {floor.labelers} labelers on {floor.pairedExamples} shared examples
    </span>
  );
}

/** The best constant judge beside the NMSE, and a plain flag when the judge does no better. */
export function BaselineNote({ metrics, compact = false }: { metrics: Pick<JudgeMetrics, "nmse" | "baselineNmse" | "baselineScore">; compact?: boolean }) {
  if (metrics.baselineNmse === null || metrics.baselineNmse === undefined) return null;
  const worse = noBetterThanBaseline(metrics.nmse, metrics.baselineNmse);
  return (
    <span data-testid="baseline" title={METRIC_DEFINITIONS.baselineNmse} className={worse ? "font-medium text-rose-700" : undefined}>
      {worse ? "No better than a constant: " : "Baseline: "}always answering {metrics.baselineScore} scores NMSE <b className="tabular-nums">{formatNumber(metrics.baselineNmse)}</b>
      {worse && !compact ? " — this judge does no better than giving every example the same score." : ""}
    </span>
  );
}

export function MetricsCard({ detail, datasetId }: { detail: EvaluationDetail; datasetId: number }) {
  const { run, previous, noiseFloor } = detail;
  const metrics = run.metrics as unknown as JudgeMetrics | null;
  if (!metrics) return null;
  const delta = previous?.nmse !== null && previous?.nmse !== undefined ? metrics.nmse - previous.nmse : null;
  const bias = metrics.bias;
  const insideNoise = delta !== null && withinInterval(previous!.nmse!, metrics.nmseInterval);
  return (
    <Card
      title={`Evaluation #${run.id} · ${run.split} split · prompt v${run.promptId}`}
      action={
        <Link href={`/datasets/${datasetId}/disagreements?run=${run.id}`} className="text-sm text-indigo-600 hover:underline" data-testid="open-disagreements">
          Disagreements →
        </Link>
      }
    >
      <div className="grid gap-6 lg:grid-cols-[1fr_auto]">
        <div className="space-y-4">
          <div className="flex flex-wrap items-end gap-6">
            <div>
              <div className="text-xs font-medium uppercase tracking-wide text-slate-500">NMSE</div>
              <div className="text-4xl font-semibold tabular-nums" data-testid="nmse">
                {formatNumber(metrics.nmse)}
              </div>
              {metrics.nmseInterval ? (
                <div className="text-xs tabular-nums text-slate-500" data-testid="nmse-interval" title={METRIC_DEFINITIONS.nmseInterval}>
                  95% {formatInterval(metrics.nmseInterval)}
                </div>
              ) : null}
            </div>
            {delta !== null ? (
              <div className={`pb-1 text-sm font-medium ${insideNoise ? "text-slate-600" : delta < 0 ? "text-emerald-700" : delta > 0 ? "text-rose-700" : "text-slate-600"}`} data-testid="nmse-delta">
                {formatDelta(delta)} vs run #{previous!.id} ({formatNumber(previous!.nmse)}){insideNoise ? <span className="font-normal text-slate-500"> · inside the noise</span> : null}
              </div>
            ) : (
              <div className="pb-1 text-sm text-slate-500">first run on this split</div>
            )}
            <div className="pb-1 font-mono text-xs text-slate-500" title="A malformed, errored or missing judgment counts as e² = 16.">
              NMSE = 100 · mean((judge − gold)²) / 16 · 0 perfect, 100 worst
            </div>
          </div>
          <p className="space-y-1 text-sm text-slate-600">
            <span className="block">
              <NoiseFloorNote floor={noiseFloor} />
            </span>
            <span className="block">
              <BaselineNote metrics={metrics} />
            </span>
          </p>
          <div className="grid grid-cols-2 gap-2 sm:grid-cols-3 xl:grid-cols-5">
            <Metric label="Examples" value={String(metrics.n)} hint={metrics.adjudicated ? `${metrics.adjudicated} with adjudicated gold` : undefined} />
            <Metric label="MSE" value={formatNumber(metrics.mse)} />
            <Metric label="MAE" value={formatNumber(metrics.mae)} />
            <Metric label="Exact agreement" value={formatPercent(metrics.exactAgreement)} hint="judge = rounded gold" />
            <Metric label="Within 1" value={formatPercent(metrics.within1Agreement)} />
            <Metric
              label={
                <>
                  {/* Upper case would turn κ into a capital kappa, which reads as a K. */}
                  Weighted kappa (<span className="normal-case">κ</span>)
                </>
              }
              value={formatNumber(metrics.kappa)}
              hint="quadratic"
            />
            <Metric label="Spearman" value={formatNumber(metrics.spearman)} />
            <Metric label="Bias" value={bias === null ? "—" : formatDelta(bias)} hint={bias === null ? undefined : bias > 0.05 ? "lenient" : bias < -0.05 ? "harsh" : "balanced"} />
            <Metric label="Malformed" value={formatPercent(metrics.malformedRate)} />
            <Metric label="Errors" value={formatPercent(metrics.errorRate)} />
          </div>
        </div>
        <ConfusionMatrix confusion={metrics.confusion} />
      </div>
    </Card>
  );
}
