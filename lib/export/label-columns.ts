/** Column names of a labels export; the importer reads them back into the same labelers. */
export const LABEL_COLUMN = "label:";
export const RATIONALE_COLUMN = "rationale:";
/** Computed by Attune for reading; an import ignores it and computes the gold score again. */
export const GOLD_COLUMN = "gold:mean";
/** The adjudicated gold score where someone settled a disagreement; empty elsewhere. Ignored on import too. */
export const ADJUDICATED_COLUMN = "gold:adjudicated";
/** Every column starting with this is computed by Attune and ignored on import. */
export const COMPUTED_PREFIX = "gold:";
