import { buttonClass } from "@/components/ui/button";

export interface VersionChoice {
  id: number;
  origin: string;
  /** Splits this version has a finished evaluation on. */
  splits: string[];
}

const selectClass = "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm";

/** A plain GET form: the comparison is a link a team can share. */
export function CompareForm({ datasetId, versions, a, b, split }: { datasetId: number; versions: VersionChoice[]; a: number; b: number; split: string }) {
  const option = (version: VersionChoice) => (
    <option key={version.id} value={version.id}>
      v{version.id} · {version.origin} · evaluated on {version.splits.join(", ")}
    </option>
  );
  return (
    <form
      method="get"
      action={`/datasets/${datasetId}/versions/compare`}
      className="flex flex-wrap items-end gap-3 rounded-xl border border-slate-200 bg-white px-4 py-3 text-sm"
      data-testid="compare-form"
    >
      {[
        { name: "a", label: "Version A (before)", value: a },
        { name: "b", label: "Version B (after)", value: b },
      ].map((field) => (
        <label key={field.name} className="flex flex-col gap-1">
          <span className="text-xs font-medium text-slate-600">{field.label}</span>
          <select name={field.name} defaultValue={field.value} className={selectClass} data-testid={`compare-${field.name}`}>
            {versions.map(option)}
          </select>
        </label>
      ))}
      <label className="flex flex-col gap-1">
        <span className="text-xs font-medium text-slate-600">Split</span>
        <select name="split" defaultValue={split} className={selectClass} data-testid="compare-split">
          {["val", "test", "train", "all"].map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className={buttonClass("primary")} data-testid="compare-submit">
        Compare
      </button>
    </form>
  );
}
