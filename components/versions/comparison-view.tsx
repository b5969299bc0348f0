"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { Card, Stat } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { formatDelta, formatNumber, showMoreLabel } from "@/lib/format";
import type { Change, VersionComparison } from "@/lib/judge/compare-versions";

type Filter = Change | "all";
const PAGE = 200;
const tone: Record<Change, string> = { fixed: "text-emerald-700", broken: "text-rose-700", unchanged: "text-slate-500" };
const filterKeys: Record<string, Filter> = { f: "fixed", b: "broken", n: "unchanged", a: "all" };

function verdict(comparison: VersionComparison): string {
  const { fixed, broken } = comparison.counts;
  if (fixed + broken === 0) return "B scores every example exactly as A does.";
  const p = comparison.pValue;
  const lean = fixed > broken ? "B is better" : fixed < broken ? "B is worse" : "neither is better";
  return p < 0.05
    ? `${lean}, and a split this lopsided is unlikely by chance (sign test p = ${p < 0.001 ? "< 0.001" : formatNumber(p, 3)}).`
    : `${fixed === broken ? "As many fixed as broken" : `${lean} on more examples`}, but a split like this happens by chance (sign test p = ${formatNumber(p, 2)}): treat it as noise.`;
}

/** The comparison: counts, both NMSEs on the shared examples, a sign test, and the examples by change. */
export function ComparisonView({ datasetId, comparison }: { datasetId: number; comparison: VersionComparison }) {
  const [filter, setFilter] = useState<Filter>(comparison.counts.broken > 0 ? "broken" : "fixed");
  const [shown, setShown] = useState(PAGE);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (event.ctrlKey || event.metaKey || event.altKey || ["INPUT", "SELECT", "TEXTAREA"].includes(target?.tagName ?? "")) return;
      const next = filterKeys[event.key];
      if (!next) return;
      setFilter(next);
      setShown(PAGE);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  const { runA, runB, counts } = comparison;
  const rows = comparison.examples.filter((example) => filter === "all" || example.change === filter);
  const buttons: { key: Filter; label: string; count: number; hotkey: string }[] = [
    { key: "fixed", label: "fixed", count: counts.fixed, hotkey: "f" },
    { key: "broken", label: "broken", count: counts.broken, hotkey: "b" },
    { key: "unchanged", label: "unchanged", count: counts.unchanged, hotkey: "n" },
    { key: "all", label: "all", count: comparison.examples.length, hotkey: "a" },
  ];
  return (
    <div className="space-y-4" data-testid="comparison">
      <Card>
        <div className="grid gap-6 md:grid-cols-5">
          <Stat
            label={
              <>
                NMSE · A (<span className="normal-case">v{runA.promptId}</span>)
              </>
            }
            value={formatNumber(runA.nmse)}
            hint={`evaluation #${runA.id}`}
          />
          <Stat
            label={
              <>
                NMSE · B (<span className="normal-case">v{runB.promptId}</span>)
              </>
            }
            value={formatNumber(runB.nmse)}
            hint={`evaluation #${runB.id} · ${formatDelta(runB.nmse - runA.nmse)}`}
          />
          <Stat
            label="Fixed"
            value={
              <span className="text-emerald-700" data-testid="count-fixed">
                {counts.fixed}
              </span>
            }
            hint="smaller error with B"
          />
          <Stat
            label="Broken"
            value={
              <span className="text-rose-700" data-testid="count-broken">
                {counts.broken}
              </span>
            }
            hint="larger error with B"
          />
          <Stat label="Unchanged" value={<span data-testid="count-unchanged">{counts.unchanged}</span>} hint={`of ${comparison.examples.length} shared ${comparison.split} examples`} />
        </div>
        <p className="mt-4 text-sm text-slate-700" data-testid="sign-test">
          {verdict(comparison)}
        </p>
      </Card>
      <div className="flex flex-wrap items-center gap-2 text-sm" role="tablist">
        {buttons.map((button) => (
          <Button
            key={button.key}
            variant={filter === button.key ? "primary" : "secondary"}
            className="py-1 text-xs"
            onClick={() => (setFilter(button.key), setShown(PAGE))}
            data-testid={`filter-${button.key}`}
            aria-selected={filter === button.key}
            role="tab"
          >
            {button.label} {button.count} <kbd className="ml-1">{button.hotkey}</kbd>
          </Button>
        ))}
      </div>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-500">No {filter} examples.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full rounded-xl border border-slate-200 bg-white text-sm" data-testid="comparison-table">
            <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="px-3 py-2 font-medium">Example</th>
                <th className="px-3 py-2 font-medium">Humans</th>
                <th className="px-3 py-2 font-medium">A · v{runA.promptId}</th>
                <th className="px-3 py-2 font-medium">B · v{runB.promptId}</th>
                <th className="px-3 py-2 font-medium">Squared error A → B</th>
                <th className="px-3 py-2 font-medium">Change</th>
                <th className="px-3 py-2" />
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, shown).map((example) => (
                <tr key={example.exampleId} className="border-t border-slate-100" data-testid="compared-example" data-change={example.change}>
                  <td className="px-3 py-1.5 font-mono text-xs">{example.externalId}</td>
                  <td className="px-3 py-1.5 tabular-nums">{formatNumber(example.gold, 1)}</td>
                  <td className="px-3 py-1.5 tabular-nums">{example.a ?? <span className="text-rose-700">malformed</span>}</td>
                  <td className="px-3 py-1.5 tabular-nums">{example.b ?? <span className="text-rose-700">malformed</span>}</td>
                  <td className="px-3 py-1.5 tabular-nums text-slate-600">
                    {formatNumber(example.errorA)} → {formatNumber(example.errorB)}
                  </td>
                  <td className={`px-3 py-1.5 font-medium ${tone[example.change]}`}>{example.change}</td>
                  <td className="px-3 py-1.5 text-right">
                    <Link href={`/datasets/${datasetId}/label?example=${example.exampleId}`} className="text-xs text-indigo-600 hover:underline">
                      Open →
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {rows.length > shown ? (
        <Button variant="secondary" onClick={() => setShown((count) => count + PAGE)}>
          {showMoreLabel(PAGE, rows.length - shown)}
        </Button>
      ) : null}
    </div>
  );
}
