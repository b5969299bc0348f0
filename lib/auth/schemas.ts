import { z } from "zod";
import { roles } from "@/db/schema";
import { scriptsOf } from "./username";

export const credentialsSchema = z.object({
  username: z.string().trim().min(1, "enter your username").max(80),
  password: z.string().min(1, "enter your password").max(200),
});

const password = z.string().min(10, "use at least 10 characters").max(200, "keep the password under 200 characters");

export const newUserSchema = z.object({
  username: z
    .string()
    .trim()
    .min(2, "use at least 2 characters")
    .max(40)
    .regex(/^[\p{L}\p{N}._ -]+$/u, "use letters, digits, spaces, dots, dashes or underscores")
    .refine((name) => scriptsOf(name).length <= 1, "use letters from one alphabet: a name that mixes alphabets can pass for someone else's"),
  password,
  role: z.enum(roles).default("labeler"),
  adjudicator: z.boolean().default(false),
});

export const userChangeSchema = z.object({ adjudicator: z.boolean() });

export const passwordSchema = z.object({ password });
