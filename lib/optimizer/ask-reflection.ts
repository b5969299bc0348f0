import type { ChatMessage } from "@/lib/llm/request-format";
import type { RunContext } from "./context";
import { proposeInstruction, type Proposal } from "./proposer";
import { REFLECTION_MAX_TOKENS } from "./reflection-prompt";
import { fitsIn, mostThatFit, nextReflectionFit } from "./reflection-fit";

/** A reflection prompt showing these train examples beside the minibatch; `compact`: every example but the minibatch without its inputs. */
export type ReflectionPrompt = (ids: number[], compact: boolean) => { messages: ChatMessage[]; shown: number[] };

const FIT_NOTICE = "the reflection prompt did not fit the reflection model's context window";

/**
 * Asks for a proposal; when the provider refuses the prompt as longer than the model's context
 * window, asks again with fewer of the train examples it showed beside the minibatch, as many as
 * the refusal's figures say fit (`reflection-fit.ts`), down to the minibatch alone, and then with
 * less room for the answer. From the first such refusal on, every example but the minibatch leaves
 * out its inputs: the humans' scores and rationales (and the judge's earlier answers) are what
 * teaches criteria, and many more of them fit. What fits is kept with the run (a resumed run goes on
 * with it) and said once on the run page.
 */
async function reflectWithinContext(context: RunContext, evidenceIds: number[], prompt: ReflectionPrompt): Promise<{ proposal: Proposal; shown: number[] }> {
  for (;;) {
    const fit = context.progress.reflectionWindow;
    const { promptChars } = fit ?? {};
    // As many examples as fit this prompt's characters, when the refusal said how many: examples differ in size, judged ones most.
    const count = promptChars !== undefined ? mostThatFit(evidenceIds.length, (n) => fitsIn(promptChars, prompt(evidenceIds.slice(0, n), true).messages)) : (fit?.evidence ?? evidenceIds.length);
    const { messages, shown } = prompt(evidenceIds.slice(0, count), Boolean(fit));
    const maxTokens = fit?.maxTokens ?? REFLECTION_MAX_TOKENS;
    const proposal = await proposeInstruction(context.client, context.run.config.reflectionModel, messages, context.signal, maxTokens);
    context.progress.reflectionCalls++;
    if (proposal.failure === undefined || !proposal.tooLong) return { proposal, shown };
    const next = nextReflectionFit({
      refusal: proposal.failure,
      refused: messages,
      shown: shown.length,
      // The first refusal: the next prompt leaves the inputs out, so it may show every example again.
      ...(fit ? {} : { most: evidenceIds.length }),
      maxTokens,
      messagesFor: (count) => prompt(evidenceIds.slice(0, count), true).messages,
    });
    if (!next) return { proposal, shown };
    context.progress.reflectionWindow = { ...next, ...(fit?.stride === undefined ? {} : { stride: fit.stride }) };
    const { evidence: kept, maxTokens: room } = next;
    const notice = `${FIT_NOTICE}; it now shows ${next.promptChars === undefined ? "at most" : "as many as fit, at first"} ${kept} train example${kept === 1 ? "" : "s"} beside the minibatch, all but the minibatch without their inputs${room < REFLECTION_MAX_TOKENS ? `, and leaves ${room} tokens for the answer` : ""}`;
    context.progress.notices = [...context.progress.notices.filter((entry) => !entry.startsWith(FIT_NOTICE)), notice];
  }
}

/**
 * One proposal from the reflection model for an iteration. An answer cut off, empty, not JSON or
 * refused is often a bad draw: it is asked once more, with a prompt that shows half the train
 * examples (so another prompt), before the iteration counts as a failed reflection (whose text then
 * says both). A call that failed is not asked again here: the client has retried it.
 */
export async function askReflection(context: RunContext, evidenceIds: number[], prompt: ReflectionPrompt): Promise<{ proposal: Proposal; shown: number[] }> {
  const asked = await reflectWithinContext(context, evidenceIds, prompt);
  // A failed call was retried by the client already; with fewer than 2 examples, half is the same prompt, and its answer would come from the cache.
  if (asked.proposal.failure === undefined || asked.proposal.callFailed || asked.shown.length < 2) return asked;
  const again = await reflectWithinContext(context, evidenceIds.slice(0, Math.floor(asked.shown.length / 2)), prompt);
  if (again.proposal.failure === undefined) return again;
  return { ...again, proposal: { ...again.proposal, failure: `${asked.proposal.failure}; asked again with fewer examples: ${again.proposal.failure}` } };
}
