import { REJECTED_TAG } from "@/lib/optimizer/reflection-prompt";
import { criteria, profileOf, taskBreakers } from "./criteria";
import { hashUnit } from "./text";

interface ParsedExample {
  inputs: string;
  feedback: string;
  gap: number;
}

function parseReflectionRequest(user: string) {
  const instruction = user.match(/<current_instruction>\n([\s\S]*?)\n<\/current_instruction>/)?.[1] ?? "";
  const examples: ParsedExample[] = [...user.matchAll(/<example index="\d+">([\s\S]*?)<\/example>/g)].map((match) => {
    const body = match[1] ?? "";
    const feedback = body.match(/<feedback>\n([\s\S]*?)\n<\/feedback>/)?.[1] ?? "";
    // "judge gave 4, humans 2.0: too lenient by 2.0" → judge minus humans
    const gap = feedback.match(/judge gave (\d), humans ([\d.]+)/);
    return {
      inputs: body.match(/<inputs>\n([\s\S]*?)\n<\/inputs>/)?.[1] ?? "",
      feedback,
      gap: gap ? Number(gap[1]) - Number(gap[2]) : 0,
    };
  });
  return { instruction, examples, isRetry: user.includes(`<${REJECTED_TAG}`) };
}

/** A run of `length` words from an example's text, to show what leakage looks like. */
function copiedSpan(text: string, length: number, pick: number): string | null {
  const words = text.replace(/^### .+$/gm, "").split(/\s+/).filter(Boolean);
  if (words.length < length) return null;
  const start = Math.floor(pick * (words.length - length));
  return words.slice(start, start + length).join(" ");
}

/**
 * The simulated reflection model. It adds the criterion that the feedback talks about most and
 * the instruction does not yet state. Now and then, as real optimizers do, it proposes something
 * a guardrail must catch (another scale, copied example text, another output format), unless it
 * is retrying after such a rejection.
 */
export function simulateReflection(input: { seed: number; user: string }): { content: string } {
  const { instruction, examples, isRetry } = parseReflectionRequest(input.user);
  const roll = hashUnit(input.seed, "reflect", input.user);
  const propose = (text: string) => ({ content: JSON.stringify({ instruction: text }) });

  if (!isRetry && roll < 0.24) {
    const kind = Math.floor((roll / 0.24) * 3);
    if (kind === 0) return propose(`${instruction}\nUse a finer scale from 1 to 10 so that small differences show.`);
    if (kind === 1) {
      const span = copiedSpan(examples[0]?.inputs ?? "", 10, hashUnit(input.seed, "span", input.user));
      if (span) return propose(`${instruction}\nFor example, text such as "${span}" deserves a low score.`);
    }
    return propose(`${instruction}\nAnswer in XML with <score> and <reasoning> tags instead of JSON.`);
  }

  const profile = profileOf([...input.user.matchAll(/^### (.+)$/gm)].map((match) => match[1]!));
  const wrong = examples.filter((example) => Math.abs(example.gap) >= 0.75 || example.feedback.includes("malformed"));
  const evidence = criteria
    .filter((criterion) => criterion.profile === profile && !criterion.mentioned.test(instruction))
    .map((criterion) => ({ criterion, count: wrong.filter((example) => criterion.inFeedback.test(example.feedback)).length }))
    .filter((entry) => entry.count > 0)
    .sort((a, b) => b.count - a.count || hashUnit(input.seed, a.criterion.id, input.user) - hashUnit(input.seed, b.criterion.id, input.user));
  const chosen = evidence[0]?.criterion;
  if (chosen) return propose(`${instruction}\n${chosen.statement}`);

  const meanGap = wrong.length ? wrong.reduce((sum, example) => sum + example.gap, 0) / wrong.length : 0;
  if (meanGap > 0.5 && !taskBreakers.strict.test(instruction)) {
    return propose(`${instruction}\nBe strict: keep the top scores for examples without real flaws.`);
  }
  if (meanGap < -0.5 && !taskBreakers.lenient.test(instruction)) {
    return propose(`${instruction}\nBe generous with small flaws that do not affect the outcome.`);
  }
  return propose(instruction);
}
