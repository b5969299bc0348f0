import type { Disagreement } from "@/db/queries/disagreements";
import type { Jsonify } from "@/lib/api-client";
import type { Blinded } from "@/lib/datasets/blind";
import type { evaluationDetail, judgeOverview } from "@/lib/judge/judge-overview";
import type { datasetModelsView } from "@/lib/llm/model-list";

export type DatasetModelsView = Jsonify<ReturnType<typeof datasetModelsView>>;
export type JudgeOverview = Jsonify<ReturnType<typeof judgeOverview>> & { models: DatasetModelsView };
export type EvaluationDetail = Jsonify<ReturnType<typeof evaluationDetail>>;
export type EvalRunJson = EvaluationDetail["run"];
/** What a viewer gets: for a labeler, the humans' side of an example they have not labeled is hidden. */
export type DisagreementJson = Jsonify<Blinded<Disagreement>> | (Jsonify<Disagreement> & { hidden?: false });
