ALTER TABLE `eval_runs` ADD `reasked` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `optimizer_runs` ADD `judge_reasks` integer DEFAULT 0 NOT NULL;