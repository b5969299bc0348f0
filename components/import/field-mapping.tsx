"use client";

import { useRef, type KeyboardEvent } from "react";
import { describeColumn, inputFieldWarning, type ColumnProfile } from "@/lib/import/detect";
import type { ImportMapping } from "@/lib/import/mapping";

const selectClass = "w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm focus:border-indigo-500 focus:outline-none";

type Role = "ignore" | "id" | "input" | "label" | "rationale" | "split";

/** One key per role on a focused row; arrows move between rows. */
const ROLE_KEYS: Record<string, Role> = { d: "id", i: "input", l: "label", r: "rationale", s: "split", x: "ignore" };

/** Choose which column is the id, the inputs, the labels (one labeler each), the rationale and the split. */
export function FieldMapping({
  columns,
  profiles = [],
  mapping,
  onChange,
  fixedInputs,
}: {
  columns: string[];
  /** What each column's first values look like, shown beside it. */
  profiles?: ColumnProfile[];
  mapping: ImportMapping;
  onChange: (mapping: ImportMapping) => void;
  /** Importing into an existing dataset: its input fields, which the file must carry. */
  fixedInputs?: string[];
}) {
  const rows = useRef<(HTMLTableRowElement | null)[]>([]);
  const roleOf = (column: string): Role => {
    if (column === mapping.idField) return "id";
    if (mapping.inputFields.includes(column)) return "input";
    if (mapping.labelFields.some((label) => label.field === column)) return "label";
    if (column === mapping.rationaleField || mapping.labelFields.some((label) => label.rationaleField === column)) return "rationale";
    if (column === mapping.splitField) return "split";
    return "ignore";
  };

  const ownerOf = (column: string) => mapping.labelFields.find((label) => label.rationaleField === column)?.labeler;

  // A column has exactly one role: choosing one takes the column out of every other.
  function setRole(column: string, role: Role) {
    const next: ImportMapping = {
      idField: mapping.idField === column ? "" : mapping.idField,
      inputFields: mapping.inputFields.filter((field) => field !== column),
      labelFields: mapping.labelFields.filter((label) => label.field !== column).map((label) => (label.rationaleField === column ? { field: label.field, labeler: label.labeler } : label)),
      rationaleField: mapping.rationaleField === column ? undefined : mapping.rationaleField,
      splitField: mapping.splitField === column ? undefined : mapping.splitField,
    };
    if (role === "id") next.idField = column;
    else if (role === "input") next.inputFields = columns.filter((candidate) => candidate === column || next.inputFields.includes(candidate));
    else if (role === "label") next.labelFields = [...next.labelFields, { field: column, labeler: column }];
    else if (role === "rationale") next.rationaleField = column;
    else if (role === "split") next.splitField = column;
    onChange(next);
  }

  function onRowKey(event: KeyboardEvent<HTMLTableRowElement>, index: number, column: string, inputLocked: boolean) {
    if (event.target !== event.currentTarget || event.metaKey || event.ctrlKey || event.altKey) return;
    const move = event.key === "ArrowDown" || event.key === "j" ? 1 : event.key === "ArrowUp" || event.key === "k" ? -1 : 0;
    if (move !== 0) {
      event.preventDefault();
      rows.current[Math.min(columns.length - 1, Math.max(0, index + move))]?.focus();
      return;
    }
    const role = ROLE_KEYS[event.key.toLowerCase()];
    if (!role || (role === "input" && inputLocked)) return;
    event.preventDefault();
    setRole(column, role);
  }

  return (
    <div className="space-y-2">
      <p className="text-xs text-slate-500">
        Roles are guessed from the names and the first rows&apos; values. Keyboard: focus a row (Tab), then <kbd>d</kbd> id, <kbd>i</kbd> input, <kbd>l</kbd> label, <kbd>r</kbd> rationale,{" "}
        <kbd>s</kbd> split, <kbd>x</kbd> ignore; <kbd>↑</kbd> <kbd>↓</kbd> move.
      </p>
      <table className="w-full text-sm" data-testid="field-mapping">
        <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="pb-2 font-medium">Column</th>
            <th className="pb-2 font-medium">Looks like</th>
            <th className="pb-2 font-medium">Role</th>
            <th className="pb-2 font-medium">Labeler name</th>
          </tr>
        </thead>
        <tbody>
          {columns.map((column, index) => {
            const role = roleOf(column);
            const label = mapping.labelFields.find((candidate) => candidate.field === column);
            const inputLocked = fixedInputs !== undefined && !fixedInputs.includes(column);
            const profile = profiles.find((candidate) => candidate.column === column);
            const warning = role === "input" ? inputFieldWarning(profile) : null;
            return (
              <tr
                key={column}
                ref={(element) => void (rows.current[index] = element)}
                tabIndex={0}
                onKeyDown={(event) => onRowKey(event, index, column, inputLocked)}
                className="border-t border-slate-100 align-top focus:bg-indigo-50 focus:outline-none"
                data-testid={`mapping-row-${column}`}
              >
                <td className="py-1.5 pr-3 font-mono text-xs text-slate-800">
                  {column}
                  {warning ? (
                    <div className="mt-1 max-w-xs font-sans text-[11px] text-amber-800" data-testid={`input-warning-${column}`}>
                      ⚠ {warning}
                    </div>
                  ) : null}
                </td>
                <td className={`py-1.5 pr-3 text-xs ${profile?.offScale.length ? "text-amber-800" : "text-slate-500"}`} data-testid={`kind-${column}`}>
                  {profile ? describeColumn(profile) : "—"}
                </td>
                <td className="w-44 py-1.5 pr-3">
                  <select className={selectClass} value={role} onChange={(event) => setRole(column, event.target.value as Role)} aria-label={`Role of ${column}`} data-testid={`role-${column}`}>
                    <option value="ignore">ignore</option>
                    <option value="id">id</option>
                    <option value="input" disabled={inputLocked}>
                      input field
                    </option>
                    <option value="label">label (score 1–5)</option>
                    <option value="rationale">rationale</option>
                    <option value="split">split</option>
                  </select>
                </td>
                <td className="py-1.5">
                  {ownerOf(column) ? <span className="text-xs text-slate-500">rationale of {ownerOf(column)}</span> : null}
                  {label ? (
                    <input
                      className={selectClass}
                      value={label.labeler}
                      aria-label={`Labeler for ${column}`}
                      onChange={(event) =>
                        onChange({
                          ...mapping,
                          labelFields: mapping.labelFields.map((candidate) => (candidate.field === column ? { ...candidate, labeler: event.target.value } : candidate)),
                        })
                      }
                    />
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
