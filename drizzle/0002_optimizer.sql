CREATE TABLE `feedback_bullets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`dataset_id` integer NOT NULL,
	`run_id` integer NOT NULL,
	`example_id` integer NOT NULL,
	`direction` text NOT NULL,
	`magnitude` real NOT NULL,
	`generated_text` text NOT NULL,
	`edited_text` text,
	`rule` text,
	`status` text DEFAULT 'proposed' NOT NULL,
	`reviewer_id` integer,
	`reviewed_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`dataset_id`) REFERENCES `datasets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`run_id`) REFERENCES `eval_runs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`example_id`) REFERENCES `examples`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`reviewer_id`) REFERENCES `labelers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `feedback_run_example` ON `feedback_bullets` (`run_id`,`example_id`);--> statement-breakpoint
CREATE INDEX `feedback_dataset` ON `feedback_bullets` (`dataset_id`,`status`);--> statement-breakpoint
CREATE TABLE `optimizer_candidates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_id` integer NOT NULL,
	`index` integer NOT NULL,
	`instruction` text NOT NULL,
	`parent_index` integer,
	`val_scores` text NOT NULL,
	`val_nmse` real NOT NULL,
	`iteration` integer NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `optimizer_runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `optimizer_candidates_run_index` ON `optimizer_candidates` (`run_id`,`index`);--> statement-breakpoint
CREATE TABLE `optimizer_iterations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_id` integer NOT NULL,
	`iteration` integer NOT NULL,
	`parent_index` integer NOT NULL,
	`minibatch` text NOT NULL,
	`parent_scores` text NOT NULL,
	`child_scores` text,
	`outcome` text NOT NULL,
	`child_index` integer,
	`proposal` text,
	`guardrail_attempts` text NOT NULL,
	`metric_calls_used` integer NOT NULL,
	`reflection_calls` integer NOT NULL,
	`child_val_nmse` real,
	`best_val_nmse` real NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `optimizer_runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `optimizer_iterations_run_iteration` ON `optimizer_iterations` (`run_id`,`iteration`);--> statement-breakpoint
CREATE TABLE `optimizer_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`dataset_id` integer NOT NULL,
	`seed_prompt_id` integer NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`config` text NOT NULL,
	`train_ids` text NOT NULL,
	`val_ids` text NOT NULL,
	`test_ids` text NOT NULL,
	`metric_calls_used` integer DEFAULT 0 NOT NULL,
	`reflection_calls` integer DEFAULT 0 NOT NULL,
	`iterations` integer DEFAULT 0 NOT NULL,
	`accepted` integer DEFAULT 0 NOT NULL,
	`rejected_by_guardrails` text NOT NULL,
	`best_candidate` integer,
	`val_nmse_before` real,
	`val_nmse_after` real,
	`test_nmse_before` real,
	`test_nmse_after` real,
	`best_prompt_id` integer,
	`stop_reason` text,
	`error` text,
	`cancel_requested` integer DEFAULT false NOT NULL,
	`heartbeat_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`dataset_id`) REFERENCES `datasets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`seed_prompt_id`) REFERENCES `prompt_versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `optimizer_runs_dataset` ON `optimizer_runs` (`dataset_id`);