CREATE TABLE `adjudications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`example_id` integer NOT NULL,
	`score` integer,
	`note` text DEFAULT '' NOT NULL,
	`adjudicator_id` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`example_id`) REFERENCES `examples`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`adjudicator_id`) REFERENCES `labelers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `adjudications_example` ON `adjudications` (`example_id`,`id`);--> statement-breakpoint
ALTER TABLE `users` ADD `adjudicator` integer DEFAULT false NOT NULL;