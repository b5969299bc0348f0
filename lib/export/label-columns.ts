/** Column names of a labels export; the importer reads them back into the same labelers. */
export const LABEL_COLUMN = "label:";
export const RATIONALE_COLUMN = "rationale:";
/** Computed by Attune for reading; an import ignores it and computes the gold score again. */
export const GOLD_COLUMN = "gold:mean";
