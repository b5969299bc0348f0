ALTER TABLE `judgments` ADD `first_problem` text;--> statement-breakpoint
ALTER TABLE `judgments` ADD `first_answer` text;