"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { fetchJson } from "@/lib/api-client";
import { formatNumber } from "@/lib/format";
import { DisagreementRow } from "./disagreement-row";
import type { DisagreementJson } from "./types";

const PAGE = 25;
const selectClass = "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm";

interface Props {
  datasetId: number;
  inputFields: string[];
  runs: { id: number; split: string; promptId: number; model: string; nmse: number | null }[];
  /** The run shown when the address names none: the latest by the dataset's judge. */
  defaultRunId: number;
  /** The dataset's judge model: other models' runs are marked as such. */
  judgeModel: string;
  labelers: { id: number; name: string }[];
}

function FilterSelect({ label, value, onChange, options, testId }: { label: string; value: string; onChange: (value: string) => void; options: [string, string][]; testId?: string }) {
  return (
    <label className="flex items-center gap-2">
      {label}
      <select className={selectClass} value={value} onChange={(event) => onChange(event.target.value)} data-testid={testId}>
        {options.map(([optionValue, text]) => (
          <option key={optionValue} value={optionValue}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Disagreements of one run, worst first, with filters kept in the URL. */
export function DisagreementList({ datasetId, inputFields, runs, defaultRunId, judgeModel, labelers }: Props) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const runId = Number(params.get("run") ?? defaultRunId);
  const filters = { direction: params.get("direction") ?? "", minGap: params.get("minGap") ?? "", labelerId: params.get("labelerId") ?? "", split: params.get("split") ?? "" };
  const offset = Number(params.get("offset") ?? 0);
  const query = new URLSearchParams({ ...filters, limit: String(PAGE), offset: String(offset) });
  const result = useQuery({
    queryKey: ["disagreements", runId, query.toString()],
    queryFn: () => fetchJson<{ total: number; rows: DisagreementJson[] }>(`/api/evaluations/${runId}/disagreements?${query}`),
    enabled: runId > 0,
  });

  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== "offset") next.delete("offset");
    router.replace(`${pathname}?${next}`);
  };

  if (runs.length === 0) {
    return (
      <EmptyState
        title="No finished evaluation yet"
        action={
          <Link href={`/datasets/${datasetId}/judge`} className="text-sm font-medium text-indigo-600 hover:underline">
            Evaluate the judge →
          </Link>
        }
      >
        Disagreements come from an evaluation: run the judge on a split first.
      </EmptyState>
    );
  }

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3 rounded-xl border border-slate-200 bg-white px-4 py-3 text-sm" data-testid="disagreement-filters">
        <label className="flex min-w-0 max-w-full items-center gap-2">
          Run
          <select className={`${selectClass} w-full min-w-0 sm:w-auto`} value={runId} onChange={(event) => set("run", event.target.value)}>
            {runs.map((run) => (
              <option key={run.id} value={run.id}>
                #{run.id} · {run.split} · v{run.promptId} · NMSE {formatNumber(run.nmse)}
                {run.model === judgeModel ? "" : ` · ${run.model}`}
              </option>
            ))}
          </select>
        </label>
        <FilterSelect
          label="Direction"
          value={filters.direction}
          onChange={(value) => set("direction", value)}
          testId="filter-direction"
          options={[
            ["", "both"],
            ["lenient", "judge too lenient"],
            ["harsh", "judge too harsh"],
          ]}
        />
        <FilterSelect
          label="Gap at least"
          value={filters.minGap}
          onChange={(value) => set("minGap", value)}
          testId="filter-gap"
          options={[
            ["", "any"],
            ["1", "1"],
            ["2", "2"],
            ["3", "3"],
          ]}
        />
        <FilterSelect
          label="Split"
          value={filters.split}
          onChange={(value) => set("split", value)}
          options={[
            ["", "any"],
            ["train", "train"],
            ["val", "val"],
            ["test", "test"],
          ]}
        />
        <FilterSelect
          label="Labeler"
          value={filters.labelerId}
          onChange={(value) => set("labelerId", value)}
          options={[["", "anyone"], ...labelers.map((labeler): [string, string] => [String(labeler.id), labeler.name])]}
        />
        <span className="ml-auto text-slate-500" data-testid="disagreement-count">
          {result.data ? `${result.data.total} disagreements` : "…"}
        </span>
      </div>
      {result.isError ? <p className="text-sm text-rose-700">{result.error.message}</p> : null}
      {result.data?.rows.length === 0 ? <p className="text-sm text-slate-600">No disagreements match these filters.</p> : null}
      <div className="space-y-4">
        {result.data?.rows.map((row) => (
          <DisagreementRow key={row.exampleId} row={row} datasetId={datasetId} inputFields={inputFields} />
        ))}
      </div>
      {result.data && result.data.total > PAGE ? (
        <div className="flex items-center justify-center gap-3 text-sm">
          <Button variant="secondary" disabled={offset === 0} onClick={() => set("offset", String(Math.max(0, offset - PAGE)))}>
            Previous
          </Button>
          <span className="text-slate-600">
            {offset + 1}–{Math.min(offset + PAGE, result.data.total)} of {result.data.total}
          </span>
          <Button variant="secondary" disabled={offset + PAGE >= result.data.total} onClick={() => set("offset", String(offset + PAGE))}>
            Next
          </Button>
        </div>
      ) : null}
    </div>
  );
}
