import type { InputIssue } from "@/lib/errors";

/** Row-level problems of an upload or form, as a table a person can fix the file from. */
export function IssueList({ message, issues, total }: { message: string; issues: InputIssue[]; total?: number }) {
  return (
    <div role="alert" data-testid="import-errors" className="rounded-lg border border-rose-200 bg-rose-50 p-4">
      <p className="text-sm font-medium text-rose-800">{message}</p>
      {issues.length > 0 ? (
        <div className="mt-3 max-h-80 overflow-auto rounded border border-rose-100 bg-white">
          <table className="w-full text-left text-sm">
            <thead className="sticky top-0 bg-rose-50/95 text-xs uppercase tracking-wide text-rose-700">
              <tr>
                <th className="px-3 py-1.5 font-medium">Line</th>
                <th className="px-3 py-1.5 font-medium">Field</th>
                <th className="px-3 py-1.5 font-medium">Problem</th>
              </tr>
            </thead>
            <tbody>
              {issues.map((issue, index) => (
                <tr key={index} className="border-t border-rose-50" data-testid="import-error-row">
                  <td className="px-3 py-1.5 tabular-nums text-slate-700">{issue.line ?? "—"}</td>
                  <td className="px-3 py-1.5 font-mono text-xs text-slate-700">{issue.field ?? "—"}</td>
                  <td className="px-3 py-1.5 text-slate-800">{issue.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {total !== undefined && total > issues.length ? <p className="mt-2 text-xs text-rose-700">…and {total - issues.length} more problems not listed.</p> : null}
    </div>
  );
}
