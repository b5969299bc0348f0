CREATE TABLE `jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`run_id` integer NOT NULL,
	`owner` text,
	`lease_until` integer,
	`claimed_at` integer,
	`finished_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `jobs_kind_run` ON `jobs` (`kind`,`run_id`);--> statement-breakpoint
CREATE INDEX `jobs_open` ON `jobs` (`finished_at`);--> statement-breakpoint
INSERT INTO `jobs` (`kind`, `run_id`) SELECT 'evaluation', `id` FROM `eval_runs` WHERE `status` IN ('queued', 'running');--> statement-breakpoint
INSERT INTO `jobs` (`kind`, `run_id`) SELECT 'optimization', `id` FROM `optimizer_runs` WHERE `status` IN ('queued', 'running');