import { describe, expect, it } from "vitest";
import { mappingFromFlags } from "@/lib/cli/import-command";
import { inputFieldWarning, profileColumns } from "./detect";
import { guessMapping } from "./mapping";
import { parseImportFile } from "./parse-file";

const csv = (text: string) => parseImportFile(new TextEncoder().encode(text), "file.csv");

describe("column roles from the data", () => {
  const table = csv(
    [
      "item,question,answer,rater_a,rater_b,notes,fold,uuid",
      "q1,How do I reset it?,Hold the button.,4,5,clear and short,train,0f3a-1",
      "q2,Where is the log?,In /var/log.,2,2,misses the path,val,0f3a-2",
      "q3,Why is it slow?,It is not.,1,,dismissive,test,0f3a-3",
      "q4,Can I export?,Yes via the menu.,3.5,4,,train,0f3a-4",
    ].join("\n"),
  );
  const profiles = profileColumns(table.columns, table.rows);
  const kinds = Object.fromEntries(profiles.map((profile) => [profile.column, profile.kind]));

  it("tells scores, splits, ids and text apart", () => {
    expect(kinds).toEqual({ item: "id", question: "text", answer: "text", rater_a: "score", rater_b: "score", notes: "text", fold: "split", uuid: "id" });
  });

  it("makes every 1–5 column a label whatever its name, and never an input", () => {
    const mapping = guessMapping(table.columns, profiles);
    expect(mapping).toEqual({
      idField: "item",
      inputFields: ["question", "answer"],
      labelFields: [
        { field: "rater_a", labeler: "rater_a" },
        { field: "rater_b", labeler: "rater_b" },
      ],
      rationaleField: "notes",
      splitField: "fold",
    });
  });

  it("by names alone the same file would put the scores in the judge's prompt", () => {
    expect(guessMapping(table.columns).inputFields).toEqual(expect.arrayContaining(["rater_a", "rater_b"]));
  });

  it("the CLI guesses from the first rows too, and its flags still win", () => {
    expect(mappingFromFlags(table.columns, {}, table.rows).labelFields.map((label) => label.field)).toEqual(["rater_a", "rater_b"]);
    expect(mappingFromFlags(table.columns, { "label-fields": "rater_a=Ann" }, table.rows).labelFields).toEqual([{ field: "rater_a", labeler: "Ann" }]);
  });

  it("warns about an input field that looks like scores, ids or bare numbers", () => {
    const numbers = csv("id,text,views\na,x,120\nb,y,7\n");
    const [, text, views] = profileColumns(numbers.columns, numbers.rows);
    expect(views!.kind).toBe("number");
    expect(inputFieldWarning(views)).toMatch(/only numbers/);
    expect(inputFieldWarning(text)).toBeNull();
    expect(inputFieldWarning(profiles.find((profile) => profile.column === "rater_a"))).toMatch(/make it a label/);
    expect(inputFieldWarning(profiles.find((profile) => profile.column === "uuid"))).toMatch(/like an id/);
  });

  it("a column of 1–5 scores with one value off the scale is still a label, so the import names that value", () => {
    const offScale = csv("id,question,rater_a,rater_b\nq1,a,5,4\nq2,b,1,2\nq3,c,5,5\nq4,d,4,6\n");
    const [, , , raterB] = profileColumns(offScale.columns, offScale.rows);
    expect(raterB).toMatchObject({ kind: "score", offScale: ["6"] });
    expect(guessMapping(offScale.columns, profileColumns(offScale.columns, offScale.rows)).labelFields.map((label) => label.field)).toEqual(["rater_a", "rater_b"]);
  });

  it("row numbers, a wider scale and a 0/1 flag are not taken for 1–5 scores", () => {
    const table = csv(["row,stars,text", ...[1, 2, 3, 4, 5, 6].map((row) => `${row},${[2, 9, 10, 7, 1, 9][row - 1]},t${row}`)].join("\n"));
    const [row, stars] = profileColumns(table.columns, table.rows);
    expect(row!.kind).toBe("id");
    expect(stars!.kind).toBe("number");
    const flags = csv("id,flag\na,0\nb,1\nc,1\nd,1\n");
    expect(profileColumns(flags.columns, flags.rows)[1]!.kind).toBe("number");
  });

  it("a label column that is still empty in the first rows keeps its role from its name", () => {
    const empty = csv("id,text,score\na,x,\nb,y,\n");
    expect(guessMapping(empty.columns, profileColumns(empty.columns, empty.rows)).labelFields).toEqual([{ field: "score", labeler: "score" }]);
  });
});
