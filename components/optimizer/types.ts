import type { Jsonify } from "@/lib/api-client";
import type { optimizerRunView } from "@/lib/optimizer/run-view";

export type OptimizerRunViewJson = Jsonify<ReturnType<typeof optimizerRunView>>;
