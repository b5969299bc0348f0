import { z } from "zod";
import type { InputIssue } from "@/lib/errors";
import { COMPUTED_PREFIX, LABEL_COLUMN, RATIONALE_COLUMN } from "@/lib/export/label-columns";
import type { ColumnProfile } from "./detect";

/** Which columns of a file play which role. Shared by the import form, the route and the CLI. */
export const importMappingSchema = z.object({
  idField: z.string().min(1, "choose the column that holds each example's id"),
  inputFields: z.array(z.string().min(1).max(200)).min(1, "choose at least one input field").max(50, "choose at most 50 input fields"),
  labelFields: z
    .array(
      z.object({
        field: z.string().min(1),
        labeler: z.string().trim().min(1, "a labeler needs a name").max(80),
        /** This labeler's own rationale column; the top-level rationaleField belongs to the first label. */
        rationaleField: z.string().min(1).optional(),
      }),
    )
    .max(50, "choose at most 50 label fields")
    .default([]),
  rationaleField: z.string().min(1).optional(),
  splitField: z.string().min(1).optional(),
});
export type ImportMapping = z.infer<typeof importMappingSchema>;

/** Checks that every chosen column exists and that no column plays two roles. */
export function checkMapping(mapping: ImportMapping, columns: string[]): InputIssue[] {
  const issues: InputIssue[] = [];
  const known = new Set(columns);
  const roles = new Map<string, string>();
  const claim = (field: string, role: string) => {
    if (!known.has(field)) {
      issues.push({ field, message: `the file has no column named "${field}" (its columns: ${columns.join(", ")})` });
      return;
    }
    const previous = roles.get(field);
    if (previous) issues.push({ field, message: `is chosen both as ${previous} and as ${role}` });
    roles.set(field, role);
  };
  claim(mapping.idField, "the id");
  mapping.inputFields.forEach((field) => claim(field, "an input field"));
  mapping.labelFields.forEach((label) => {
    claim(label.field, "a label field");
    if (label.rationaleField) claim(label.rationaleField, `the rationale of ${label.labeler}`);
  });
  if (mapping.rationaleField) claim(mapping.rationaleField, "the rationale");
  if (mapping.splitField) claim(mapping.splitField, "the split");
  if (mapping.rationaleField && mapping.labelFields.length === 0) {
    issues.push({ field: mapping.rationaleField, message: "a rationale belongs to a label; choose a label field too" });
  }
  const labelers = mapping.labelFields.map((label) => label.labeler);
  const duplicate = labelers.find((name, index) => labelers.indexOf(name) !== index);
  if (duplicate) issues.push({ message: `two label fields are given the same labeler "${duplicate}"` });
  return issues;
}

const idNames = ["id", "example_id", "exampleid", "uid", "key", "_id", "item_id"];
const splitNames = ["split", "partition", "set"];
const labelPattern = /^(score|label|rating|gold|human_score|human|grade)$|(_score|_rating|_label)$/i;
const rationalePattern = /rationale|reason|explanation|comment|justification|notes?$/i;

/**
 * A file Attune exported with its labels ("label:NAME", "rationale:NAME", "gold:…") maps back to
 * the same labelers and rationales; the gold columns are ignored: the import computes the mean again,
 * and an adjudication is a decision made in Attune, not a label.
 */
function exportedLabelsMapping(columns: string[]): ImportMapping | null {
  const labelColumns = columns.filter((column) => column.startsWith(LABEL_COLUMN) && column.length > LABEL_COLUMN.length);
  if (labelColumns.length === 0 || !columns.includes("id")) return null;
  const labelFields = labelColumns.map((field) => {
    const labeler = field.slice(LABEL_COLUMN.length);
    const rationale = `${RATIONALE_COLUMN}${labeler}`;
    return { field, labeler, ...(columns.includes(rationale) ? { rationaleField: rationale } : {}) };
  });
  const taken = new Set(["id", "split", ...labelFields.flatMap((label) => [label.field, label.rationaleField])]);
  return {
    idField: "id",
    inputFields: columns.filter((column) => !taken.has(column) && !column.startsWith(COMPUTED_PREFIX)),
    labelFields,
    splitField: columns.includes("split") ? "split" : undefined,
  };
}

/**
 * A first guess at the roles from the column names and, given profiles of the first rows, from
 * the values: a column of numbers from 1 to 5 is a label whatever its name, a column of unique
 * short values is the id, train/val/test is the split. The person confirms or changes it.
 */
export function guessMapping(columns: string[], profiles?: ColumnProfile[]): ImportMapping {
  const exported = exportedLabelsMapping(columns);
  if (exported) return exported;
  const kind = (column: string) => profiles?.find((profile) => profile.column === column)?.kind;
  const lower = columns.map((column) => column.toLowerCase());
  const pick = (names: string[]) => columns[lower.findIndex((column) => names.includes(column))];
  const idField = pick(idNames) ?? columns.find((column) => kind(column) === "id") ?? columns[0] ?? "";
  const splitField = [pick(splitNames), ...columns.filter((column) => kind(column) === "split")].find((column) => column !== undefined && column !== idField);
  // A score-named column of other numbers stays a label, so the import says which value is off the scale.
  const scoreLike = (column: string) => (profiles ? kind(column) === "score" || (labelPattern.test(column) && kind(column) !== "text" && kind(column) !== "split") : labelPattern.test(column));
  const labelColumns = columns.filter((column) => column !== idField && column !== splitField && scoreLike(column));
  const rationaleField =
    labelColumns.length > 0 ? columns.find((column) => rationalePattern.test(column) && !labelColumns.includes(column) && column !== idField && (!profiles || kind(column) === "text")) : undefined;
  const taken = new Set([idField, splitField, rationaleField, ...labelColumns]);
  // Ids and empty columns give a judge nothing to read; the person can still add them.
  const ignored = (column: string) => kind(column) === "id" || kind(column) === "empty";
  return {
    idField,
    inputFields: columns.filter((column) => !taken.has(column) && !ignored(column)),
    labelFields: labelColumns.map((field) => ({ field, labeler: field })),
    rationaleField,
    splitField,
  };
}
