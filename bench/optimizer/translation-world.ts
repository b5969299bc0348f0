// A sixth benchmark task as the simulated model knows it: Spanish translations of an app's English
// interface text, rated by localization reviewers on how ready they are to ship. Written after the
// optimizer's settings were last changed and not used to tune them. Its judge, left alone, likes a
// translation that adds a fluent flourish and dislikes a bracketed translator's note; the reviewers
// penalise the one and reward the other. One criterion (a broken placeholder) is rare.
import type { Criterion, SimWorld } from "@/lib/llm/sim/world";

export const translationCriteria: Criterion[] = [
  {
    id: "placeholder",
    mentioned: /placeholders?|curly braces/i,
    inFeedback: /placeholder|variable|breaks the (app|build|string)/i,
    statement: "A translation that drops or renames a placeholder in curly braces breaks the app and scores 1.",
  },
  {
    id: "numbers",
    mentioned: /changes? a number|numbers? (from|in) the source|digits?/i,
    inFeedback: /\bnumbers?\b|digits?|wrong count/i,
    statement: "A translation that changes a number from the source, such as a count of days, is wrong and scores at most 2.",
  },
  {
    id: "embellish",
    mentioned: /add(s|ed|ing)? (content|slogans?|sentences?)|embellish|flourish/i,
    inFeedback: /embellish|added (a |an )?(line|slogan|claim|sentence)|not in the (source|original)|invent/i,
    statement: "A translation must not add content the source does not have: an added slogan or flourish loses a point, however fluent it reads.",
  },
  {
    id: "formality",
    mentioned: /usted|formal address|address(es|ing)? the user informally|informal (address|register)/i,
    inFeedback: /\btú\b|usted|informal|too casual|register/i,
    statement: "The style guide asks for formal address (usted): a translation that addresses the user informally with tú loses most of a point.",
  },
  {
    id: "glossary",
    mentioned: /glossary|product names?|stays? in English/i,
    inFeedback: /glossary|product name|stay in English|termbase/i,
    statement: "Product names from the glossary (Dashboard, Workspace, Inbox, Smart Filters, Autopay) stay in English; a translation that translates one scores at most 3.",
  },
  {
    id: "tnote",
    mentioned: /translator'?s note|N\. del T/i,
    inFeedback: /translator'?s note|ambigu/i,
    statement: "Reward a translator's note in brackets (N. del T.) that explains the choice of a term the source leaves open; it is not clutter.",
  },
  {
    id: "idiom",
    mentioned: /idioms?\b|word for word|natural equivalent/i,
    inFeedback: /idiom|word[- ]for[- ]word|literal|calque/i,
    statement: "When the source uses an idiom, reward a natural Spanish equivalent; an idiom translated word for word loses half a point.",
  },
];

/** The app's messages: the English text, its Spanish in [formal|informal] alternatives, a wrong rendering, and the glossary term it holds. */
export const MESSAGES = [
  {
    main: "Your export of {count} reports is ready in the Dashboard.",
    mainEs: "[Su|Tu] exportación de {count} informes está lista en el Dashboard.",
    wrongEs: "[Su|Tu] exportación de {count} informes se ha borrado del Dashboard.",
    wrongKey: "borrado",
    tail: "The download link expires in 7 days.",
    tailEs: "El enlace de descarga caduca en 7 días.",
    tailKey: "enlace de descarga",
    wrongNumber: "17",
    term: { en: "Dashboard", es: "Tablero" },
    note: "[N. del T.: «reports» se traduce como «informes» y no como «reportes», según la guía de estilo.]",
  },
  {
    main: "{name} invited you to join the Workspace.",
    mainEs: "{name} [le ha invitado a unirse|te ha invitado a unirte] al Workspace.",
    wrongEs: "{name} [le ha expulsado|te ha expulsado] del Workspace.",
    wrongKey: "expulsado",
    tail: "The invitation is valid for 14 days.",
    tailEs: "La invitación es válida durante 14 días.",
    tailKey: "invitación es válida",
    wrongNumber: "41",
    term: { en: "Workspace", es: "Espacio de trabajo" },
    note: "[N. del T.: «join» queda como «unirse» y no como «registrarse», porque la cuenta ya existe.]",
  },
  {
    main: "You have {count} unread messages in your Inbox.",
    mainEs: "[Tiene|Tienes] {count} mensajes sin leer en [su|tu] Inbox.",
    wrongEs: "[Ha enviado|Has enviado] {count} mensajes desde [su|tu] Inbox.",
    wrongKey: "enviado",
    tail: "Messages older than 30 days are archived.",
    tailEs: "Los mensajes de más de 30 días se archivan.",
    tailKey: "se archivan",
    wrongNumber: "3",
    term: { en: "Inbox", es: "Bandeja de entrada" },
    note: "[N. del T.: «unread» se traduce como «sin leer», más claro en pantalla que «no leídos».]",
  },
  {
    main: "Turn on Smart Filters to sort {count} new orders.",
    mainEs: "[Active|Activa] Smart Filters para ordenar {count} pedidos nuevos.",
    wrongEs: "[Desactive|Desactiva] Smart Filters para ordenar {count} pedidos nuevos.",
    wrongKey: "Desactiv",
    tail: "Orders are kept for 90 days.",
    tailEs: "Los pedidos se conservan durante 90 días.",
    tailKey: "se conservan",
    wrongNumber: "9",
    term: { en: "Smart Filters", es: "Filtros inteligentes" },
    note: "[N. del T.: «orders» se traduce como «pedidos» y no como «órdenes», que suena a mandato.]",
  },
  {
    main: "Autopay will charge {amount} to your card on {date}.",
    mainEs: "Autopay cargará {amount} en [su|tu] tarjeta el {date}.",
    wrongEs: "Autopay [le devolverá|te devolverá] {amount} el {date}.",
    wrongKey: "devolverá",
    tail: "You can cancel it up to 2 days before.",
    tailEs: "[Puede|Puedes] cancelarlo hasta 2 días antes.",
    tailKey: "cancelarlo hasta",
    wrongNumber: "12",
    term: { en: "Autopay", es: "Pago automático" },
    note: "[N. del T.: «charge» queda como «cargar» y no como «cobrar», como en el resto de la app.]",
  },
] as const;

/** Idioms a source may end with, and their natural and word-for-word Spanish. */
export const IDIOMS = [
  { en: "Setting it up is a piece of cake.", natural: "Configurarlo es pan comido.", literal: "Configurarlo es un pedazo de pastel." },
  { en: "No strings attached.", natural: "Sin compromiso.", literal: "Sin cuerdas atadas." },
  { en: "The ball is in our court now.", natural: "Ahora nos toca a nosotros.", literal: "Ahora la pelota está en nuestra cancha." },
  { en: "We are on the same page.", natural: "Estamos de acuerdo.", literal: "Estamos en la misma página." },
] as const;

/** Lines a fluent but unfaithful translation adds. */
export const FLOURISHES = ["¡Rápido, sencillo y totalmente seguro!", "Todo ello con la máxima calidad y la mejor experiencia posible.", "Una experiencia pensada hasta el último detalle."];

/** The Spanish with its formal or its informal alternatives. */
export const address = (text: string, informal: boolean) => text.replace(/\[([^|\]]*)\|([^\]]*)\]/g, (_, formal: string, casual: string) => (informal ? casual : formal));

const informalWords = (template: string) => [...template.matchAll(/\[[^|\]]*\|([^\]]*)\]/g)].map((match) => match[1]!);
const hasWord = (text: string, word: string) => new RegExp(`(?<!\\p{L})${word}(?!\\p{L})`, "u").test(text);
const placeholdersIn = (text: string) => [...text.matchAll(/\{\w+\}/g)].map((match) => match[0]).sort();
const numbersIn = (text: string) => [...text.matchAll(/\d+/g)].map((match) => match[0]).sort();

export interface TranslationTraits {
  /** 2: says what the source says; 1: leaves its second sentence out; 0: changes its meaning. */
  meaning: 0 | 1 | 2;
  placeholder: boolean;
  numbers: boolean;
  embellish: boolean;
  formality: boolean;
  glossary: boolean;
  tnote: boolean;
  idiom: "none" | "natural" | "literal";
}

/** What a reviewer sees in a translation of a source: the traits the generator put in, read back from the texts. */
export function readTranslationTraits(source: string, translation: string): TranslationTraits {
  const message = MESSAGES.find((candidate) => source.startsWith(candidate.main));
  const idiom = IDIOMS.find((candidate) => source.includes(candidate.en));
  const hasTail = message !== undefined && translation.includes(message.tailKey);
  const informal = message ? [...informalWords(message.mainEs), ...informalWords(message.tailEs), ...informalWords(message.wrongEs)] : [];
  return {
    meaning: !message || translation.includes(message.wrongKey) ? 0 : hasTail ? 2 : 1,
    placeholder: placeholdersIn(source).join() !== placeholdersIn(translation).join(),
    numbers: hasTail && numbersIn(source).join() !== numbersIn(translation).join(),
    embellish: FLOURISHES.some((line) => translation.includes(line)),
    formality: informal.some((word) => hasWord(translation, word)),
    glossary: message !== undefined && !translation.includes(message.term.en),
    tnote: /\[N\. del T\.:/.test(translation),
    idiom: !idiom ? "none" : translation.includes(idiom.natural) ? "natural" : "literal",
  };
}

/** The score of a translation under a set of criteria: all of them for the reviewers, the stated ones for a judge. */
export function translationScoreUnder(traits: TranslationTraits, active: Set<string>): number {
  const on = (id: string) => active.has(id);
  let score = [1.6, 2.9, 4.2][traits.meaning]!;
  // A judge left alone takes an added flourish for fluency and a bracketed note for clutter.
  if (traits.embellish) score += on("embellish") ? -0.9 : 0.5;
  if (traits.tnote) score += on("tnote") ? 0.5 : -0.4;
  if (traits.formality && on("formality")) score -= 0.8;
  if (traits.idiom === "natural" && on("idiom")) score += 0.4;
  if (traits.idiom === "literal") score += on("idiom") ? -0.5 : 0.1;
  if (traits.glossary && on("glossary")) score = Math.min(score, 3);
  if (traits.numbers && on("numbers")) score = Math.min(score, 2);
  if (traits.placeholder && on("placeholder")) score = 1;
  return Math.min(5, Math.max(1, score));
}

export const everyTranslationCriterion = new Set(translationCriteria.map((criterion) => criterion.id));

export const uiTranslationsWorld: SimWorld = {
  id: "ui-translations",
  recognizes: (fields) => "source" in fields && "translation" in fields,
  criteria: translationCriteria,
  assess(fields, active) {
    const traits = readTranslationTraits(fields.source ?? "", fields.translation ?? "");
    const on = (id: string) => active.has(id);
    const notes = [
      ["changes what the source says", "leaves part of the source out", "conveys the source"][traits.meaning],
      traits.embellish ? (on("embellish") ? "it adds a flourish the source does not have" : "it reads smoothly and warmly") : null,
      traits.tnote ? (on("tnote") ? "its translator's note explains a term" : "a bracketed remark clutters it") : null,
      on("placeholder") && traits.placeholder ? "it breaks a placeholder" : null,
      on("numbers") && traits.numbers ? "it changes a number" : null,
      on("formality") && traits.formality ? "it addresses the user informally" : null,
      on("glossary") && traits.glossary ? "it translates a product name" : null,
      on("idiom") && traits.idiom !== "none" ? `it renders the idiom ${traits.idiom === "natural" ? "naturally" : "word for word"}` : null,
    ].filter(Boolean);
    return { score: translationScoreUnder(traits, active), reasoning: `The translation ${notes.join("; ")}.` };
  },
};
