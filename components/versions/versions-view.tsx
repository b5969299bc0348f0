"use client";

import { useMemo, useState } from "react";
import { instructionDiff } from "@/lib/optimizer/diff";
import { ExportLinks } from "@/components/optimizer/export-links";
import { InstructionDiff } from "@/components/optimizer/instruction-diff";
import { useUser } from "@/components/auth/user-context";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { MakeCurrent } from "./make-current";
import { formatInterval, formatNumber, formatPercent, timeAgo } from "@/lib/format";
import type { VersionAdaptation } from "@/lib/optimizer/adaptation";

export interface VersionRow {
  id: number;
  origin: "seed" | "manual" | "optimizer";
  parentId: number | null;
  optimizerRunId: number | null;
  note: string;
  model: string;
  instruction: string;
  createdAt: string;
  nmse: Partial<Record<"train" | "val" | "test" | "all", { nmse: number; interval: { low: number; high: number } | null; baselineNmse: number | null }>>;
  adaptation: VersionAdaptation | null;
}

const originTone = { seed: "neutral", manual: "indigo", optimizer: "green" } as const;

/** Prompt history: pick a version, see it against its parent (or any other), make it current, export it. */
export function VersionsView({ versions, currentId }: { versions: VersionRow[]; currentId: number | null }) {
  const { isAdmin } = useUser();
  const [selectedId, setSelectedId] = useState(currentId ?? versions[0]?.id ?? 0);
  const selected = versions.find((version) => version.id === selectedId) ?? versions[0];
  const [againstId, setAgainstId] = useState<number | null>(null);
  const against = versions.find((version) => version.id === (againstId ?? selected?.parentId)) ?? null;
  const parts = useMemo(() => (selected && against ? instructionDiff(against.instruction, selected.instruction) : []), [selected, against]);
  if (!selected) return <p className="text-sm text-slate-500">No prompt version yet: open the Judge tab to create the seed.</p>;

  return (
    <div className="grid gap-6 lg:grid-cols-[320px_minmax(0,1fr)]">
      <Card title={`Versions (${versions.length})`}>
        <ul className="-m-2 space-y-1" data-testid="version-list">
          {versions.map((version) => (
            <li key={version.id}>
              <button
                type="button"
                onClick={() => {
                  setSelectedId(version.id);
                  setAgainstId(null);
                }}
                className={`w-full rounded-md px-2 py-1.5 text-left text-sm ${version.id === selected.id ? "bg-indigo-50 ring-1 ring-indigo-200" : "hover:bg-slate-50"}`}
              >
                <div className="flex items-center gap-2">
                  <span className="font-medium">v{version.id}</span>
                  <Badge tone={originTone[version.origin]}>{version.origin}</Badge>
                  {version.id === currentId ? <Badge tone="green">current</Badge> : null}
                  {version.adaptation ? <Badge tone="amber">for {version.adaptation.adaptedFor.label ?? version.adaptation.adaptedFor.model}</Badge> : null}
                  <span className="ml-auto text-xs text-slate-400">{timeAgo(version.createdAt)}</span>
                </div>
                <div className="mt-0.5 text-xs text-slate-500">
                  {(["val", "test"] as const).map((split) => {
                    const measured = version.nmse[split];
                    if (!measured) return split === "val" ? <span key={split}>not evaluated on val</span> : null;
                    const worse = measured.baselineNmse !== null && measured.nmse >= measured.baselineNmse;
                    return (
                      <span key={split} title={`95% ${formatInterval(measured.interval)}; best constant ${formatNumber(measured.baselineNmse)}`} className={worse ? "text-rose-700" : undefined}>
                        {split === "val" ? "val NMSE " : " · test "}
                        {formatNumber(measured.nmse)}
                        <span className="text-slate-400"> ({formatInterval(measured.interval, 1)})</span>
                        {worse ? " no better than a constant" : ""}
                      </span>
                    );
                  })}
                </div>
              </button>
            </li>
          ))}
        </ul>
      </Card>
      <div className="space-y-6">
        <Card
          title={
            <span>
              Prompt v{selected.id} <span className="font-normal text-slate-500">· {selected.model}</span>
            </span>
          }
          action={
            !isAdmin ? (
              selected.id === currentId ? (
                <Badge tone="green">current judge</Badge>
              ) : null
            ) : selected.id !== currentId ? (
              <MakeCurrent key={selected.id} promptId={selected.id} currentId={currentId} />
            ) : (
              <Badge tone="green">current judge</Badge>
            )
          }
        >
          {selected.note ? <p className="mb-3 text-sm text-slate-600">{selected.note}</p> : null}
          {selected.adaptation ? <AdaptationNote adaptation={selected.adaptation} /> : null}
          <pre className="whitespace-pre-wrap break-words rounded-lg bg-slate-50 p-3 font-mono text-xs leading-relaxed text-slate-800" data-testid="version-instruction">
            {selected.instruction}
          </pre>
          {isAdmin ? (
            <div className="mt-4">
              <ExportLinks promptId={selected.id} />
            </div>
          ) : null}
        </Card>
        <Card
          title="Changes"
          action={
            versions.length > 1 ? (
              <label className="flex items-center gap-2 text-sm text-slate-600">
                against
                <select className="rounded-md border border-slate-300 px-2 py-1 text-sm" value={against?.id ?? ""} onChange={(event) => setAgainstId(Number(event.target.value))}>
                  {against ? null : (
                    <option value="" disabled>
                      pick a version
                    </option>
                  )}
                  {versions
                    .filter((version) => version.id !== selected.id)
                    .map((version) => (
                      <option key={version.id} value={version.id}>
                        v{version.id} ({version.origin})
                      </option>
                    ))}
                </select>
              </label>
            ) : null
          }
        >
          {against ? (
            <InstructionDiff parts={parts} testId="version-diff" />
          ) : (
            <p className="text-sm text-slate-500">
              {versions.length > 1
                ? "The seed has no parent: pick a version to compare with."
                : "This is the only version so far: a saved edit or an optimizer run makes the next one to compare with."}
            </p>
          )}
        </Card>
      </div>
    </div>
  );
}

const modelName = (model: { label: string | null; model: string }) => model.label ?? model.model;

/** What a version adapted for another model measured on test, against the reference model. */
function AdaptationNote({ adaptation }: { adaptation: VersionAdaptation }) {
  const { measured } = adaptation;
  return (
    <p className="mb-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="version-adaptation">
      Adapted for <b>{modelName(adaptation.adaptedFor)}</b> ({adaptation.adaptedFor.model})
      {measured
        ? `: on test, NMSE ${formatNumber(measured.before.nmse)} → ${formatNumber(measured.after.nmse)} and JSON-valid ${formatPercent(measured.before.jsonValidRate)} → ${formatPercent(measured.after.jsonValidRate)}${
            measured.reference ? `; reference ${modelName(measured.reference)}: NMSE ${formatNumber(measured.reference.nmse)}, ${formatPercent(measured.reference.jsonValidRate)} JSON-valid` : ""
          }.`
        : adaptation.reference
          ? `; its run did not measure it against ${modelName(adaptation.reference)} on test (it was still running or ended early).`
          : "."}
    </p>
  );
}
